// LogSoftmax: x - log(sum(exp(x))) over the values that share every index but the normalised
// ones. From ONNX opset 13 that is the one axis `axis` (default -1); before, the input is viewed
// as 2-D at `axis` (default 1), [d0 * .. * d(axis-1), d(axis) * .. * d(rank-1)], and each row is
// normalised as a whole. The IR node says which with the INT attribute "onnx_opset" (absent: the
// newest opset).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

// The input viewed as [outer, length, inner], normalised along `length`.
struct LogSoftmaxLayout {
  int64_t outer = 1, length = 1, inner = 1;
};

absl::StatusOr<LogSoftmaxLayout> ParseLogSoftmax(const Node& node, const Shape& input) {
  ASSIGN_OR_RETURN(int64_t opset, IntAttribute(node, "onnx_opset", 13));
  const bool whole_rows = opset < 13;
  const int rank = static_cast<int>(input.size());
  ASSIGN_OR_RETURN(int axis, AxisAttribute(node, "axis", whole_rows ? 1 : -1, rank));
  LogSoftmaxLayout layout;
  for (int a = 0; a < axis; ++a) layout.outer *= input[a];
  if (whole_rows) {
    for (int a = axis; a < rank; ++a) layout.length *= input[a];
  } else {
    layout.length = input[axis];
    for (int a = axis + 1; a < rank; ++a) layout.inner *= input[a];
  }
  return layout;
}

OpDefinition MakeLogSoftmax() {
  OpDefinition op;
  op.op_type = "LogSoftmax";
  op.onnx_opset_dependent = true;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    // Products of the input's dimensions stay in range once its element count does.
    if (absl::StatusOr<int64_t> count = NumElements(inputs[0]); !count.ok()) {
      return NodeError(node, absl::StrCat("input ", count.status().message()));
    }
    RETURN_IF_ERROR(ParseLogSoftmax(node, inputs[0]).status());
    return std::vector<Shape>{inputs[0]};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(LogSoftmaxLayout layout, ParseLogSoftmax(node, x.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(x.shape()));
    const int64_t length = layout.length, inner = layout.inner;
    for (int64_t o = 0; o < layout.outer; ++o) {
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t base = o * length * inner + i;
        // Subtracting the maximum keeps exp() from overflowing.
        double max = -std::numeric_limits<double>::infinity();
        for (int64_t k = 0; k < length; ++k) max = std::max<double>(max, x[base + k * inner]);
        double sum = 0;
        for (int64_t k = 0; k < length; ++k) sum += std::exp(x[base + k * inner] - max);
        const double log_sum = std::log(sum);
        for (int64_t k = 0; k < length; ++k) {
          y[base + k * inner] = static_cast<float>(x[base + k * inner] - max - log_sum);
        }
      }
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeLogSoftmax, "axis");

}  // namespace sentio::cnn::ops
