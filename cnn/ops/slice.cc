// Slice: along each of `axes` (default the leading axes, one per start), the entries starts[i],
// starts[i] + steps[i], ... before ends[i] (steps default 1). Negative starts and ends count from
// the end; both are then clamped to the dimension (ends such as INT64_MAX mean "to the end", and
// with a negative step INT64_MIN means "through the first entry"). ONNX passes starts, ends and
// axes as attributes before opset 10 and starts, ends, axes, steps as inputs 1..4 from 10; the IR
// always has the attributes.
#include <algorithm>
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

// Per axis of the input: the first entry taken, the step, and the output's dimension.
struct SliceParams {
  std::vector<int64_t> start, step;
  Shape output;
};

absl::StatusOr<std::vector<int64_t>> SliceList(const Node& node, const char* name,
                                               size_t count, int64_t default_value) {
  ASSIGN_OR_RETURN(std::vector<int64_t> values, IntsAttribute(node, name, {}));
  if (values.empty()) return std::vector<int64_t>(count, default_value);
  if (values.size() != count) {
    return NodeError(node, absl::StrCat("attribute '", name, "' has ", values.size(),
                                        " values for ", count, " starts"));
  }
  return values;
}

absl::StatusOr<SliceParams> ParseSlice(const Node& node, const Shape& input) {
  const int rank = static_cast<int>(input.size());
  ASSIGN_OR_RETURN(std::vector<int64_t> starts, IntsAttribute(node, "starts", {}));
  ASSIGN_OR_RETURN(std::vector<int64_t> ends, IntsAttribute(node, "ends", {}));
  if (ends.size() != starts.size()) {
    return NodeError(node, absl::StrCat("attribute 'ends' has ", ends.size(), " values for ",
                                        starts.size(), " starts"));
  }
  if (starts.size() > input.size()) {
    return NodeError(node, absl::StrCat("attribute 'starts' has ", starts.size(),
                                        " values for rank ", rank));
  }
  std::vector<int64_t> leading_axes(starts.size());
  for (size_t i = 0; i < leading_axes.size(); ++i) leading_axes[i] = static_cast<int64_t>(i);
  ASSIGN_OR_RETURN(std::vector<int64_t> axes, IntsAttribute(node, "axes", leading_axes));
  if (axes.size() != starts.size()) {
    return NodeError(node, absl::StrCat("attribute 'axes' has ", axes.size(), " values for ",
                                        starts.size(), " starts"));
  }
  ASSIGN_OR_RETURN(std::vector<int> normalized_axes, NormalizeAxes(node, axes, rank));
  ASSIGN_OR_RETURN(std::vector<int64_t> steps, SliceList(node, "steps", starts.size(), 1));

  SliceParams params;
  params.start.assign(rank, 0);
  params.step.assign(rank, 1);
  params.output = input;
  for (size_t i = 0; i < starts.size(); ++i) {
    const int axis = normalized_axes[i];
    const int64_t dim = input[axis];
    const int64_t step = steps[i];
    if (step == 0) {
      return NodeError(node, absl::StrCat("attribute 'steps' has a 0 for axis ", axis));
    }
    int64_t start = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t end = ends[i] < 0 ? ends[i] + dim : ends[i];
    // A positive step walks [start, end) within [0, dim]; a negative one walks (end, start] within
    // [-1, dim - 1], -1 being "before the first entry".
    if (dim == 0) {
      start = end = 0;
    } else if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
    }
    const int64_t distance = step > 0 ? end - start : start - end;  // at most dim + 1
    // The step's magnitude as unsigned, so that INT64_MIN has one.
    const uint64_t stride = step > 0 ? static_cast<uint64_t>(step)
                                     : 0 - static_cast<uint64_t>(step);
    const int64_t count =
        distance <= 0
            ? 0
            : static_cast<int64_t>((static_cast<uint64_t>(distance) + stride - 1) / stride);
    params.start[axis] = count == 0 ? 0 : start;
    params.step[axis] = count <= 1 ? 1 : step;  // with one entry the step is never applied
    params.output[axis] = count;
  }
  return params;
}

OpDefinition MakeSlice() {
  OpDefinition op;
  op.op_type = "Slice";
  op.onnx_constant_inputs = {
      {1, "starts", 10}, {2, "ends", 10}, {3, "axes", 10}, {4, "steps", 10}};
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(SliceParams params, ParseSlice(node, inputs[0]));
    return std::vector<Shape>{params.output};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(SliceParams params, ParseSlice(node, x.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(params.output));
    const int rank = x.rank();
    std::vector<int64_t> input_strides(rank, 1);
    for (int axis = rank - 1; axis > 0; --axis) {
      input_strides[axis - 1] = input_strides[axis] * x.shape()[axis];
    }
    std::vector<int64_t> position(rank, 0);
    for (int64_t i = 0; i < y.size(); ++i) {
      int64_t source = 0;
      for (int axis = 0; axis < rank; ++axis) {
        source += (params.start[axis] + position[axis] * params.step[axis]) * input_strides[axis];
      }
      y[i] = x[source];
      for (int axis = rank; axis-- > 0;) {
        if (++position[axis] < params.output[axis]) break;
        position[axis] = 0;
      }
    }
    std::vector<Tensor> outputs;
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

SENTIO_REGISTER_OP(MakeSlice);

}  // namespace
}  // namespace sentio::cnn::ops
