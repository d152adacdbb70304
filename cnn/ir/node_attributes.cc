#include "cnn/ir/node_attributes.h"

#include "absl/strings/str_cat.h"

namespace sentio::cnn {
namespace {

const cnn::Attribute* FindAttribute(const cnn::Node& node, absl::string_view name) {
  for (const cnn::Attribute& attribute : node.attribute()) {
    if (attribute.name() == name) return &attribute;
  }
  return nullptr;
}

absl::Status WrongType(const cnn::Node& node, absl::string_view name, absl::string_view expected) {
  return NodeError(node, absl::StrCat("attribute '", name, "' is not ", expected));
}

cnn::Attribute& ReplaceAttribute(cnn::Node& node, absl::string_view name) {
  for (cnn::Attribute& attribute : *node.mutable_attribute()) {
    if (attribute.name() == name) {
      attribute.Clear();
      attribute.set_name(std::string(name));
      return attribute;
    }
  }
  cnn::Attribute& attribute = *node.add_attribute();
  attribute.set_name(std::string(name));
  return attribute;
}

}  // namespace

std::string NodeLabel(const cnn::Node& node) {
  return absl::StrCat(node.op_type(), " node '", node.name(), "'");
}

absl::Status NodeError(const cnn::Node& node, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(NodeLabel(node), ": ", message));
}

absl::StatusOr<int64_t> IntAttribute(const cnn::Node& node, absl::string_view name,
                                     int64_t default_value) {
  const cnn::Attribute* attribute = FindAttribute(node, name);
  if (attribute == nullptr) return default_value;
  if (attribute->type() != cnn::Attribute::INT) return WrongType(node, name, "an integer");
  return attribute->i();
}

absl::StatusOr<float> FloatAttribute(const cnn::Node& node, absl::string_view name,
                                     float default_value) {
  const cnn::Attribute* attribute = FindAttribute(node, name);
  if (attribute == nullptr) return default_value;
  if (attribute->type() != cnn::Attribute::FLOAT) return WrongType(node, name, "a float");
  return attribute->f();
}

absl::StatusOr<std::vector<int64_t>> IntsAttribute(const cnn::Node& node, absl::string_view name,
                                                   const std::vector<int64_t>& default_value) {
  const cnn::Attribute* attribute = FindAttribute(node, name);
  if (attribute == nullptr) return default_value;
  if (attribute->type() != cnn::Attribute::INTS) {
    return WrongType(node, name, "a list of integers");
  }
  return std::vector<int64_t>(attribute->ints().begin(), attribute->ints().end());
}

absl::StatusOr<std::vector<float>> FloatsAttribute(const cnn::Node& node, absl::string_view name,
                                                   const std::vector<float>& default_value) {
  const cnn::Attribute* attribute = FindAttribute(node, name);
  if (attribute == nullptr) return default_value;
  if (attribute->type() != cnn::Attribute::FLOATS) return WrongType(node, name, "a list of floats");
  return std::vector<float>(attribute->floats().begin(), attribute->floats().end());
}

absl::StatusOr<std::string> StringAttribute(const cnn::Node& node, absl::string_view name,
                                            absl::string_view default_value) {
  const cnn::Attribute* attribute = FindAttribute(node, name);
  if (attribute == nullptr) return std::string(default_value);
  if (attribute->type() != cnn::Attribute::STRING) return WrongType(node, name, "a string");
  return attribute->s();
}

void SetIntAttribute(cnn::Node& node, absl::string_view name, int64_t value) {
  cnn::Attribute& attribute = ReplaceAttribute(node, name);
  attribute.set_type(cnn::Attribute::INT);
  attribute.set_i(value);
}

void SetFloatAttribute(cnn::Node& node, absl::string_view name, float value) {
  cnn::Attribute& attribute = ReplaceAttribute(node, name);
  attribute.set_type(cnn::Attribute::FLOAT);
  attribute.set_f(value);
}

void SetIntsAttribute(cnn::Node& node, absl::string_view name, const std::vector<int64_t>& values) {
  cnn::Attribute& attribute = ReplaceAttribute(node, name);
  attribute.set_type(cnn::Attribute::INTS);
  for (int64_t value : values) attribute.add_ints(value);
}

void SetFloatsAttribute(cnn::Node& node, absl::string_view name, const std::vector<float>& values) {
  cnn::Attribute& attribute = ReplaceAttribute(node, name);
  attribute.set_type(cnn::Attribute::FLOATS);
  for (float value : values) attribute.add_floats(value);
}

void SetStringAttribute(cnn::Node& node, absl::string_view name, absl::string_view value) {
  cnn::Attribute& attribute = ReplaceAttribute(node, name);
  attribute.set_type(cnn::Attribute::STRING);
  attribute.set_s(std::string(value));
}

}  // namespace sentio::cnn
