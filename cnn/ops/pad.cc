// Pad: adds pads[i] entries before and pads[i + n] after axis axes[i] (axes default all n axes)
// in `mode` constant (the constant `value`, default 0), reflect (mirrored about the edge entry,
// repeatedly when the pad is longer than the axis), edge (the edge entry repeated) or wrap (the
// axis repeated periodically). Negative pads crop; the crop happens first, so reflect, edge and
// wrap pad from the cropped data. ONNX passes pads and the value as the attributes `pads` and
// `value` before opset 11, and as inputs 1 (pads) and 2 (constant_value) from 11, axes as input 3
// from 18; the IR always has the attributes `pads`, `value` (the scalar constant_value input goes
// into it) and `axes`.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

enum class PadMode { kConstant, kReflect, kEdge, kWrap };

// Per axis of the input: the signed pads before and after it; the output's shape.
struct PadParams {
  PadMode mode = PadMode::kConstant;
  float value = 0;
  std::vector<int64_t> before, after;
  Shape output;
};

absl::StatusOr<PadMode> ParsePadMode(const Node& node) {
  ASSIGN_OR_RETURN(std::string mode, StringAttribute(node, "mode", "constant"));
  if (mode == "constant") return PadMode::kConstant;
  if (mode == "reflect") return PadMode::kReflect;
  if (mode == "edge") return PadMode::kEdge;
  if (mode == "wrap") return PadMode::kWrap;
  return NodeError(node, absl::StrCat("attribute 'mode' \"", mode,
                                      "\" is not constant, reflect, edge or wrap"));
}

absl::StatusOr<PadParams> ParsePad(const Node& node, const Shape& input) {
  const int rank = static_cast<int>(input.size());
  PadParams params;
  ASSIGN_OR_RETURN(params.mode, ParsePadMode(node));
  ASSIGN_OR_RETURN(params.value, FloatAttribute(node, "value", 0.0f));
  std::vector<int64_t> all_axes(rank);
  for (int axis = 0; axis < rank; ++axis) all_axes[axis] = axis;
  ASSIGN_OR_RETURN(std::vector<int64_t> axes, IntsAttribute(node, "axes", all_axes));
  ASSIGN_OR_RETURN(std::vector<int> normalized_axes, NormalizeAxes(node, axes, rank));
  ASSIGN_OR_RETURN(std::vector<int64_t> pads, IntsAttribute(node, "pads", {}));
  if (pads.size() != 2 * axes.size()) {
    return NodeError(node, absl::StrCat("attribute 'pads' has ", pads.size(), " values for ",
                                        axes.size(), " axes (needs two per axis)"));
  }
  params.before.assign(rank, 0);
  params.after.assign(rank, 0);
  params.output = input;
  for (size_t i = 0; i < axes.size(); ++i) {
    const int axis = normalized_axes[i];
    const int64_t before = pads[i], after = pads[i + axes.size()];
    int64_t dim = 0;
    if (before < -input[axis] || after < -input[axis] ||
        __builtin_add_overflow(input[axis], before, &dim) ||
        __builtin_add_overflow(dim, after, &dim) || dim < 0) {
      return NodeError(node, absl::StrCat("attribute 'pads' ", before, ", ", after,
                                          " do not fit dimension ", input[axis], " of axis ",
                                          axis));
    }
    // The entries left after cropping (none crops more than the axis has), which reflect, edge
    // and wrap copy from.
    const int64_t kept = input[axis] - std::max<int64_t>(0, -before) - std::max<int64_t>(0, -after);
    if (params.mode != PadMode::kConstant && dim > 0 && kept <= 0) {
      return NodeError(node, absl::StrCat("attribute 'mode': axis ", axis,
                                          " has no entries to pad from"));
    }
    params.before[axis] = before;
    params.after[axis] = after;
    params.output[axis] = dim;
  }
  return params;
}

// For each output position along one axis, the input position it copies, or -1 for the constant.
std::vector<int64_t> SourcePositions(const PadParams& params, int64_t dim, int axis) {
  const int64_t before = params.before[axis], after = params.after[axis];
  const int64_t first = std::max<int64_t>(0, -before);  // first input position kept
  const int64_t kept = dim - first - std::max<int64_t>(0, -after);
  const int64_t lead = std::max<int64_t>(0, before);  // output positions before the kept data
  std::vector<int64_t> sources(params.output[axis]);
  for (int64_t o = 0; o < params.output[axis]; ++o) {
    int64_t q = o - lead;  // position relative to the kept data
    if (q < 0 || q >= kept) {
      switch (params.mode) {
        case PadMode::kConstant:
          sources[o] = -1;
          continue;
        case PadMode::kEdge:
          q = std::clamp<int64_t>(q, 0, kept - 1);
          break;
        case PadMode::kReflect: {
          const int64_t period = 2 * (kept - 1);
          if (period == 0) {
            q = 0;
          } else {
            q = ((q % period) + period) % period;
            if (q >= kept) q = period - q;
          }
          break;
        }
        case PadMode::kWrap:
          q = ((q % kept) + kept) % kept;
          break;
      }
    }
    sources[o] = first + q;
  }
  return sources;
}

OpDefinition MakePad() {
  OpDefinition op;
  op.op_type = "Pad";
  op.onnx_constant_inputs = {
      {1, "pads", 11}, {2, "value", 11, /*keep_shape=*/false, /*scalar=*/true}, {3, "axes", 18}};
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(PadParams params, ParsePad(node, inputs[0]));
    return std::vector<Shape>{params.output};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(PadParams params, ParsePad(node, x.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(params.output));
    std::vector<Tensor> outputs;
    // An empty output may still have one huge dimension, too long to list positions for.
    if (y.size() == 0) {
      outputs.push_back(std::move(y));
      return outputs;
    }
    const int rank = x.rank();
    std::vector<std::vector<int64_t>> sources(rank);
    for (int axis = 0; axis < rank; ++axis) {
      sources[axis] = SourcePositions(params, x.shape()[axis], axis);
    }
    std::vector<int64_t> input_strides(rank, 1);
    for (int axis = rank - 1; axis > 0; --axis) {
      input_strides[axis - 1] = input_strides[axis] * x.shape()[axis];
    }
    std::vector<int64_t> position(rank, 0);
    for (int64_t i = 0; i < y.size(); ++i) {
      int64_t source = 0;
      for (int axis = 0; axis < rank && source >= 0; ++axis) {
        const int64_t along = sources[axis][position[axis]];
        source = along < 0 ? -1 : source + along * input_strides[axis];
      }
      y[i] = source < 0 ? params.value : x[source];
      for (int axis = rank; axis-- > 0;) {
        if (++position[axis] < params.output[axis]) break;
        position[axis] = 0;
      }
    }
    outputs.push_back(std::move(y));
    return outputs;
  };
  return op;
}

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakePad, "mode", "pads", "value");

}  // namespace
}  // namespace sentio::cnn::ops
