#include "cnn/ops/op_registry.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"

namespace sentio::cnn::ops {
namespace {

// Built on first use, so that registrations from any translation unit's static initialisers see
// it constructed.
std::map<std::string, OpDefinition, std::less<>>& Registry() {
  static auto* registry = new std::map<std::string, OpDefinition, std::less<>>();
  return *registry;
}

}  // namespace

bool RegisterOp(OpDefinition definition) {
  const std::string op_type = definition.op_type;
  if (op_type.empty() || !definition.infer_shapes || !definition.run_reference ||
      !Registry().emplace(op_type, std::move(definition)).second) {
    std::fprintf(stderr, "op '%s' registered twice or incompletely\n", op_type.c_str());
    std::abort();
  }
  return true;
}

OpDefinition WithOnnxAttributes(OpDefinition definition, std::vector<std::string> attributes) {
  definition.onnx_attributes = std::move(attributes);
  return definition;
}

const OpDefinition* FindOp(absl::string_view op_type) {
  auto it = Registry().find(op_type);
  return it == Registry().end() ? nullptr : &it->second;
}

std::vector<std::string> RegisteredOpTypes() {
  std::vector<std::string> types;
  for (const auto& [type, definition] : Registry()) types.push_back(type);
  return types;
}

absl::StatusOr<std::vector<Shape>> InferOpShapes(const Node& node,
                                                 const std::vector<Shape>& inputs) {
  const OpDefinition* op = FindOp(node.op_type());
  if (op == nullptr) return NodeError(node, "unsupported operator");
  const int input_count = static_cast<int>(inputs.size());
  if (input_count < op->min_inputs || input_count > op->max_inputs) {
    return NodeError(node, absl::StrCat("takes ", op->min_inputs,
                                        op->min_inputs == op->max_inputs
                                            ? std::string()
                                            : absl::StrCat(" to ", op->max_inputs),
                                        " inputs, has ", input_count));
  }
  if (node.output_size() < op->min_outputs || node.output_size() > op->max_outputs) {
    return NodeError(node, absl::StrCat("has ", node.output_size(), " outputs, expected ",
                                        op->min_outputs,
                                        op->min_outputs == op->max_outputs
                                            ? std::string()
                                            : absl::StrCat(" to ", op->max_outputs)));
  }
  ASSIGN_OR_RETURN(std::vector<Shape> outputs, op->infer_shapes(node, inputs));
  if (static_cast<int>(outputs.size()) != node.output_size()) {
    return NodeError(node, absl::StrCat("the shape function gave ", outputs.size(),
                                        " shapes for ", node.output_size(), " outputs"));
  }
  // Every shape a node reads then has a bounded element count, so products of its dimensions
  // cannot overflow.
  for (const Shape& shape : outputs) {
    if (absl::StatusOr<int64_t> count = NumElements(shape); !count.ok()) {
      return NodeError(node, absl::StrCat("output ", count.status().message()));
    }
  }
  return outputs;
}

absl::StatusOr<std::vector<Tensor>> RunOpReference(const Node& node,
                                                   const std::vector<const Tensor*>& inputs) {
  std::vector<Shape> input_shapes;
  for (const Tensor* input : inputs) input_shapes.push_back(input->shape());
  ASSIGN_OR_RETURN(std::vector<Shape> shapes, InferOpShapes(node, input_shapes));
  ASSIGN_OR_RETURN(std::vector<Tensor> outputs, FindOp(node.op_type())->run_reference(node, inputs));
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (i >= outputs.size() || outputs[i].shape() != shapes[i]) {
      return NodeError(node, absl::StrCat("the reference kernel's output ", i,
                                          " does not have the inferred shape ",
                                          ShapeString(shapes[i])));
    }
  }
  return outputs;
}

}  // namespace sentio::cnn::ops
