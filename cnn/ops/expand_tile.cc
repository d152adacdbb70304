// Expand and Tile, which repeat the input. Expand broadcasts the input and `shape` against each
// other (NumPy rules, both ways: a 1 in `shape` keeps the input's dimension, and the output may
// have more dimensions than `shape`). Tile repeats the input repeats[i] times along each axis i.
// ONNX passes `shape` and `repeats` as input 1; the IR has them as attributes.
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

absl::StatusOr<Shape> ExpandedShape(const Node& node, const Shape& input) {
  ASSIGN_OR_RETURN(std::vector<int64_t> shape, IntsAttribute(node, "shape", {}));
  for (int64_t dim : shape) {
    if (dim < 0) {
      return NodeError(node, absl::StrCat("attribute 'shape' ", ShapeString(shape),
                                          " has a negative dimension"));
    }
  }
  absl::StatusOr<Shape> output = BroadcastShapes(input, shape);
  if (!output.ok()) {
    return NodeError(node, absl::StrCat("attribute 'shape': ", output.status().message()));
  }
  return *output;
}

OpDefinition MakeExpand() {
  OpDefinition op;
  op.op_type = "Expand";
  op.onnx_constant_inputs = {{1, "shape"}};
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(Shape output, ExpandedShape(node, inputs[0]));
    return std::vector<Shape>{output};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(Shape shape, ExpandedShape(node, x.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(shape));
    const std::vector<int64_t> sources = BroadcastIndices(x.shape(), shape);
    for (int64_t i = 0; i < y.size(); ++i) y[i] = x[sources[i]];
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

absl::StatusOr<Shape> TiledShape(const Node& node, const Shape& input) {
  ASSIGN_OR_RETURN(std::vector<int64_t> repeats, IntsAttribute(node, "repeats", {}));
  if (repeats.size() != input.size()) {
    return NodeError(node, absl::StrCat("attribute 'repeats' has ", repeats.size(),
                                        " values for rank ", input.size()));
  }
  Shape output(input.size());
  for (size_t axis = 0; axis < input.size(); ++axis) {
    if (repeats[axis] < 0 || __builtin_mul_overflow(input[axis], repeats[axis], &output[axis])) {
      return NodeError(node, absl::StrCat("attribute 'repeats' value ", repeats[axis],
                                          " is negative or too large for axis ", axis));
    }
  }
  return output;
}

OpDefinition MakeTile() {
  OpDefinition op;
  op.op_type = "Tile";
  op.onnx_constant_inputs = {{1, "repeats"}};
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(Shape output, TiledShape(node, inputs[0]));
    return std::vector<Shape>{output};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(Shape shape, TiledShape(node, x.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(shape));
    const int rank = x.rank();
    std::vector<int64_t> input_strides(rank, 1);
    for (int axis = rank - 1; axis > 0; --axis) {
      input_strides[axis - 1] = input_strides[axis] * x.shape()[axis];
    }
    std::vector<int64_t> position(rank, 0);
    for (int64_t i = 0; i < y.size(); ++i) {
      int64_t source = 0;
      for (int axis = 0; axis < rank; ++axis) {
        source += position[axis] % x.shape()[axis] * input_strides[axis];
      }
      y[i] = x[source];
      for (int axis = rank; axis-- > 0;) {
        if (++position[axis] < shape[axis]) break;
        position[axis] = 0;
      }
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

SENTIO_REGISTER_OP(MakeExpand);
SENTIO_REGISTER_OP(MakeTile);

}  // namespace
}  // namespace sentio::cnn::ops
