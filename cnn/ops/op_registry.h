// The registry of model IR operators: for each op type, the one definition of what it means
// (attribute checks and output shapes, the reference kernel) and how ONNX nodes of that type map
// onto it. Each op lives in one file of cnn/ops/ that registers itself at static initialisation
// with SENTIO_REGISTER_OP; shape inference, the reference engine, the ONNX importer and engines
// that fall back to the reference kernel all look ops up here, so adding an op touches no other
// file. Engines add faster kernels of their own for the ops they choose.
#ifndef CNN_OPS_OP_REGISTRY_H_
#define CNN_OPS_OP_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn::ops {

// Checks a node's attributes against its input shapes and returns one shape per node output;
// errors name the node (NodeError).
using ShapeFunction =
    std::function<absl::StatusOr<std::vector<Shape>>(const Node&, const std::vector<Shape>&)>;

// Computes a node's outputs (one per node output) from its inputs in the node's order. Called only
// after the shape function accepted the same node and input shapes.
using ReferenceKernel = std::function<absl::StatusOr<std::vector<Tensor>>(
    const Node&, const std::vector<const Tensor*>&)>;

// An ONNX input that must be a constant at import and becomes an attribute of the IR node: INTS
// when the tensor holds integers, FLOATS when it holds floats. From `since_opset` on ONNX passes it
// as input `index`; before, as the attribute of the same name (copied like any other attribute).
// With `keep_shape` the tensor's dims also go into the INTS attribute "<attribute>_shape"; a
// `scalar` input must hold one value and becomes an INT or FLOAT attribute.
struct OnnxConstantInput {
  int index = 1;
  std::string attribute;
  int64_t since_opset = 1;
  bool keep_shape = false;
  bool scalar = false;
};

struct OpDefinition {
  std::string op_type;
  // IR inputs and outputs (ONNX constant inputs already turned into attributes).
  int min_inputs = 1, max_inputs = 1;
  int min_outputs = 1, max_outputs = 1;
  ShapeFunction infer_shapes;
  ReferenceKernel run_reference;
  // How the ONNX importer maps nodes of this type: attributes are copied as they are, these inputs
  // become attributes, the other inputs stay inputs in their order.
  std::vector<OnnxConstantInput> onnx_constant_inputs;
  // Whether the meaning depends on the ONNX opset in ways attributes cannot express (Softmax's
  // axis before opset 13, for example): the importer then records the opset as the INT attribute
  // "onnx_opset". An IR node without it means the newest opset.
  bool onnx_opset_dependent = false;
  // The attributes ONNX nodes of this type may carry, in any opset (besides the attribute forms
  // of onnx_constant_inputs in the opsets before their inputs): the importer refuses a node with
  // any other, naming it, instead of ignoring what it does not implement.
  std::vector<std::string> onnx_attributes;
};

// `definition` with its onnx_attributes set (SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES).
OpDefinition WithOnnxAttributes(OpDefinition definition, std::vector<std::string> attributes);

// Adds `definition`; a second definition of the same op type is a programming error (aborts).
bool RegisterOp(OpDefinition definition);

// The definition of `op_type`, or nullptr when no file registered it.
const OpDefinition* FindOp(absl::string_view op_type);

// Every registered op type, sorted.
std::vector<std::string> RegisteredOpTypes();

// The output shapes of `node`: its op looked up, its input and output counts checked, its shape
// function run, and every output's element count checked to fit in int64. Errors name the node.
absl::StatusOr<std::vector<Shape>> InferOpShapes(const Node& node,
                                                 const std::vector<Shape>& inputs);

// The outputs of `node` computed by its reference kernel, after InferOpShapes on the inputs' shapes
// and a check that the kernel returned tensors of those shapes.
absl::StatusOr<std::vector<Tensor>> RunOpReference(const Node& node,
                                                   const std::vector<const Tensor*>& inputs);

}  // namespace sentio::cnn::ops

// Registers the OpDefinition that `factory()` returns, at static initialisation. The library that
// holds op files must be `alwayslink = 1` so that the linker keeps the registrations.
#define SENTIO_REGISTER_OP(factory)                                   \
  [[maybe_unused]] static const bool sentio_op_registered_##factory = \
      ::sentio::cnn::ops::RegisterOp(factory())

// The same for an op whose ONNX nodes carry attributes: the names follow the factory.
#define SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(factory, ...)         \
  [[maybe_unused]] static const bool sentio_op_registered_##factory = \
      ::sentio::cnn::ops::RegisterOp(                                 \
          ::sentio::cnn::ops::WithOnnxAttributes(factory(), {__VA_ARGS__}))

#endif  // CNN_OPS_OP_REGISTRY_H_
