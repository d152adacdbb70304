// LpPool(X): X is [N, C, D1 (, D2 (, D3))], 1 to 3 spatial axes; each output value is the p-norm
// (sum |x|^p)^(1/p) of a window of kernel_shape values spaced by dilations (default 1), moved by
// strides (default 1), over X padded with zeros by pads ([x1_begin, x2_begin, ..., x1_end, ...],
// default 0). p defaults to 2. The output size along an axis is
// floor((D + pads - (kernel - 1) * dilation - 1) / stride) + 1, or ceil with ceil_mode = 1 (a last
// window that would start in the end padding is dropped). auto_pad (kept from ONNX as it is)
// overrides pads: VALID pads nothing; SAME_UPPER and SAME_LOWER give ceil(D / stride) outputs and
// pad the least that needs, the odd extra at the end (UPPER) or the beginning (LOWER).
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
#include "cnn/ops/window_params.h"

namespace sentio::cnn::ops {
namespace {

constexpr int kMaxSpatialAxes = 3;

// Input dimensions above this are taken as a corrupt model: window arithmetic on them could
// overflow.
constexpr int64_t kMaxInputDim = int64_t{1} << 60;

// Per spatial axis, what the window sweep needs; pads are those that auto_pad resolves to.
struct LpPoolParams {
  int64_t p = 2;
  std::vector<int64_t> input, kernel, stride, dilation, pad_begin, output;
};

absl::StatusOr<std::string> AutoPadAttribute(const Node& node) {
  for (const Attribute& attribute : node.attribute()) {
    if (attribute.name() != "auto_pad") continue;
    if (attribute.type() != Attribute::STRING) {
      return NodeError(node, "attribute 'auto_pad' is not a string");
    }
    return attribute.s();
  }
  return std::string("NOTSET");
}

// INTS attribute `name` with `count` values in [minimum, kMaxWindowValue], all `fill` if absent.
absl::StatusOr<std::vector<int64_t>> WindowAttribute(const Node& node, const char* name,
                                                     size_t count, int64_t minimum,
                                                     int64_t fill) {
  ASSIGN_OR_RETURN(std::vector<int64_t> values,
                   IntsAttribute(node, name, std::vector<int64_t>(count, fill)));
  if (values.size() != count) {
    return NodeError(node, absl::StrCat("attribute '", name, "' needs ", count, " values, has ",
                                        values.size()));
  }
  for (int64_t value : values) {
    if (value < minimum || value > kMaxWindowValue) {
      return NodeError(node, absl::StrCat("attribute '", name, "' value ", value,
                                          " is out of range [", minimum, ", ", kMaxWindowValue,
                                          "]"));
    }
  }
  return values;
}

absl::StatusOr<LpPoolParams> ParseLpPool(const Node& node, const Shape& x) {
  if (x.size() < 3 || x.size() > 2 + kMaxSpatialAxes) {
    return NodeError(node, absl::StrCat("input must be [N, C, D1, ...] with 1 to ",
                                        kMaxSpatialAxes, " spatial axes, has shape ",
                                        ShapeString(x)));
  }
  for (int64_t dim : x) {
    if (dim < 0 || dim > kMaxInputDim) {
      return NodeError(node, absl::StrCat("input shape ", ShapeString(x), " is invalid"));
    }
  }
  const size_t axes = x.size() - 2;
  LpPoolParams params;
  params.input.assign(x.begin() + 2, x.end());
  ASSIGN_OR_RETURN(params.p, IntAttribute(node, "p", 2));
  if (params.p < 1) {
    return NodeError(node, absl::StrCat("attribute 'p' must be at least 1, is ", params.p));
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> kernel_shape, IntsAttribute(node, "kernel_shape", {}));
  if (kernel_shape.empty()) return NodeError(node, "attribute 'kernel_shape' is missing");
  ASSIGN_OR_RETURN(params.kernel, WindowAttribute(node, "kernel_shape", axes, 1, 1));
  ASSIGN_OR_RETURN(params.stride, WindowAttribute(node, "strides", axes, 1, 1));
  ASSIGN_OR_RETURN(params.dilation, WindowAttribute(node, "dilations", axes, 1, 1));
  ASSIGN_OR_RETURN(std::vector<int64_t> pads, WindowAttribute(node, "pads", 2 * axes, 0, 0));
  ASSIGN_OR_RETURN(int64_t ceil_mode, IntAttribute(node, "ceil_mode", 0));
  if (ceil_mode != 0 && ceil_mode != 1) {
    return NodeError(node, absl::StrCat("attribute 'ceil_mode' must be 0 or 1, is ", ceil_mode));
  }
  ASSIGN_OR_RETURN(std::string auto_pad, AutoPadAttribute(node));
  if (auto_pad != "NOTSET" && auto_pad != "VALID" && auto_pad != "SAME_UPPER" &&
      auto_pad != "SAME_LOWER") {
    return NodeError(node, absl::StrCat("attribute 'auto_pad' '", auto_pad,
                                        "' is not NOTSET, VALID, SAME_UPPER or SAME_LOWER"));
  }
  params.pad_begin.resize(axes);
  params.output.resize(axes);
  for (size_t a = 0; a < axes; ++a) {
    const int64_t input = params.input[a], stride = params.stride[a];
    const int64_t window = (params.kernel[a] - 1) * params.dilation[a] + 1;
    int64_t pad_begin = pads[a], pad_end = pads[axes + a];
    if (auto_pad == "VALID") {
      pad_begin = pad_end = 0;
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      const int64_t output = (input + stride - 1) / stride;
      const int64_t total =
          output == 0 ? 0 : std::max<int64_t>(0, (output - 1) * stride + window - input);
      // The end gets the rest.
      params.pad_begin[a] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      params.output[a] = output;
      continue;
    }
    if (input + pad_begin + pad_end < window) {
      return NodeError(
          node,
          absl::StrCat("the window (", window, " with dilations) of spatial axis ", a,
                       " is larger than the padded input (", input + pad_begin + pad_end, ")"));
    }
    params.pad_begin[a] = pad_begin;
    params.output[a] = PooledSize(input, window, stride, pad_begin, pad_end,
                                  auto_pad == "NOTSET" && ceil_mode == 1);
  }
  return params;
}

OpDefinition MakeLpPool() {
  OpDefinition op;
  op.op_type = "LpPool";
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    ASSIGN_OR_RETURN(LpPoolParams params, ParseLpPool(node, inputs[0]));
    Shape out = {inputs[0][0], inputs[0][1]};
    out.insert(out.end(), params.output.begin(), params.output.end());
    return std::vector<Shape>{out};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& x = *inputs[0];
    ASSIGN_OR_RETURN(LpPoolParams p, ParseLpPool(node, x.shape()));
    // Leading spatial axes of size 1 (window 1, no padding) make every input 3-D.
    const size_t missing = kMaxSpatialAxes - p.input.size();
    for (std::vector<int64_t>* values : {&p.input, &p.kernel, &p.stride, &p.dilation, &p.output}) {
      values->insert(values->begin(), missing, 1);
    }
    p.pad_begin.insert(p.pad_begin.begin(), missing, 0);
    Shape out_shape = {x.dim(0), x.dim(1)};
    out_shape.insert(out_shape.end(), p.output.begin() + missing, p.output.end());
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(out_shape));
    const int64_t in_plane = p.input[0] * p.input[1] * p.input[2];
    const int64_t out_plane = p.output[0] * p.output[1] * p.output[2];
    const double exponent = static_cast<double>(p.p);
    // The kernel offsets [first, last) of output position `o` along `axis` that land inside the
    // input, so that padding costs nothing however wide.
    const auto taps = [&p](int axis, int64_t o) {
      const int64_t start = o * p.stride[axis] - p.pad_begin[axis];
      const int64_t dilation = p.dilation[axis];
      const int64_t first = start < 0 ? (-start + dilation - 1) / dilation : 0;
      const int64_t last = start < p.input[axis]
                               ? std::min(p.kernel[axis],
                                          (p.input[axis] - start + dilation - 1) / dilation)
                               : 0;
      return std::make_pair(start + first * dilation, std::max(last - first, int64_t{0}));
    };
    for (int64_t plane = 0; plane < x.dim(0) * x.dim(1); ++plane) {
      const float* in = x.data() + plane * in_plane;
      float* out = y.data() + plane * out_plane;
      for (int64_t od = 0; od < p.output[0]; ++od) {
        const auto [d0, d_count] = taps(0, od);
        for (int64_t oh = 0; oh < p.output[1]; ++oh) {
          const auto [h0, h_count] = taps(1, oh);
          for (int64_t ow = 0; ow < p.output[2]; ++ow) {
            const auto [w0, w_count] = taps(2, ow);
            double sum = 0;
            for (int64_t kd = 0; kd < d_count; ++kd) {
              const int64_t d = d0 + kd * p.dilation[0];
              for (int64_t kh = 0; kh < h_count; ++kh) {
                const int64_t h = h0 + kh * p.dilation[1];
                for (int64_t kw = 0; kw < w_count; ++kw) {
                  const int64_t w = w0 + kw * p.dilation[2];
                  sum += std::pow(std::fabs(in[(d * p.input[1] + h) * p.input[2] + w]), exponent);
                }
              }
            }
            out[(od * p.output[1] + oh) * p.output[2] + ow] =
                static_cast<float>(std::pow(sum, 1 / exponent));
          }
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

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeLpPool, "auto_pad", "ceil_mode", "dilations",
                                        "kernel_shape", "p", "pads", "strides");

}  // namespace sentio::cnn::ops
