#include "sensing/option_message.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "sensing/option_annotations.pb.h"

namespace sentio {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::StatusOr<OptionSpec> OptionSpecOf(const FieldDescriptor& field) {
  auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat("options message ",
                                                   field.containing_type()->full_name(),
                                                   ": field '", field.name(), "' ", what));
  };
  if (field.is_repeated()) return error("is repeated; options are single values");
  OptionSpec spec;
  spec.name = field.name();
  spec.required = field.options().GetExtension(sentio::required);
  const bool has_default = field.has_default_value();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      if (field.type() == FieldDescriptor::TYPE_BYTES) return error("is bytes; use string");
      spec.type = OptionType::kString;
      if (has_default) spec.default_value = OptionValue(field.default_value_string());
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      spec.type = OptionType::kString;
      for (int i = 0; i < field.enum_type()->value_count(); ++i) {
        spec.choices.push_back(field.enum_type()->value(i)->name());
      }
      if (has_default) spec.default_value = OptionValue(field.default_value_enum()->name());
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      spec.type = OptionType::kInt;
      spec.min_int = std::numeric_limits<int32_t>::min();
      spec.max_int = std::numeric_limits<int32_t>::max();
      if (has_default) spec.default_value = OptionValue(int64_t{field.default_value_int32()});
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      spec.type = OptionType::kInt;
      if (has_default) spec.default_value = OptionValue(int64_t{field.default_value_int64()});
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      spec.type = OptionType::kInt;
      spec.min_int = 0;
      spec.max_int = std::numeric_limits<uint32_t>::max();
      if (has_default) spec.default_value = OptionValue(int64_t{field.default_value_uint32()});
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      spec.type = OptionType::kInt;
      spec.min_int = 0;
      if (has_default) {
        if (field.default_value_uint64() > uint64_t{std::numeric_limits<int64_t>::max()}) {
          return error("has a default beyond the int64 range");
        }
        spec.default_value = OptionValue(static_cast<int64_t>(field.default_value_uint64()));
      }
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      spec.type = OptionType::kDouble;
      if (has_default) spec.default_value = OptionValue(double{field.default_value_float()});
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      spec.type = OptionType::kDouble;
      if (has_default) spec.default_value = OptionValue(field.default_value_double());
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      spec.type = OptionType::kBool;
      if (has_default) spec.default_value = OptionValue(field.default_value_bool());
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return error("is a message; options are scalars");
  }
  if (spec.required && spec.default_value) return error("is required and has a default");
  return spec;
}

}  // namespace

absl::StatusOr<std::vector<OptionSpec>> OptionSpecsOf(const Descriptor& message) {
  if (message.file()->syntax() != google::protobuf::FileDescriptor::SYNTAX_PROTO2) {
    return absl::InvalidArgumentError(
        absl::StrCat("options message ", message.full_name(),
                     " must be proto2 (its fields need presence and defaults)"));
  }
  std::vector<OptionSpec> specs;
  for (int i = 0; i < message.field_count(); ++i) {
    absl::StatusOr<OptionSpec> spec = OptionSpecOf(*message.field(i));
    if (!spec.ok()) return spec.status();
    specs.push_back(*std::move(spec));
  }
  return specs;
}

void FillOptionsMessage(const StageContext& context, Message& message) {
  const Descriptor& descriptor = *message.GetDescriptor();
  const Reflection& reflection = *message.GetReflection();
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const FieldDescriptor* field = descriptor.field(i);
    if (!context.HasOption(field->name())) continue;
    const std::string& name = field->name();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        reflection.SetString(&message, field, context.GetString(name));
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        reflection.SetEnum(&message, field,
                           field->enum_type()->FindValueByName(context.GetString(name)));
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        reflection.SetInt32(&message, field, static_cast<int32_t>(context.GetInt(name)));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        reflection.SetInt64(&message, field, context.GetInt(name));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        reflection.SetUInt32(&message, field, static_cast<uint32_t>(context.GetInt(name)));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        reflection.SetUInt64(&message, field, static_cast<uint64_t>(context.GetInt(name)));
        break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        reflection.SetFloat(&message, field, static_cast<float>(context.GetDouble(name)));
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        reflection.SetDouble(&message, field, context.GetDouble(name));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        reflection.SetBool(&message, field, context.GetBool(name));
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        break;  // OptionSpecsOf refuses such messages at registration
    }
  }
}

}  // namespace sentio
