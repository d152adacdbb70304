// ArgMax and ArgMin: the index along `axis` (default 0, negative counts from the end) of the
// largest or smallest value, the first one unless select_last_index = 1; keepdims (default 1)
// keeps that axis as size 1, else drops it. ONNX's output is int64; the IR's holds the index as a
// float. A NaN wins over every number in both (NumPy's rule, matching ReduceMax and ReduceMin).
#include <algorithm>
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

// A 0/1 attribute.
absl::StatusOr<bool> FlagAttribute(const Node& node, const char* name, bool default_value) {
  ASSIGN_OR_RETURN(int64_t value, IntAttribute(node, name, default_value ? 1 : 0));
  if (value != 0 && value != 1) {
    return NodeError(node, absl::StrCat("attribute '", name, "' must be 0 or 1, is ", value));
  }
  return value == 1;
}

struct ArgParams {
  int axis = 0;
  bool keepdims = true;
  bool select_last_index = false;
};

absl::StatusOr<ArgParams> ParseArg(const Node& node, const Shape& input) {
  ArgParams params;
  ASSIGN_OR_RETURN(params.axis, AxisAttribute(node, "axis", 0, static_cast<int>(input.size())));
  ASSIGN_OR_RETURN(params.keepdims, FlagAttribute(node, "keepdims", true));
  ASSIGN_OR_RETURN(params.select_last_index, FlagAttribute(node, "select_last_index", false));
  return params;
}

Shape ArgShape(const ArgParams& params, const Shape& input) {
  Shape out = input;
  if (params.keepdims) {
    out[params.axis] = 1;
  } else {
    out.erase(out.begin() + params.axis);
  }
  return out;
}

// Whether `value` beats `best` for ArgMax (`largest`) or ArgMin; ties win with `take_ties`.
bool Beats(float value, float best, bool largest, bool take_ties) {
  if (std::isnan(best)) return take_ties && std::isnan(value);
  if (std::isnan(value)) return true;
  if (value == best) return take_ties;
  return largest ? value > best : value < best;
}

OpDefinition MakeArg(const char* op_type, bool largest) {
  OpDefinition op;
  op.op_type = op_type;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    ASSIGN_OR_RETURN(ArgParams params, ParseArg(node, inputs[0]));
    const Shape out = ArgShape(params, inputs[0]);
    const bool out_empty = std::find(out.begin(), out.end(), 0) != out.end();
    if (inputs[0][params.axis] == 0 && !out_empty) {
      return NodeError(node, absl::StrCat("axis ", params.axis, " is empty: no index to select"));
    }
    return std::vector<Shape>{out};
  };
  op.run_reference = [largest](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(ArgParams params, ParseArg(node, x.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(ArgShape(params, x.shape())));
    const int64_t length = x.dim(params.axis);
    int64_t inner = 1;
    for (int axis = params.axis + 1; axis < x.rank(); ++axis) inner *= x.dim(axis);
    const int64_t outer = length * inner == 0 ? 0 : x.size() / (length * inner);
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t i = 0; i < inner; ++i) {
        const float* values = x.data() + o * length * inner + i;
        int64_t best = 0;
        for (int64_t k = 1; k < length; ++k) {
          if (Beats(values[k * inner], values[best * inner], largest, params.select_last_index)) {
            best = k;
          }
        }
        y[o * inner + i] = static_cast<float>(best);
      }
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

OpDefinition MakeArgMax() { return MakeArg("ArgMax", true); }
OpDefinition MakeArgMin() { return MakeArg("ArgMin", false); }

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeArgMax, "axis", "keepdims", "select_last_index");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeArgMin, "axis", "keepdims", "select_last_index");

}  // namespace sentio::cnn::ops
