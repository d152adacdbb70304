// GlobalAveragePool and GlobalMaxPool (ONNX semantics): X [N, C, D1..Dn] (n >= 1) to
// Y [N, C, 1, ..., 1], the mean or the maximum of each channel's plane.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

absl::StatusOr<std::vector<Shape>> GlobalPoolShapes(const Node& node,
                                                    const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
  const Shape& x = inputs[0];
  if (x.size() < 3) {
    return NodeError(node, absl::StrCat("the input must have rank 3 or more (N, C, spatial axes), "
                                        "has shape ", ShapeString(x)));
  }
  Shape y(x.size(), 1);
  y[0] = x[0];
  y[1] = x[1];
  return std::vector<Shape>{y};
}

absl::StatusOr<std::vector<Tensor>> GlobalPoolReference(const Node& node,
                                                        const std::vector<const Tensor*>& inputs) {
  ASSIGN_OR_RETURN(std::vector<Shape> shapes, GlobalPoolShapes(node, {inputs[0]->shape()}));
  const Tensor& x = *inputs[0];
  const bool is_max = node.op_type() == "GlobalMaxPool";
  ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(shapes[0]));
  const int64_t planes = x.dim(0) * x.dim(1);
  const int64_t plane_size = planes > 0 ? x.size() / planes : 0;
  for (int64_t plane = 0; plane < planes; ++plane) {
    const float* in = x.data() + plane * plane_size;
    double result = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
    for (int64_t i = 0; i < plane_size; ++i) {
      result = is_max ? std::max<double>(result, in[i]) : result + in[i];
    }
    if (!is_max) result = plane_size > 0 ? result / plane_size : 0.0;
    y[plane] = static_cast<float>(result);
  }
  std::vector<Tensor> outputs;
  outputs.push_back(std::move(y));
  return outputs;
}

OpDefinition MakeGlobalPool(const char* op_type) {
  OpDefinition op;
  op.op_type = op_type;
  op.infer_shapes = GlobalPoolShapes;
  op.run_reference = GlobalPoolReference;
  return op;
}

OpDefinition MakeGlobalAveragePool() { return MakeGlobalPool("GlobalAveragePool"); }
OpDefinition MakeGlobalMaxPool() { return MakeGlobalPool("GlobalMaxPool"); }

}  // namespace

SENTIO_REGISTER_OP(MakeGlobalAveragePool);
SENTIO_REGISTER_OP(MakeGlobalMaxPool);

}  // namespace sentio::cnn::ops
