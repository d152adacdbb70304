#include "cnn/ops/window_params.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn {
namespace {

// Reads an attribute of `count` values, each in minimum..kMaxWindowValue.
absl::StatusOr<std::vector<int64_t>> ReadWindowInts(const cnn::Node& node, const char* name,
                                                    size_t count, int64_t default_value,
                                                    int64_t minimum) {
  ASSIGN_OR_RETURN(std::vector<int64_t> values,
                   IntsAttribute(node, name, std::vector<int64_t>(count, default_value)));
  if (values.size() != count) {
    return NodeError(node, absl::StrCat("attribute '", name, "' needs ", count, " values, has ",
                                        values.size()));
  }
  for (int64_t value : values) {
    if (value < minimum) {
      return NodeError(node, absl::StrCat("attribute '", name, "' must be at least ", minimum));
    }
    if (value > kMaxWindowValue) {
      return NodeError(node, absl::StrCat("attribute '", name, "' is too large (at most ",
                                          kMaxWindowValue, ")"));
    }
  }
  return values;
}

absl::StatusOr<std::string> AutoPadAttribute(const cnn::Node& node) {
  ASSIGN_OR_RETURN(std::string value, StringAttribute(node, "auto_pad", "NOTSET"));
  if (value != "NOTSET" && value != "VALID" && value != "SAME_UPPER" && value != "SAME_LOWER") {
    return NodeError(node, absl::StrCat("attribute 'auto_pad' is '", value,
                                        "', not NOTSET, VALID, SAME_UPPER or SAME_LOWER"));
  }
  return value;
}

// The 2-D window of a node for the NCHW kernels.
absl::StatusOr<WindowParams> Parse2dWindow(const cnn::Node& node, bool kernel_required) {
  ASSIGN_OR_RETURN(WindowParams window, ParseWindowParams(node, 2, kernel_required));
  if (window.auto_pad != "NOTSET") {
    return NodeError(node, absl::StrCat("attribute 'auto_pad' ", window.auto_pad,
                                        " needs the input shape; resolve it into pads first"));
  }
  return window;
}

}  // namespace

absl::StatusOr<WindowParams> ParseWindowParams(const cnn::Node& node, int spatial_rank,
                                               bool kernel_required) {
  WindowParams p;
  const size_t n = static_cast<size_t>(spatial_rank);
  ASSIGN_OR_RETURN(p.strides, ReadWindowInts(node, "strides", n, 1, 1));
  ASSIGN_OR_RETURN(p.dilations, ReadWindowInts(node, "dilations", n, 1, 1));
  ASSIGN_OR_RETURN(p.pads, ReadWindowInts(node, "pads", 2 * n, 0, 0));
  ASSIGN_OR_RETURN(p.auto_pad, AutoPadAttribute(node));
  const bool has_kernel =
      std::any_of(node.attribute().begin(), node.attribute().end(),
                  [](const cnn::Attribute& attribute) { return attribute.name() == "kernel_shape"; });
  if (has_kernel) {
    ASSIGN_OR_RETURN(p.kernel, ReadWindowInts(node, "kernel_shape", n, 1, 1));
  } else if (kernel_required) {
    return NodeError(node, "attribute 'kernel_shape' is missing");
  }
  return p;
}

void ApplyAutoPad(const std::vector<int64_t>& input_spatial, WindowParams& params) {
  if (params.auto_pad == "NOTSET") return;
  const int n = params.spatial_rank();
  for (int axis = 0; axis < n; ++axis) {
    int64_t total = 0;
    if (params.auto_pad != "VALID") {
      const int64_t stride = params.strides[axis];
      const int64_t out = (input_spatial[axis] + stride - 1) / stride;
      total = std::max<int64_t>(0, (out - 1) * stride + params.window(axis) - input_spatial[axis]);
    }
    const int64_t small = total / 2, large = total - small;
    params.pads[axis] = params.auto_pad == "SAME_LOWER" ? large : small;
    params.pads[n + axis] = params.auto_pad == "SAME_LOWER" ? small : large;
  }
}

absl::StatusOr<ConvParams> ParseConvParams(const cnn::Node& node) {
  ASSIGN_OR_RETURN(WindowParams window, Parse2dWindow(node, false));
  ConvParams p;
  p.stride_h = window.strides[0];
  p.stride_w = window.strides[1];
  p.dilation_h = window.dilations[0];
  p.dilation_w = window.dilations[1];
  p.pad_top = window.pads[0];
  p.pad_left = window.pads[1];
  p.pad_bottom = window.pads[2];
  p.pad_right = window.pads[3];
  ASSIGN_OR_RETURN(p.group, IntAttribute(node, "group", 1));
  if (p.group < 1) return NodeError(node, "attribute 'group' must be at least 1");
  return p;
}

absl::StatusOr<PoolParams> ParsePoolParams(const cnn::Node& node) {
  ASSIGN_OR_RETURN(WindowParams window, Parse2dWindow(node, true));
  if (window.dilations != std::vector<int64_t>{1, 1}) {
    return NodeError(node, "attribute 'dilations' other than 1 has no 2-D pooling view");
  }
  PoolParams p;
  p.kernel_h = window.kernel[0];
  p.kernel_w = window.kernel[1];
  p.stride_h = window.strides[0];
  p.stride_w = window.strides[1];
  p.pad_top = window.pads[0];
  p.pad_left = window.pads[1];
  p.pad_bottom = window.pads[2];
  p.pad_right = window.pads[3];
  ASSIGN_OR_RETURN(int64_t ceil_mode, IntAttribute(node, "ceil_mode", 0));
  ASSIGN_OR_RETURN(int64_t count_include_pad, IntAttribute(node, "count_include_pad", 0));
  p.ceil_mode = ceil_mode != 0;
  p.count_include_pad = count_include_pad != 0;
  if (p.pad_top >= p.kernel_h || p.pad_bottom >= p.kernel_h || p.pad_left >= p.kernel_w ||
      p.pad_right >= p.kernel_w) {
    return NodeError(node, "attribute 'pads' must be smaller than the window");
  }
  return p;
}

int64_t PooledSize(int64_t input, int64_t window, int64_t stride, int64_t pad_begin,
                   int64_t pad_end, bool ceil_mode) {
  const int64_t span = input + pad_begin + pad_end - window;
  if (span < 0) return 0;
  int64_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  if (ceil_mode && (out - 1) * stride >= input + pad_begin) --out;
  return out;
}

WindowSweep::WindowSweep(const WindowParams& params, std::vector<int64_t> input_spatial,
                         std::vector<int64_t> output_spatial)
    : params_(params),
      input_spatial_(std::move(input_spatial)),
      output_spatial_(std::move(output_spatial)) {
  for (int64_t size : input_spatial_) input_size_ *= size;
  for (int64_t size : output_spatial_) output_size_ *= size;
  for (int64_t size : params_.kernel) taps_ *= size;
}

int64_t WindowSweep::Taps(int64_t output, std::vector<int64_t>& input_positions) const {
  const int n = params_.spatial_rank();
  // The window's first position on each axis, from the last axis to the first.
  std::vector<int64_t> start(n);
  for (int axis = n - 1; axis >= 0; --axis) {
    start[axis] = (output % output_spatial_[axis]) * params_.strides[axis] - params_.pad_begin(axis);
    output /= output_spatial_[axis];
  }
  input_positions.assign(taps_, -1);
  int64_t inside_padded = 0;
  std::vector<int64_t> tap(n, 0);
  for (int64_t t = 0; t < taps_; ++t) {
    int64_t flat = 0;
    bool inside = true, inside_pads = true;
    for (int axis = 0; axis < n; ++axis) {
      const int64_t position = start[axis] + tap[axis] * params_.dilations[axis];
      inside = inside && position >= 0 && position < input_spatial_[axis];
      inside_pads = inside_pads && position >= -params_.pad_begin(axis) &&
                    position < input_spatial_[axis] + params_.pad_end(axis);
      if (inside) flat = flat * input_spatial_[axis] + position;
    }
    if (inside) input_positions[t] = flat;
    if (inside_pads) ++inside_padded;
    for (int axis = n - 1; axis >= 0; --axis) {
      if (++tap[axis] < params_.kernel[axis]) break;
      tap[axis] = 0;
    }
  }
  return inside_padded;
}

absl::StatusOr<FilterWindow> ParseFilterWindow(const cnn::Node& node, const std::vector<int64_t>& x,
                                               const std::vector<int64_t>& w) {
  if (x.size() < 3) {
    return NodeError(node, absl::StrCat("the input must have rank 3 or more (N, C, spatial axes), "
                                        "has shape ", ShapeString(x)));
  }
  if (w.size() != x.size()) {
    return NodeError(node, absl::StrCat("the weights must have rank ", x.size(), ", has shape ",
                                        ShapeString(w)));
  }
  FilterWindow filter;
  ASSIGN_OR_RETURN(filter.window, ParseWindowParams(node, static_cast<int>(x.size()) - 2,
                                                    /*kernel_required=*/false));
  const std::vector<int64_t> weight_kernel(w.begin() + 2, w.end());
  for (int64_t size : weight_kernel) {
    if (size < 1 || size > kMaxWindowValue) {
      return NodeError(node, absl::StrCat("weights ", ShapeString(w), " have an empty or too "
                                          "large kernel"));
    }
  }
  if (filter.window.kernel.empty()) {
    filter.window.kernel = weight_kernel;
  } else if (filter.window.kernel != weight_kernel) {
    return NodeError(node, absl::StrCat("attribute 'kernel_shape' ",
                                        ShapeString(filter.window.kernel),
                                        " does not match the weights ", ShapeString(w)));
  }
  ASSIGN_OR_RETURN(filter.group, IntAttribute(node, "group", 1));
  if (filter.group < 1) return NodeError(node, "attribute 'group' must be at least 1");
  return filter;
}

}  // namespace sentio::cnn
