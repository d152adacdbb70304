// Gather: picks entries of `data` along `axis` (default 0, negative counts from the end) by
// `indices` (negative counts from the end): output[a..., i..., b...] = data[a..., indices[i...],
// b...], of shape data[:axis] + indices' shape + data[axis + 1:]. ONNX passes indices as input 1;
// the IR has them as the attribute `indices` with their shape in `indices_shape` (absent: 1-D;
// empty: a scalar index, which drops the axis).
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

struct GatherParams {
  int axis = 0;
  std::vector<int64_t> indices;  // normalised to [0, dim)
  Shape output;
};

absl::StatusOr<GatherParams> ParseGather(const Node& node, const Shape& data) {
  GatherParams params;
  if (data.empty()) return NodeError(node, "data must have rank 1 or more, is a scalar");
  ASSIGN_OR_RETURN(params.axis, AxisAttribute(node, "axis", 0, static_cast<int>(data.size())));
  ASSIGN_OR_RETURN(params.indices, IntsAttribute(node, "indices", {}));
  ASSIGN_OR_RETURN(
      Shape indices_shape,
      IntsAttribute(node, "indices_shape", {static_cast<int64_t>(params.indices.size())}));
  absl::StatusOr<int64_t> count = NumElements(indices_shape);
  if (!count.ok() || *count != static_cast<int64_t>(params.indices.size())) {
    return NodeError(node, absl::StrCat("attribute 'indices_shape' ", ShapeString(indices_shape),
                                        " does not hold the ", params.indices.size(),
                                        " indices"));
  }
  const int64_t dim = data[params.axis];
  for (int64_t& index : params.indices) {
    if (index < -dim || index >= dim) {
      return NodeError(node, absl::StrCat("attribute 'indices': index ", index,
                                          " is out of range for dimension ", dim, " of axis ",
                                          params.axis));
    }
    if (index < 0) index += dim;
  }
  params.output.assign(data.begin(), data.begin() + params.axis);
  params.output.insert(params.output.end(), indices_shape.begin(), indices_shape.end());
  params.output.insert(params.output.end(), data.begin() + params.axis + 1, data.end());
  return params;
}

OpDefinition MakeGather() {
  OpDefinition op;
  op.op_type = "Gather";
  op.onnx_constant_inputs = {{1, "indices", 1, /*keep_shape=*/true}};
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(GatherParams params, ParseGather(node, inputs[0]));
    return std::vector<Shape>{params.output};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& data = *inputs[0];
    ASSIGN_OR_RETURN(GatherParams params, ParseGather(node, data.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(params.output));
    // data is [outer, dim, inner] around the axis; the output is [outer, indices, inner].
    int64_t outer = 1, inner = 1;
    for (int axis = 0; axis < params.axis; ++axis) outer *= data.shape()[axis];
    for (int axis = params.axis + 1; axis < data.rank(); ++axis) inner *= data.shape()[axis];
    const int64_t dim = data.shape()[params.axis];
    const int64_t count = static_cast<int64_t>(params.indices.size());
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t k = 0; k < count; ++k) {
        for (int64_t i = 0; i < inner; ++i) {
          y[(o * count + k) * inner + i] = data[(o * dim + params.indices[k]) * inner + i];
        }
      }
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeGather, "axis");

}  // namespace
}  // namespace sentio::cnn::ops
