#include "cnn/import/onnx_resize.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/import/onnx_values.h"

namespace sentio::cnn::import {
namespace {

absl::Status Error(absl::string_view message) { return absl::InvalidArgumentError(message); }

absl::StatusOr<std::string> StringAttribute(const onnx::NodeProto& node, const char* name,
                                            const std::string& default_value) {
  const onnx::AttributeProto* attribute = FindAttribute(node, name);
  if (attribute == nullptr) return default_value;
  if (attribute->type() != onnx::AttributeProto::STRING) {
    return Error(absl::StrCat("attribute '", name, "' is not a string"));
  }
  return attribute->s();
}

// Input `index` of `node`, or "" when the node omits it.
std::string OptionalInput(const onnx::NodeProto& node, int index) {
  return index < node.input_size() ? node.input(index) : "";
}

// The per-axis scales of the node: the `scales` attribute (Upsample before opset 9) or the
// constant `scales` input, or, from Resize-11, the `sizes` input divided by the input shape.
absl::StatusOr<std::vector<double>> AxisScales(const onnx::NodeProto& node, int64_t opset,
                                               const Shape& input,
                                               const OnnxConstantLookup& constants) {
  const bool is_resize = node.op_type() == "Resize";
  if (!is_resize && opset < 9) {
    const onnx::AttributeProto* attribute = FindAttribute(node, "scales");
    if (attribute == nullptr || attribute->type() != onnx::AttributeProto::FLOATS) {
      return Error("needs a 'scales' attribute of floats");
    }
    return std::vector<double>(attribute->floats().begin(), attribute->floats().end());
  }
  const std::string scales_name = OptionalInput(node, is_resize && opset >= 11 ? 2 : 1);
  if (!scales_name.empty()) {
    std::optional<std::vector<float>> scales = constants.floats(scales_name);
    if (!scales.has_value()) {
      return Error(
          absl::StrCat("scales input '", scales_name, "' must be a constant float tensor"));
    }
    if (!scales->empty()) return std::vector<double>(scales->begin(), scales->end());
  }
  const std::string sizes_name = is_resize && opset >= 11 ? OptionalInput(node, 3) : "";
  if (sizes_name.empty()) return Error("has neither scales nor sizes");
  std::optional<std::vector<int64_t>> sizes = constants.integers(sizes_name);
  if (!sizes.has_value()) {
    return Error(absl::StrCat("sizes input '", sizes_name, "' must be a constant integer tensor"));
  }
  if (sizes->size() != input.size()) {
    return Error(absl::StrCat("sizes ", ShapeString(*sizes), " do not match the input ",
                              ShapeString(input)));
  }
  std::vector<double> scales(input.size());
  for (size_t axis = 0; axis < input.size(); ++axis) {
    if (input[axis] < 1) return Error(absl::StrCat("input ", ShapeString(input), " is empty"));
    scales[axis] = static_cast<double>((*sizes)[axis]) / input[axis];
  }
  return scales;
}

// The input coordinate, relative to the first output pixel of its block, that Resize-11's
// `mode` maps output pixel `r` of a block of `scale` to; nullopt for the modes whose mapping
// depends on the position in the image (align_corners, tf_crop_and_resize).
std::optional<double> BlockOffset(const std::string& mode, int64_t r, int64_t scale) {
  if (mode == "asymmetric") return static_cast<double>(r) / scale;
  if (mode == "half_pixel" || mode == "pytorch_half_pixel") return (r + 0.5) / scale - 0.5;
  if (mode == "tf_half_pixel_for_nn") return (r + 0.5) / scale;
  return std::nullopt;
}

std::optional<double> RoundNearest(const std::string& nearest_mode, double value) {
  if (nearest_mode == "round_prefer_floor") return std::ceil(value - 0.5);
  if (nearest_mode == "round_prefer_ceil") return std::floor(value + 0.5);
  if (nearest_mode == "floor") return std::floor(value);
  if (nearest_mode == "ceil") return std::ceil(value);
  return std::nullopt;
}

// Whether Resize-11's coordinate transformation and rounding pick input pixel floor(x / scale)
// for output pixel x, i.e. repeat every pixel `scale` times.
absl::Status CheckRepeatsPixels(const onnx::NodeProto& node, int64_t scale) {
  ASSIGN_OR_RETURN(std::string mode,
                   StringAttribute(node, "coordinate_transformation_mode", "half_pixel"));
  ASSIGN_OR_RETURN(std::string nearest_mode,
                   StringAttribute(node, "nearest_mode", "round_prefer_floor"));
  for (int64_t r = 0; r < scale; ++r) {
    const std::optional<double> offset = BlockOffset(mode, r, scale);
    if (!offset.has_value()) {
      return Error(absl::StrCat("coordinate_transformation_mode '", mode, "' is not supported"));
    }
    const std::optional<double> rounded = RoundNearest(nearest_mode, *offset);
    if (!rounded.has_value()) {
      return Error(absl::StrCat("nearest_mode '", nearest_mode, "' is not supported"));
    }
    if (*rounded != 0) {
      return Error(absl::StrCat("coordinate_transformation_mode '", mode, "' with nearest_mode '",
                                nearest_mode, "' does not repeat each pixel ", scale,
                                " times; not supported"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<int64_t>> NearestUpsampleScales(const onnx::NodeProto& node,
                                                           int64_t opset, const Shape& input,
                                                           const OnnxConstantLookup& constants) {
  ASSIGN_OR_RETURN(std::string mode, StringAttribute(node, "mode", "nearest"));
  if (mode != "nearest") {
    return Error(absl::StrCat("mode '", mode, "' is not supported, only 'nearest'"));
  }
  // Resize-18's axes and aspect ratio policy change what scales and sizes mean.
  if (FindAttribute(node, "axes") != nullptr) return Error("axes are not supported");
  ASSIGN_OR_RETURN(std::string policy,
                   StringAttribute(node, "keep_aspect_ratio_policy", "stretch"));
  if (policy != "stretch") {
    return Error(absl::StrCat("keep_aspect_ratio_policy '", policy, "' is not supported"));
  }
  if (input.size() != 4) {
    return Error(absl::StrCat("needs a 4-D NCHW input, has ", ShapeString(input)));
  }
  ASSIGN_OR_RETURN(std::vector<double> scales, AxisScales(node, opset, input, constants));
  if (scales.size() != 4) {
    return Error(absl::StrCat("has ", scales.size(), " scales for a 4-D input"));
  }
  if (scales[0] != 1 || scales[1] != 1) {
    return Error(absl::StrCat("scales the batch or channel axis (", scales[0], ", ", scales[1],
                              "); only height and width can be scaled"));
  }
  std::vector<int64_t> factors;
  for (int axis = 2; axis < 4; ++axis) {
    const double factor = std::round(scales[axis]);
    // Exporters write scales as output size / input size, exact in float for integer ratios.
    if (!(factor >= 1 && factor <= (1 << 20)) || std::fabs(scales[axis] - factor) > 1e-6 * factor) {
      return Error(
          absl::StrCat("scale ", scales[axis], " along axis ", axis,
                       " is not a positive integer; only integer upsampling is supported"));
    }
    factors.push_back(static_cast<int64_t>(factor));
  }
  if (node.op_type() == "Resize" && opset >= 11) {
    for (int64_t factor : factors) RETURN_IF_ERROR(CheckRepeatsPixels(node, factor));
  }
  return factors;
}

}  // namespace sentio::cnn::import
