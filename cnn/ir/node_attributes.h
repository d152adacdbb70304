// Typed access to the attributes of a model IR node (cnn/ir/model.proto), with errors that name the
// op, the node and the attribute, and setters for the importers that build nodes.
#ifndef CNN_IR_NODE_ATTRIBUTES_H_
#define CNN_IR_NODE_ATTRIBUTES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn {

// "Conv node 'conv1'", the way errors name a node.
std::string NodeLabel(const cnn::Node& node);

// InvalidArgument "<op> node '<name>': <message>".
absl::Status NodeError(const cnn::Node& node, absl::string_view message);

// The attribute's value, or `default_value` when the node has no attribute of that name; an
// attribute of another type is an error.
absl::StatusOr<int64_t> IntAttribute(const cnn::Node& node, absl::string_view name,
                                     int64_t default_value);
absl::StatusOr<float> FloatAttribute(const cnn::Node& node, absl::string_view name,
                                     float default_value);
absl::StatusOr<std::vector<int64_t>> IntsAttribute(const cnn::Node& node, absl::string_view name,
                                                   const std::vector<int64_t>& default_value);
absl::StatusOr<std::vector<float>> FloatsAttribute(const cnn::Node& node, absl::string_view name,
                                                   const std::vector<float>& default_value);
absl::StatusOr<std::string> StringAttribute(const cnn::Node& node, absl::string_view name,
                                            absl::string_view default_value);

void SetIntAttribute(cnn::Node& node, absl::string_view name, int64_t value);
void SetFloatAttribute(cnn::Node& node, absl::string_view name, float value);
void SetIntsAttribute(cnn::Node& node, absl::string_view name, const std::vector<int64_t>& values);
void SetFloatsAttribute(cnn::Node& node, absl::string_view name, const std::vector<float>& values);
void SetStringAttribute(cnn::Node& node, absl::string_view name, absl::string_view value);

}  // namespace sentio::cnn

#endif  // CNN_IR_NODE_ATTRIBUTES_H_
