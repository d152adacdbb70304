// Element-wise reductions over one or more tensors with ONNX semantics and multidirectional
// (NumPy) broadcasting of all inputs to one output shape:
//   Max, Min   the largest / smallest value; NaN in any input gives NaN, as numpy.maximum does
//   Sum, Mean  the sum / mean of the values, accumulated in double
// With a single input each op copies it.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "base/status_macros.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/tensor.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

enum class Combination { kMax, kMin, kSum, kMean };

double Combine(Combination combination, double accumulated, double value) {
  switch (combination) {
    case Combination::kMax:
      return std::isnan(accumulated) || accumulated >= value ? accumulated : value;
    case Combination::kMin:
      return std::isnan(accumulated) || accumulated <= value ? accumulated : value;
    case Combination::kSum:
    case Combination::kMean:
      break;
  }
  return accumulated + value;
}

absl::StatusOr<Shape> BroadcastAll(const std::vector<Shape>& shapes) {
  Shape shape = shapes[0];
  for (size_t i = 1; i < shapes.size(); ++i) {
    ASSIGN_OR_RETURN(shape, BroadcastShapes(shape, shapes[i]));
  }
  return shape;
}

OpDefinition VariadicOp(std::string op_type, Combination combination) {
  OpDefinition op;
  op.op_type = std::move(op_type);
  op.min_inputs = 1;
  op.max_inputs = std::numeric_limits<int>::max();
  op.infer_shapes = [](const Node& node,
                       const std::vector<Shape>& inputs) -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, std::numeric_limits<int>::max()));
    absl::StatusOr<Shape> shape = BroadcastAll(inputs);
    if (!shape.ok()) return NodeError(node, shape.status().message());
    return std::vector<Shape>{*shape};
  };
  op.run_reference = [combination](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    std::vector<Shape> shapes;
    for (const Tensor* input : inputs) shapes.push_back(input->shape());
    ASSIGN_OR_RETURN(Shape shape, BroadcastAll(shapes));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(shape));
    std::vector<std::vector<int64_t>> indices;
    for (const Shape& input_shape : shapes) indices.push_back(BroadcastIndices(input_shape, shape));
    for (int64_t i = 0; i < y.size(); ++i) {
      double accumulated = (*inputs[0])[indices[0][i]];
      for (size_t k = 1; k < inputs.size(); ++k) {
        accumulated = Combine(combination, accumulated, (*inputs[k])[indices[k][i]]);
      }
      if (combination == Combination::kMean) accumulated /= static_cast<double>(inputs.size());
      y[i] = static_cast<float>(accumulated);
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

OpDefinition MakeMax() { return VariadicOp("Max", Combination::kMax); }
OpDefinition MakeMin() { return VariadicOp("Min", Combination::kMin); }
OpDefinition MakeSum() { return VariadicOp("Sum", Combination::kSum); }
OpDefinition MakeMean() { return VariadicOp("Mean", Combination::kMean); }

}  // namespace

SENTIO_REGISTER_OP(MakeMax);
SENTIO_REGISTER_OP(MakeMin);
SENTIO_REGISTER_OP(MakeSum);
SENTIO_REGISTER_OP(MakeMean);

}  // namespace sentio::cnn::ops
