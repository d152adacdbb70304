// Where(condition, X, Y) with ONNX semantics: X's element where the condition is true, Y's where it
// is false, all three inputs broadcast (NumPy style) to the output shape. The IR has no bool
// tensors: the condition is true where it is != 0.
#include <cstdint>
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

absl::StatusOr<Shape> WhereShape(const Shape& condition, const Shape& x, const Shape& y) {
  ASSIGN_OR_RETURN(Shape shape, BroadcastShapes(condition, x));
  return BroadcastShapes(shape, y);
}

OpDefinition MakeWhere() {
  OpDefinition op;
  op.op_type = "Where";
  op.min_inputs = op.max_inputs = 3;
  op.infer_shapes = [](const Node& node,
                       const std::vector<Shape>& inputs) -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 3, 3));
    absl::StatusOr<Shape> shape = WhereShape(inputs[0], inputs[1], inputs[2]);
    if (!shape.ok()) return NodeError(node, shape.status().message());
    return std::vector<Shape>{*shape};
  };
  op.run_reference =
      [](const Node& node,
         const std::vector<const Tensor*>& inputs) -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& condition = *inputs[0];
    const Tensor& x = *inputs[1];
    const Tensor& y = *inputs[2];
    ASSIGN_OR_RETURN(Shape shape, WhereShape(condition.shape(), x.shape(), y.shape()));
    ASSIGN_OR_RETURN(Tensor output, Tensor::Zeros(shape));
    const std::vector<int64_t> condition_index = BroadcastIndices(condition.shape(), shape);
    const std::vector<int64_t> x_index = BroadcastIndices(x.shape(), shape);
    const std::vector<int64_t> y_index = BroadcastIndices(y.shape(), shape);
    for (int64_t i = 0; i < output.size(); ++i) {
      output[i] = condition[condition_index[i]] != 0.0f ? x[x_index[i]] : y[y_index[i]];
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(output));
    return outputs;
  };
  return op;
}

}  // namespace

SENTIO_REGISTER_OP(MakeWhere);

}  // namespace sentio::cnn::ops
