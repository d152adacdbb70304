// The activations the CNN importers emit most: Relu, LeakyRelu (alpha, default 0.01), Sigmoid,
// Tanh, and PRelu (x < 0 ? slope * x : x with the slope broadcast to X, ONNX's unidirectional
// broadcasting).
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

float Relu(float x) { return std::max(x, 0.0f); }
float Sigmoid(float x) { return static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(x)))); }
float Tanh(float x) { return std::tanh(x); }

OpDefinition MakeRelu() { return ElementwiseUnaryOp("Relu", Relu); }
OpDefinition MakeSigmoid() { return ElementwiseUnaryOp("Sigmoid", Sigmoid); }
OpDefinition MakeTanh() { return ElementwiseUnaryOp("Tanh", Tanh); }

OpDefinition MakeLeakyRelu() {
  return ElementwiseUnaryOp("LeakyRelu", [](const Node& node) -> absl::StatusOr<UnaryFunction> {
    ASSIGN_OR_RETURN(float alpha, FloatAttribute(node, "alpha", 0.01f));
    return UnaryFunction([alpha](float x) { return x < 0 ? alpha * x : x; });
  });
}

OpDefinition MakePRelu() {
  OpDefinition op;
  op.op_type = "PRelu";
  op.min_inputs = op.max_inputs = 2;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    const Shape& x = inputs[0];
    const Shape& slope = inputs[1];
    absl::StatusOr<Shape> broadcast = BroadcastShapes(x, slope);
    if (!broadcast.ok() || *broadcast != x) {
      return NodeError(node, absl::StrCat("slope ", ShapeString(slope),
                                          " does not broadcast to X ", ShapeString(x)));
    }
    return std::vector<Shape>{x};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    const Tensor& slope = *inputs[1];
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(x.shape()));
    const std::vector<int64_t> slope_index = BroadcastIndices(slope.shape(), x.shape());
    for (int64_t i = 0; i < x.size(); ++i) {
      y[i] = x[i] < 0 ? slope[slope_index[i]] * x[i] : x[i];
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

SENTIO_REGISTER_OP(MakeRelu);
SENTIO_REGISTER_OP(MakeSigmoid);
SENTIO_REGISTER_OP(MakeTanh);
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeLeakyRelu, "alpha");
SENTIO_REGISTER_OP(MakePRelu);

}  // namespace
}  // namespace sentio::cnn::ops
