#include "sensing/node_options.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "sensing/graph_config_reader.h"

namespace sentio {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

graph::Option NamedOption(const Message& message, const FieldDescriptor& field) {
  const Reflection& reflection = *message.GetReflection();
  graph::Option option;
  option.set_name(field.name());
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      option.set_string_value(reflection.GetString(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      option.set_string_value(reflection.GetEnum(message, &field)->name());
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      option.set_int_value(reflection.GetInt32(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      option.set_int_value(reflection.GetInt64(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      option.set_int_value(reflection.GetUInt32(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      // Beyond int64: wraps negative, which validation's range check refuses.
      option.set_int_value(static_cast<int64_t>(reflection.GetUInt64(message, &field)));
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      option.set_double_value(reflection.GetFloat(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      option.set_double_value(reflection.GetDouble(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      option.set_bool_value(reflection.GetBool(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;  // the registry refuses options messages with message fields
  }
  return option;
}

absl::Status ExpandNode(const StageRegistry& registry, graph::Node& node) {
  if (node.node_options().empty()) return absl::OkStatus();
  absl::StatusOr<const StageType*> type = registry.Find(node.stage());
  if (!type.ok()) return absl::OkStatus();  // validation names the unknown stage type
  if (node.node_options_size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(NodeLabel(node), ": node_options holds ", node.node_options_size(),
                     " messages; a node takes one, of its stage's options type"));
  }
  const google::protobuf::Any& any = node.node_options(0);
  const Descriptor* expected = (*type)->contract.options_message;
  std::string found;
  if (!google::protobuf::Any::ParseAnyTypeUrl(any.type_url(), &found)) found = any.type_url();
  if (expected == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        NodeLabel(node), ": node_options holds ", found,
        ", but the stage declares no options message; set its options by name (option { ... })"));
  }
  if (found != expected->full_name()) {
    return absl::InvalidArgumentError(absl::StrCat(NodeLabel(node), ": node_options holds ", found,
                                                   ", but the stage's options are ",
                                                   expected->full_name()));
  }
  std::unique_ptr<Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(expected)->New());
  if (!any.UnpackTo(message.get())) {
    return absl::InvalidArgumentError(
        absl::StrCat(NodeLabel(node), ": node_options cannot be read as ", found));
  }
  std::vector<const FieldDescriptor*> fields;
  message->GetReflection()->ListFields(*message, &fields);
  for (const FieldDescriptor* field : fields) {
    for (const graph::Option& option : node.option()) {
      if (option.name() == field->name()) {
        return absl::InvalidArgumentError(
            absl::StrCat(NodeLabel(node), ": option '", field->name(),
                         "' is set both in node_options and by name"));
      }
    }
  }
  for (const FieldDescriptor* field : fields) *node.add_option() = NamedOption(*message, *field);
  node.clear_node_options();
  return absl::OkStatus();
}

}  // namespace

absl::Status ExpandNodeOptions(const StageRegistry& registry, graph::GraphConfig& config) {
  graph::GraphConfig expanded = config;
  for (graph::Node& node : *expanded.mutable_node()) {
    absl::Status status = ExpandNode(registry, node);
    if (!status.ok()) return status;
  }
  config = std::move(expanded);
  return absl::OkStatus();
}

}  // namespace sentio
