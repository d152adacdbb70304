// ReduceMean, ReduceMax, ReduceMin, ReduceSum, ReduceProd, ReduceL2 and ReduceLogSumExp: one value
// per position of the axes not in `axes`, reducing the values along `axes` (negative counts from
// the end; absent or empty means every axis, or none with noop_with_empty_axes = 1, the input
// then passing through). keepdims (default 1) keeps the reduced axes as size 1, else drops them.
// A reduction over no values gives the operation's identity: 0 for Sum and L2, 1 for Prod, -inf
// for Max and LogSumExp, +inf for Min, NaN for Mean. ONNX passes `axes` as an attribute before
// opset 13 (ReduceSum) or 18 (the others) and as input 1 after; the IR always has the attribute.
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

enum class Reduction { kMean, kMax, kMin, kSum, kProd, kL2, kLogSumExp };

// A 0/1 attribute.
absl::StatusOr<bool> FlagAttribute(const Node& node, const char* name, bool default_value) {
  ASSIGN_OR_RETURN(int64_t value, IntAttribute(node, name, default_value ? 1 : 0));
  if (value != 0 && value != 1) {
    return NodeError(node, absl::StrCat("attribute '", name, "' must be 0 or 1, is ", value));
  }
  return value == 1;
}

struct ReduceParams {
  std::vector<bool> reduced;  // per input axis
  bool keepdims = true;
  bool identity = false;  // empty axes with noop_with_empty_axes: the output is the input
};

absl::StatusOr<ReduceParams> ParseReduce(const Node& node, const Shape& input) {
  const int rank = static_cast<int>(input.size());
  ReduceParams params;
  ASSIGN_OR_RETURN(params.keepdims, FlagAttribute(node, "keepdims", true));
  ASSIGN_OR_RETURN(bool noop_with_empty_axes, FlagAttribute(node, "noop_with_empty_axes", false));
  ASSIGN_OR_RETURN(std::vector<int64_t> axes, IntsAttribute(node, "axes", {}));
  ASSIGN_OR_RETURN(std::vector<int> normalized, NormalizeAxes(node, axes, rank));
  params.identity = normalized.empty() && noop_with_empty_axes;
  params.reduced.assign(rank, normalized.empty() && !noop_with_empty_axes);
  for (int axis : normalized) params.reduced[axis] = true;
  return params;
}

Shape ReducedShape(const ReduceParams& params, const Shape& input) {
  Shape out;
  for (size_t axis = 0; axis < input.size(); ++axis) {
    if (!params.reduced[axis]) {
      out.push_back(input[axis]);
    } else if (params.keepdims) {
      out.push_back(1);
    }
  }
  return out;
}

// For each input element (row-major), the flat index of the output element it reduces into.
std::vector<int64_t> OutputIndices(const ReduceParams& params, const Shape& input) {
  const size_t rank = input.size();
  // Strides of the output laid out over the kept input axes; reduced axes do not move the index.
  std::vector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (size_t axis = rank; axis-- > 0;) {
    if (params.reduced[axis]) continue;
    strides[axis] = stride;
    stride *= input[axis];
  }
  int64_t count = 1;
  for (int64_t dim : input) count *= dim;
  std::vector<int64_t> indices(count);
  std::vector<int64_t> position(rank, 0);
  int64_t index = 0;
  for (int64_t flat = 0; flat < count; ++flat) {
    indices[flat] = index;
    for (size_t axis = rank; axis-- > 0;) {
      index += strides[axis];
      if (++position[axis] < input[axis]) break;
      index -= strides[axis] * position[axis];
      position[axis] = 0;
    }
  }
  return indices;
}

double InitialValue(Reduction reduction) {
  switch (reduction) {
    case Reduction::kMax:
    case Reduction::kLogSumExp:
      return -std::numeric_limits<double>::infinity();
    case Reduction::kMin:
      return std::numeric_limits<double>::infinity();
    case Reduction::kProd:
      return 1;
    default:
      return 0;
  }
}

// Reduces `x` into `out_count` values; `targets[i]` is the output that x[i] reduces into.
std::vector<double> Reduce(Reduction reduction, const Tensor& x,
                           const std::vector<int64_t>& targets, int64_t out_count) {
  std::vector<double> acc(out_count, InitialValue(reduction));
  const auto max_into = [&](std::vector<double>& values) {
    for (int64_t i = 0; i < x.size(); ++i) {
      double& value = values[targets[i]];
      if (x[i] > value || std::isnan(x[i])) value = x[i];
    }
  };
  switch (reduction) {
    case Reduction::kMax:
      max_into(acc);
      break;
    case Reduction::kMin:
      for (int64_t i = 0; i < x.size(); ++i) {
        double& value = acc[targets[i]];
        if (x[i] < value || std::isnan(x[i])) value = x[i];
      }
      break;
    case Reduction::kSum:
    case Reduction::kMean:
      for (int64_t i = 0; i < x.size(); ++i) acc[targets[i]] += x[i];
      if (reduction == Reduction::kMean) {
        const double count = out_count == 0 ? 0.0 : static_cast<double>(x.size()) / out_count;
        for (double& value : acc) value /= count;  // 0 / 0 = NaN over no values
      }
      break;
    case Reduction::kProd:
      for (int64_t i = 0; i < x.size(); ++i) acc[targets[i]] *= x[i];
      break;
    case Reduction::kL2:
      for (int64_t i = 0; i < x.size(); ++i) acc[targets[i]] += double{x[i]} * x[i];
      for (double& value : acc) value = std::sqrt(value);
      break;
    case Reduction::kLogSumExp: {
      // max + log(sum(exp(x - max))), which neither overflows nor loses the small terms.
      std::vector<double> max(out_count, InitialValue(Reduction::kMax));
      max_into(max);
      std::fill(acc.begin(), acc.end(), 0.0);
      for (int64_t i = 0; i < x.size(); ++i) {
        const double m = max[targets[i]];
        if (std::isfinite(m)) acc[targets[i]] += std::exp(x[i] - m);
      }
      for (int64_t o = 0; o < out_count; ++o) {
        acc[o] = std::isfinite(max[o]) ? max[o] + std::log(acc[o]) : max[o];
      }
      break;
    }
  }
  return acc;
}

OpDefinition MakeReduce(const char* op_type, Reduction reduction, int64_t axes_input_since) {
  OpDefinition op;
  op.op_type = op_type;
  op.onnx_constant_inputs = {{1, "axes", axes_input_since}};
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    ASSIGN_OR_RETURN(ReduceParams params, ParseReduce(node, inputs[0]));
    return std::vector<Shape>{ReducedShape(params, inputs[0])};
  };
  op.run_reference = [reduction](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(ReduceParams params, ParseReduce(node, x.shape()));
    std::vector<Tensor> outputs;
    if (params.identity) {
      outputs.push_back(x);
      return outputs;
    }
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(ReducedShape(params, x.shape())));
    const std::vector<double> values =
        Reduce(reduction, x, OutputIndices(params, x.shape()), y.size());
    for (int64_t i = 0; i < y.size(); ++i) y[i] = static_cast<float>(values[i]);
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

OpDefinition MakeReduceMean() { return MakeReduce("ReduceMean", Reduction::kMean, 18); }
OpDefinition MakeReduceMax() { return MakeReduce("ReduceMax", Reduction::kMax, 18); }
OpDefinition MakeReduceMin() { return MakeReduce("ReduceMin", Reduction::kMin, 18); }
OpDefinition MakeReduceSum() { return MakeReduce("ReduceSum", Reduction::kSum, 13); }
OpDefinition MakeReduceProd() { return MakeReduce("ReduceProd", Reduction::kProd, 18); }
OpDefinition MakeReduceL2() { return MakeReduce("ReduceL2", Reduction::kL2, 18); }
OpDefinition MakeReduceLogSumExp() {
  return MakeReduce("ReduceLogSumExp", Reduction::kLogSumExp, 18);
}

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeReduceMean, "keepdims", "noop_with_empty_axes");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeReduceMax, "keepdims", "noop_with_empty_axes");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeReduceMin, "keepdims", "noop_with_empty_axes");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeReduceSum, "keepdims", "noop_with_empty_axes");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeReduceProd, "keepdims", "noop_with_empty_axes");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeReduceL2, "keepdims", "noop_with_empty_axes");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeReduceLogSumExp, "keepdims", "noop_with_empty_axes");

}  // namespace sentio::cnn::ops
