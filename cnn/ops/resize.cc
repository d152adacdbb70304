// Resize (ONNX Resize, opsets 10-21, and ONNX Upsample, which the importer maps here): every output
// element is a weighted sum of the input elements near the point that it maps back to, axis by
// axis. Each output coordinate x maps to an input coordinate by `coordinate_transformation_mode`
// (half_pixel (default), half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric,
// tf_half_pixel_for_nn, tf_crop_and_resize with `roi` and `extrapolation_value` for points outside
// the input); `mode` nearest picks one element (`nearest_mode` round_prefer_floor (default),
// round_prefer_ceil, floor, ceil), linear and cubic (`cubic_coeff_a`, default -0.75) interpolate
// over every axis that changes (N-linear, N-cubic). Neighbours beyond the edge repeat the edge
// element, or with `exclude_outside` get weight 0 and the others are renormalised; `antialias`
// widens the linear and cubic filters by 1 / scale when downsampling. Output axis d has
// floor(input[d] * scales[d]) elements, or sizes[d], which `keep_aspect_ratio_policy` not_larger
// / not_smaller turns into one scale for all resized axes (output rounded half up); `axes` lists
// the axes that `roi`, `scales` and `sizes` describe (default all).
//
// The arithmetic follows onnx.reference (onnx 1.16): the fractional output length input * scale
// enters align_corners, tf_crop_and_resize and half_pixel_symmetric. Where that reference and the
// specification differ, the specification wins: pytorch_half_pixel maps every point of a
// 1-element output to 0 (the reference uses -0.5), and exclude_outside does not apply to nearest.
//
// ONNX passes roi, scales and sizes as inputs 1, 2 and 3 from opset 11 (scales as input 1 in
// Resize-10 and Upsample-9, as an attribute in Upsample-7); the IR has them as the attributes
// `roi` (FLOATS), `scales` (FLOATS) and `sizes` (INTS), an empty one meaning absent. Before opset
// 11 (the IR attribute `onnx_opset` <= 10) the coordinate transformation defaults to asymmetric
// and nearest rounds down along axes that grow and up along axes that shrink (what onnxruntime
// does for Resize-10 and Upsample).
#include <algorithm>
#include <cmath>
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

enum class InterpolationMode { kNearest, kLinear, kCubic };

enum class CoordinateMode {
  kHalfPixel,
  kHalfPixelSymmetric,
  kPytorchHalfPixel,
  kAlignCorners,
  kAsymmetric,
  kTfHalfPixelForNn,
  kTfCropAndResize,
};

enum class NearestMode {
  kRoundPreferFloor,
  kRoundPreferCeil,
  kFloor,
  kCeil,
  kBeforeOpset11,  // floor where the axis grows, ceil where it shrinks
};

// One axis of the input, as the coordinate transformation sees it.
struct ResizeAxis {
  int64_t input = 0;
  int64_t output = 0;
  double scale = 1;
  // input * scale before flooring: in float32 when the scale came from `scales` (as in the
  // reference, where the scales tensor is float32), in double when it came from `sizes`.
  double output_width = 0;
  float roi_start = 0, roi_end = 1;
};

struct ResizeParams {
  InterpolationMode mode = InterpolationMode::kNearest;
  CoordinateMode coordinates = CoordinateMode::kHalfPixel;
  NearestMode nearest = NearestMode::kRoundPreferFloor;
  double cubic_coeff_a = -0.75;
  bool exclude_outside = false;
  bool antialias = false;
  float extrapolation_value = 0;
  std::vector<ResizeAxis> axes;  // one per input axis
  Shape output;
};

// The newest ONNX opset, which an IR node without "onnx_opset" follows.
constexpr int64_t kNewestOpset = 21;
// Output dimensions beyond this are an error before any float-to-integer conversion.
constexpr double kMaxDimension = 4.0e18;

absl::StatusOr<InterpolationMode> ParseMode(const Node& node) {
  ASSIGN_OR_RETURN(std::string mode, StringAttribute(node, "mode", "nearest"));
  if (mode == "nearest") return InterpolationMode::kNearest;
  if (mode == "linear") return InterpolationMode::kLinear;
  if (mode == "cubic") return InterpolationMode::kCubic;
  return NodeError(node,
                   absl::StrCat("attribute 'mode' \"", mode, "\" is not nearest, linear or cubic"));
}

absl::StatusOr<CoordinateMode> ParseCoordinateMode(const Node& node, bool before_opset_11) {
  ASSIGN_OR_RETURN(std::string mode,
                   StringAttribute(node, "coordinate_transformation_mode",
                                   before_opset_11 ? "asymmetric" : "half_pixel"));
  if (mode == "half_pixel") return CoordinateMode::kHalfPixel;
  if (mode == "half_pixel_symmetric") return CoordinateMode::kHalfPixelSymmetric;
  if (mode == "pytorch_half_pixel") return CoordinateMode::kPytorchHalfPixel;
  if (mode == "align_corners") return CoordinateMode::kAlignCorners;
  if (mode == "asymmetric") return CoordinateMode::kAsymmetric;
  if (mode == "tf_half_pixel_for_nn") return CoordinateMode::kTfHalfPixelForNn;
  if (mode == "tf_crop_and_resize") return CoordinateMode::kTfCropAndResize;
  return NodeError(node, absl::StrCat("attribute 'coordinate_transformation_mode' \"", mode,
                                      "\" is not half_pixel, half_pixel_symmetric, "
                                      "pytorch_half_pixel, align_corners, asymmetric, "
                                      "tf_half_pixel_for_nn or tf_crop_and_resize"));
}

absl::StatusOr<NearestMode> ParseNearestMode(const Node& node, bool before_opset_11) {
  const bool present =
      std::any_of(node.attribute().begin(), node.attribute().end(),
                  [](const Attribute& attribute) { return attribute.name() == "nearest_mode"; });
  if (before_opset_11 && !present) return NearestMode::kBeforeOpset11;
  ASSIGN_OR_RETURN(std::string mode, StringAttribute(node, "nearest_mode", "round_prefer_floor"));
  if (mode == "round_prefer_floor") return NearestMode::kRoundPreferFloor;
  if (mode == "round_prefer_ceil") return NearestMode::kRoundPreferCeil;
  if (mode == "floor") return NearestMode::kFloor;
  if (mode == "ceil") return NearestMode::kCeil;
  return NodeError(node, absl::StrCat("attribute 'nearest_mode' \"", mode,
                                      "\" is not round_prefer_floor, round_prefer_ceil, floor "
                                      "or ceil"));
}

// INT attribute `name` (default 0) that must be 0 or 1.
absl::StatusOr<bool> FlagAttribute(const Node& node, const char* name) {
  ASSIGN_OR_RETURN(int64_t value, IntAttribute(node, name, 0));
  if (value != 0 && value != 1) {
    return NodeError(node, absl::StrCat("attribute '", name, "' is ", value, ", not 0 or 1"));
  }
  return value == 1;
}

// The output lengths and scales of the resized axes `axes` from `scales` or `sizes`.
absl::Status SetAxisScales(const Node& node, const std::vector<int>& axes,
                           const std::vector<float>& scales, const std::vector<int64_t>& sizes,
                           ResizeParams& params) {
  if (scales.empty() == sizes.empty()) {
    return NodeError(node, scales.empty()
                               ? "needs one of the attributes 'scales' and 'sizes'"
                               : "has both attributes 'scales' and 'sizes'; only one may be set");
  }
  const size_t count = scales.empty() ? sizes.size() : scales.size();
  if (count != axes.size()) {
    return NodeError(node, absl::StrCat("attribute '", scales.empty() ? "sizes" : "scales",
                                        "' has ", count, " values for ", axes.size(), " axes"));
  }
  if (!scales.empty()) {
    for (size_t i = 0; i < axes.size(); ++i) {
      ResizeAxis& axis = params.axes[axes[i]];
      const float scale = scales[i];
      const double length = static_cast<double>(scale) * axis.input;
      if (!(scale > 0) || !(length < kMaxDimension)) {
        return NodeError(node, absl::StrCat("attribute 'scales' value ", scale, " for axis ",
                                            axes[i], " is not a positive scale of length ",
                                            axis.input));
      }
      axis.scale = scale;
      axis.output_width = scale * static_cast<float>(axis.input);  // float32, as the reference
      axis.output = static_cast<int64_t>(std::floor(length));
    }
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::string policy,
                   StringAttribute(node, "keep_aspect_ratio_policy", "stretch"));
  if (policy != "stretch" && policy != "not_larger" && policy != "not_smaller") {
    return NodeError(node, absl::StrCat("attribute 'keep_aspect_ratio_policy' \"", policy,
                                        "\" is not stretch, not_larger or not_smaller"));
  }
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t input = params.axes[axes[i]].input;
    if (sizes[i] < 0 || (input == 0 && (sizes[i] != 0 || policy != "stretch"))) {
      return NodeError(node, absl::StrCat("attribute 'sizes' value ", sizes[i], " for axis ",
                                          axes[i], " cannot be reached from length ", input));
    }
  }
  double common_scale = 0;
  if (policy != "stretch") {
    for (size_t i = 0; i < axes.size(); ++i) {
      const double scale = static_cast<double>(sizes[i]) / params.axes[axes[i]].input;
      if (i == 0 || (policy == "not_larger" ? scale < common_scale : scale > common_scale)) {
        common_scale = scale;
      }
    }
  }
  for (size_t i = 0; i < axes.size(); ++i) {
    ResizeAxis& axis = params.axes[axes[i]];
    if (policy == "stretch") {
      axis.output = sizes[i];
      axis.scale = axis.input == 0 ? 1 : static_cast<double>(sizes[i]) / axis.input;
    } else {
      const double length = common_scale * axis.input + 0.5;  // rounded half up
      if (!(length < kMaxDimension)) {
        return NodeError(node, "attribute 'sizes' gives an output too large");
      }
      axis.output = static_cast<int64_t>(length);
      axis.scale = common_scale;
    }
    axis.output_width = axis.scale * axis.input;
  }
  return absl::OkStatus();
}

absl::StatusOr<ResizeParams> ParseResize(const Node& node, const Shape& input) {
  const int rank = static_cast<int>(input.size());
  ResizeParams params;
  ASSIGN_OR_RETURN(int64_t opset, IntAttribute(node, "onnx_opset", kNewestOpset));
  const bool before_opset_11 = opset < 11;
  ASSIGN_OR_RETURN(params.mode, ParseMode(node));
  ASSIGN_OR_RETURN(params.coordinates, ParseCoordinateMode(node, before_opset_11));
  ASSIGN_OR_RETURN(params.nearest, ParseNearestMode(node, before_opset_11));
  ASSIGN_OR_RETURN(float cubic_coeff_a, FloatAttribute(node, "cubic_coeff_a", -0.75f));
  params.cubic_coeff_a = cubic_coeff_a;
  ASSIGN_OR_RETURN(params.exclude_outside, FlagAttribute(node, "exclude_outside"));
  ASSIGN_OR_RETURN(params.antialias, FlagAttribute(node, "antialias"));
  ASSIGN_OR_RETURN(params.extrapolation_value, FloatAttribute(node, "extrapolation_value", 0.0f));

  std::vector<int64_t> all_axes(rank);
  for (int axis = 0; axis < rank; ++axis) all_axes[axis] = axis;
  ASSIGN_OR_RETURN(std::vector<int64_t> axes_attribute, IntsAttribute(node, "axes", all_axes));
  ASSIGN_OR_RETURN(std::vector<int> axes, NormalizeAxes(node, axes_attribute, rank));

  params.axes.resize(rank);
  for (int axis = 0; axis < rank; ++axis) {
    params.axes[axis].input = params.axes[axis].output = input[axis];
    params.axes[axis].output_width = static_cast<double>(input[axis]);
  }
  ASSIGN_OR_RETURN(std::vector<float> scales, FloatsAttribute(node, "scales", {}));
  ASSIGN_OR_RETURN(std::vector<int64_t> sizes, IntsAttribute(node, "sizes", {}));
  RETURN_IF_ERROR(SetAxisScales(node, axes, scales, sizes, params));

  if (params.coordinates == CoordinateMode::kTfCropAndResize) {
    ASSIGN_OR_RETURN(std::vector<float> roi, FloatsAttribute(node, "roi", {}));
    if (roi.size() != 2 * axes.size()) {
      return NodeError(node, absl::StrCat("attribute 'roi' has ", roi.size(),
                                          " values; tf_crop_and_resize needs a start and an end ",
                                          "for each of ", axes.size(), " axes"));
    }
    for (size_t i = 0; i < axes.size(); ++i) {
      const float start = roi[i], end = roi[axes.size() + i];
      if (!std::isfinite(start) || !std::isfinite(end)) {
        return NodeError(node, absl::StrCat("attribute 'roi' is not finite for axis ", axes[i]));
      }
      params.axes[axes[i]].roi_start = start;
      params.axes[axes[i]].roi_end = end;
    }
  }
  for (const ResizeAxis& axis : params.axes) params.output.push_back(axis.output);
  return params;
}

// x_original of output coordinate `x` along `axis`; `outside` is set for the tf_crop_and_resize
// points beyond the input.
double InputCoordinate(const ResizeParams& params, const ResizeAxis& axis, int64_t x,
                       bool& outside) {
  const double scale = axis.scale;
  outside = false;
  switch (params.coordinates) {
    case CoordinateMode::kHalfPixel:
      return (x + 0.5) / scale - 0.5;
    case CoordinateMode::kHalfPixelSymmetric: {
      const double adjustment = axis.output / axis.output_width;
      const double offset = axis.input / 2.0 * (1 - adjustment);
      return offset + (x + 0.5) / scale - 0.5;
    }
    case CoordinateMode::kPytorchHalfPixel:
      return axis.output > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
    case CoordinateMode::kAlignCorners:
      return axis.output_width == 1
                 ? 0.0
                 : static_cast<double>(x) * (axis.input - 1) / (axis.output_width - 1);
    case CoordinateMode::kAsymmetric:
      return x / scale;
    case CoordinateMode::kTfHalfPixelForNn:
      return (x + 0.5) / scale;
    case CoordinateMode::kTfCropAndResize: {
      // float32 where the reference computes in float32 (the roi tensor's type).
      const float span = axis.roi_end - axis.roi_start;
      const float last = static_cast<float>(axis.input - 1);
      double coordinate;
      if (axis.output_width == 1) {
        coordinate = span * last / 2 + axis.roi_start * last;
      } else {
        coordinate = static_cast<double>(x) * span * (axis.input - 1) / (axis.output_width - 1) +
                     axis.roi_start * last;
      }
      outside = !(coordinate >= 0 && coordinate <= axis.input - 1);
      return coordinate;
    }
  }
  return 0;
}

// Keys's cubic convolution kernel with parameter a at distance |t|.
double CubicKernel(double t, double a) {
  t = std::fabs(t);
  if (t <= 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

// The input elements (indices clamped to the axis) and weights that make up each output element
// along one axis; `outside` marks the tf_crop_and_resize points that take the extrapolation value.
struct AxisTaps {
  std::vector<int64_t> begin;  // output x's taps are [begin[x], begin[x + 1])
  std::vector<int64_t> index;
  std::vector<double> weight;
  std::vector<bool> outside;
  bool any_outside = false;

  // Whether every output element is the input element of the same index.
  bool IsIdentity(int64_t input) const {
    if (any_outside || static_cast<int64_t>(begin.size()) != input + 1) return false;
    for (int64_t x = 0; x < input; ++x) {
      if (begin[x + 1] - begin[x] != 1 || index[begin[x]] != x || weight[begin[x]] != 1) {
        return false;
      }
    }
    return true;
  }
};

// The nearest input index to `coordinate` under `mode`, before clamping.
int64_t NearestIndex(NearestMode mode, double coordinate, double scale) {
  switch (mode) {
    case NearestMode::kRoundPreferFloor:
      return static_cast<int64_t>(std::ceil(coordinate - 0.5));
    case NearestMode::kRoundPreferCeil:
      return static_cast<int64_t>(std::floor(coordinate + 0.5));
    case NearestMode::kFloor:
      return static_cast<int64_t>(std::floor(coordinate));
    case NearestMode::kCeil:
      return static_cast<int64_t>(std::ceil(coordinate));
    case NearestMode::kBeforeOpset11:
      return static_cast<int64_t>(scale < 1 ? std::ceil(coordinate) : std::floor(coordinate));
  }
  return 0;
}

AxisTaps ComputeAxisTaps(const ResizeParams& params, const ResizeAxis& axis) {
  AxisTaps taps;
  taps.begin.push_back(0);
  const int64_t last = axis.input - 1;
  std::vector<int64_t> indices;
  std::vector<double> weights;
  for (int64_t x = 0; x < axis.output; ++x) {
    bool outside = false;
    // Bounded so that the integer conversions below are defined whatever the attributes are.
    double coordinate = InputCoordinate(params, axis, x, outside);
    coordinate = std::isnan(coordinate) ? 0.0 : std::clamp(coordinate, -1.0e15, 1.0e15);
    taps.outside.push_back(outside);
    taps.any_outside = taps.any_outside || outside;
    indices.clear();
    weights.clear();
    if (outside) {
      // No taps: the extrapolation value is written afterwards.
    } else if (params.mode == InterpolationMode::kNearest) {
      indices.push_back(NearestIndex(params.nearest, coordinate, axis.scale));
      weights.push_back(1);
    } else {
      // The neighbours lie at base + offset with ratio in (0, 1]: an integer coordinate counts as
      // the right end of the interval to its left, as in the reference.
      const double floor = std::floor(coordinate);
      const int64_t base = static_cast<int64_t>(floor) - (coordinate == floor ? 1 : 0);
      const double ratio = coordinate - static_cast<double>(base);
      // The filter's support is widened by 1 / scale when antialiasing a downsampled axis.
      const double stretch = params.antialias ? std::min(axis.scale, 1.0) : 1.0;
      const double support = params.mode == InterpolationMode::kLinear ? 1 : 2;
      const int64_t first = static_cast<int64_t>(std::floor(-support / stretch)) + 1;
      for (int64_t offset = first; offset <= 1 - first; ++offset) {
        const double distance = (static_cast<double>(offset) - ratio) * stretch;
        const double weight = params.mode == InterpolationMode::kLinear
                                  ? std::max(0.0, 1 - std::fabs(distance))
                                  : CubicKernel(distance, params.cubic_coeff_a);
        indices.push_back(base + offset);
        weights.push_back(weight);
      }
      if (params.exclude_outside) {
        for (size_t i = 0; i < indices.size(); ++i) {
          if (indices[i] < 0 || indices[i] > last) weights[i] = 0;
        }
      }
      if (params.antialias || params.exclude_outside) {
        double sum = 0;
        for (double weight : weights) sum += weight;
        if (sum != 0) {
          for (double& weight : weights) weight /= sum;
        }
      }
    }
    for (size_t i = 0; i < indices.size(); ++i) {
      if (weights[i] == 0) continue;
      taps.index.push_back(std::clamp<int64_t>(indices[i], 0, last));
      taps.weight.push_back(weights[i]);
    }
    taps.begin.push_back(static_cast<int64_t>(taps.index.size()));
  }
  return taps;
}

// `values` (of `shape`) resized along `axis` by `taps`; `shape` becomes the result's.
std::vector<double> ResizeAlongAxis(const std::vector<double>& values, Shape& shape, int axis,
                                    int64_t output, const AxisTaps& taps) {
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
  const int64_t input = shape[axis];
  std::vector<double> result(outer * output * inner, 0.0);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t x = 0; x < output; ++x) {
      double* out = result.data() + (o * output + x) * inner;
      for (int64_t t = taps.begin[x]; t < taps.begin[x + 1]; ++t) {
        const double* in = values.data() + (o * input + taps.index[t]) * inner;
        const double weight = taps.weight[t];
        for (int64_t i = 0; i < inner; ++i) out[i] += weight * in[i];
      }
    }
  }
  shape[axis] = output;
  return result;
}

// Writes the extrapolation value over the elements whose coordinate along `axis` is outside.
void Extrapolate(std::vector<double>& values, const Shape& shape, int axis, const AxisTaps& taps,
                 double value) {
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t x = 0; x < shape[axis]; ++x) {
      if (!taps.outside[x]) continue;
      std::fill_n(values.begin() + (o * shape[axis] + x) * inner, inner, value);
    }
  }
}

OpDefinition MakeResize() {
  OpDefinition op;
  op.op_type = "Resize";
  // Input 1 is scales in Resize-10 and Upsample-9 and roi from Resize-11: the importer takes the
  // first entry whose index and opset match.
  op.onnx_constant_inputs = {{1, "roi", 11}, {1, "scales", 9}, {2, "scales", 11},
                             {3, "sizes", 11}};
  op.onnx_opset_dependent = true;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(ResizeParams params, ParseResize(node, inputs[0]));
    return std::vector<Shape>{params.output};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(ResizeParams params, ParseResize(node, x.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(params.output));
    const int rank = x.rank();
    std::vector<AxisTaps> taps(rank);
    for (int axis = 0; axis < rank; ++axis) taps[axis] = ComputeAxisTaps(params, params.axes[axis]);
    // Shrinking axes first keeps every intermediate no larger than the input or the output.
    std::vector<int> order;
    for (int axis = 0; axis < rank; ++axis) {
      if (params.axes[axis].output <= params.axes[axis].input) order.push_back(axis);
    }
    for (int axis = 0; axis < rank; ++axis) {
      if (params.axes[axis].output > params.axes[axis].input) order.push_back(axis);
    }
    std::vector<double> values(x.values().begin(), x.values().end());
    Shape shape = x.shape();
    for (int axis : order) {
      if (params.axes[axis].output == params.axes[axis].input &&
          taps[axis].IsIdentity(params.axes[axis].input)) {
        continue;
      }
      values = ResizeAlongAxis(values, shape, axis, params.axes[axis].output, taps[axis]);
    }
    for (int axis = 0; axis < rank; ++axis) {
      if (taps[axis].any_outside) {
        Extrapolate(values, shape, axis, taps[axis], params.extrapolation_value);
      }
    }
    for (int64_t i = 0; i < y.size(); ++i) y[i] = static_cast<float>(values[i]);
    return SingleOutput(std::move(y));
  };
  return op;
}

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeResize, "antialias", "axes",
                                        "coordinate_transformation_mode", "cubic_coeff_a",
                                        "exclude_outside", "extrapolation_value",
                                        "keep_aspect_ratio_policy", "mode", "nearest_mode");

}  // namespace
}  // namespace sentio::cnn::ops
