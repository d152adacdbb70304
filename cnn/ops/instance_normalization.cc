// InstanceNormalization(input, scale, B): for each instance n and channel c of an input
// [N, C, D1, ..., Dk] (k >= 1), y = scale[c] * (x - mean) / sqrt(variance + epsilon) + B[c], the
// mean and (biased) variance taken over that instance's and channel's spatial values. epsilon
// defaults to 1e-5.
#include <cmath>
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

absl::StatusOr<float> ParseEpsilon(const Node& node) {
  ASSIGN_OR_RETURN(float epsilon, FloatAttribute(node, "epsilon", 1e-5f));
  if (!(epsilon >= 0)) return NodeError(node, "attribute 'epsilon' must not be negative");
  return epsilon;
}

OpDefinition MakeInstanceNormalization() {
  OpDefinition op;
  op.op_type = "InstanceNormalization";
  op.min_inputs = op.max_inputs = 3;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 3, 3));
    RETURN_IF_ERROR(ParseEpsilon(node).status());
    const Shape& x = inputs[0];
    if (x.size() < 3) {
      return NodeError(node, absl::StrCat("input must be [N, C, D1, ...] (rank 3 or more), has "
                                          "shape ",
                                          ShapeString(x)));
    }
    for (int i = 1; i <= 2; ++i) {
      if (inputs[i] != Shape{x[1]}) {
        return NodeError(node, absl::StrCat(i == 1 ? "scale" : "B", " must have shape [",
                                            x[1], "] (one per channel), has ",
                                            ShapeString(inputs[i])));
      }
    }
    return std::vector<Shape>{x};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    const Tensor& scale = *inputs[1];
    const Tensor& bias = *inputs[2];
    ASSIGN_OR_RETURN(float epsilon, ParseEpsilon(node));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(x.shape()));
    const int64_t channels = x.dim(1);
    int64_t spatial = 1;
    for (int axis = 2; axis < x.rank(); ++axis) spatial *= x.dim(axis);
    const int64_t planes = x.dim(0) * channels;
    for (int64_t plane = 0; plane < planes; ++plane) {
      const int64_t c = plane % channels;
      const float* in = x.data() + plane * spatial;
      float* out = y.data() + plane * spatial;
      double sum = 0;
      for (int64_t i = 0; i < spatial; ++i) sum += in[i];
      const double mean = sum / spatial;
      double squares = 0;
      for (int64_t i = 0; i < spatial; ++i) squares += (in[i] - mean) * (in[i] - mean);
      const double inv_std = 1 / std::sqrt(squares / spatial + epsilon);
      for (int64_t i = 0; i < spatial; ++i) {
        out[i] = static_cast<float>(scale[c] * (in[i] - mean) * inv_std + bias[c]);
      }
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeInstanceNormalization, "epsilon");

}  // namespace sentio::cnn::ops
