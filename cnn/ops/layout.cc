// The ops that move values without computing new ones: Reshape (the IR's INTS attribute `shape`,
// ONNX's input 1: -1 inferred, 0 copies the input's dimension unless `allowzero`), Flatten (axis:
// [d0 * .. * d(axis-1), d(axis) * ..]), Concat (axis), Transpose (perm), and the IR's Upsample
// (nearest neighbour by the integer factors `scales` = [h, w] of an NCHW input, which the Darknet
// and Caffe importers and ONNX Resize with integer factors produce).
#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"
#include "cnn/ops/transpose.h"

namespace sentio::cnn {

absl::StatusOr<std::vector<int64_t>> TransposePermutation(const cnn::Node& node, size_t rank) {
  std::vector<int64_t> reversed(rank);
  for (size_t i = 0; i < rank; ++i) reversed[i] = static_cast<int64_t>(rank - 1 - i);
  ASSIGN_OR_RETURN(std::vector<int64_t> perm, IntsAttribute(node, "perm", reversed));
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> identity(rank);
  for (size_t i = 0; i < rank; ++i) identity[i] = static_cast<int64_t>(i);
  if (sorted != identity) {
    return NodeError(node, absl::StrCat("perm ", ShapeString(perm),
                                        " is not a permutation of the ", rank, " axes"));
  }
  return perm;
}

namespace ops {
namespace {

// Reshape and Flatten keep the values in order: the output is the input under the inferred shape.
absl::StatusOr<std::vector<Tensor>> CopyUnderInferredShape(const Node& node,
                                                           const std::vector<const Tensor*>& inputs) {
  ASSIGN_OR_RETURN(std::vector<Shape> shapes, InferOpShapes(node, {inputs[0]->shape()}));
  Tensor y = *inputs[0];
  RETURN_IF_ERROR(y.Reshape(shapes[0]));
  return SingleOutput(std::move(y));
}

OpDefinition MakeReshape() {
  OpDefinition op;
  op.op_type = "Reshape";
  op.onnx_constant_inputs = {{1, "shape", 5}};
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(std::vector<int64_t> spec, IntsAttribute(node, "shape", {}));
    ASSIGN_OR_RETURN(int64_t allow_zero, IntAttribute(node, "allowzero", 0));
    absl::StatusOr<Shape> out = ReshapedShape(inputs[0], spec, allow_zero != 0);
    if (!out.ok()) return NodeError(node, out.status().message());
    return std::vector<Shape>{*out};
  };
  op.run_reference = CopyUnderInferredShape;
  return op;
}

OpDefinition MakeFlatten() {
  OpDefinition op;
  op.op_type = "Flatten";
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(int64_t axis_attribute, IntAttribute(node, "axis", 1));
    const int rank = static_cast<int>(inputs[0].size());
    const int axis = axis_attribute == rank ? rank : NormalizeAxis(axis_attribute, rank);
    if (axis < 0) return NodeError(node, absl::StrCat("axis ", axis_attribute, " out of range"));
    Shape out = {1, 1};
    for (int i = 0; i < rank; ++i) out[i < axis ? 0 : 1] *= inputs[0][i];
    return std::vector<Shape>{out};
  };
  op.run_reference = CopyUnderInferredShape;
  return op;
}

OpDefinition MakeConcat() {
  OpDefinition op;
  op.op_type = "Concat";
  op.max_inputs = std::numeric_limits<int>::max();
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(int axis, AxisAttribute(node, "axis", 1, static_cast<int>(inputs[0].size())));
    Shape out = inputs[0];
    for (size_t i = 1; i < inputs.size(); ++i) {
      Shape other = inputs[i];
      bool fits = other.size() == out.size();
      if (fits) {
        out[axis] += other[axis];
        other[axis] = inputs[0][axis];
        fits = other == inputs[0];
      }
      if (!fits) {
        return NodeError(node, absl::StrCat("input ", ShapeString(inputs[i]),
                                            " does not concatenate with ",
                                            ShapeString(inputs[0]), " along axis ", axis));
      }
    }
    return std::vector<Shape>{out};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    std::vector<Shape> shapes;
    for (const Tensor* input : inputs) shapes.push_back(input->shape());
    ASSIGN_OR_RETURN(std::vector<Shape> out, InferOpShapes(node, shapes));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(out[0]));
    ASSIGN_OR_RETURN(int axis, AxisAttribute(node, "axis", 1, y.rank()));
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; ++i) outer *= y.dim(i);
    for (int i = axis + 1; i < y.rank(); ++i) inner *= y.dim(i);
    int64_t offset = 0;
    for (const Tensor* input : inputs) {
      const int64_t chunk = input->dim(axis) * inner;
      for (int64_t o = 0; o < outer; ++o) {
        std::copy(input->data() + o * chunk, input->data() + (o + 1) * chunk,
                  y.data() + o * y.dim(axis) * inner + offset);
      }
      offset += chunk;
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

OpDefinition MakeTranspose() {
  OpDefinition op;
  op.op_type = "Transpose";
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(std::vector<int64_t> perm, TransposePermutation(node, inputs[0].size()));
    Shape out(perm.size());
    for (size_t i = 0; i < perm.size(); ++i) out[i] = inputs[0][perm[i]];
    return std::vector<Shape>{out};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    const int rank = x.rank();
    ASSIGN_OR_RETURN(std::vector<int64_t> perm, TransposePermutation(node, rank));
    Shape out_shape(rank);
    for (int k = 0; k < rank; ++k) out_shape[k] = x.dim(static_cast<int>(perm[k]));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(out_shape));
    std::vector<int64_t> x_strides(rank, 1);
    for (int axis = rank - 2; axis >= 0; --axis) {
      x_strides[axis] = x_strides[axis + 1] * x.dim(axis + 1);
    }
    std::vector<int64_t> position(rank, 0);  // the index into y
    for (int64_t flat = 0; flat < y.size(); ++flat) {
      int64_t source = 0;
      for (int k = 0; k < rank; ++k) source += position[k] * x_strides[perm[k]];
      y[flat] = x[source];
      for (int k = rank; k-- > 0;) {
        if (++position[k] < y.dim(k)) break;
        position[k] = 0;
      }
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

OpDefinition MakeUpsample() {
  OpDefinition op;
  op.op_type = "Upsample";
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectRank(node, inputs[0], 4, "the input"));
    ASSIGN_OR_RETURN(std::vector<int64_t> scales, IntsAttribute(node, "scales", {}));
    if (scales.size() != 2 || scales[0] < 1 || scales[1] < 1) {
      return NodeError(node, "attribute 'scales' needs 2 positive integers");
    }
    const Shape& x = inputs[0];
    if (x[2] > std::numeric_limits<int32_t>::max() / scales[0] ||
        x[3] > std::numeric_limits<int32_t>::max() / scales[1]) {
      return NodeError(node, absl::StrCat("scales ", scales[0], "x", scales[1],
                                          " are too large for ", ShapeString(x)));
    }
    return std::vector<Shape>{{x[0], x[1], x[2] * scales[0], x[3] * scales[1]}};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(std::vector<int64_t> scales, IntsAttribute(node, "scales", {}));
    const int64_t planes = x.dim(0) * x.dim(1), in_h = x.dim(2), in_w = x.dim(3);
    const int64_t out_h = in_h * scales[0], out_w = in_w * scales[1];
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros({x.dim(0), x.dim(1), out_h, out_w}));
    for (int64_t plane = 0; plane < planes; ++plane) {
      for (int64_t oy = 0; oy < out_h; ++oy) {
        const float* in_row = x.data() + (plane * in_h + oy / scales[0]) * in_w;
        float* out_row = y.data() + (plane * out_h + oy) * out_w;
        for (int64_t ox = 0; ox < out_w; ++ox) out_row[ox] = in_row[ox / scales[1]];
      }
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeReshape, "allowzero");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeFlatten, "axis");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeConcat, "axis");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeTranspose, "perm");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeUpsample, "mode", "scales");

}  // namespace
}  // namespace ops
}  // namespace sentio::cnn
