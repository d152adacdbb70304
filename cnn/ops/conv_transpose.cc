// ConvTranspose (ONNX semantics, 1-D, 2-D, 3-D or more spatial axes): X [N, C, D1..Dn],
// W [C, M / group, k1..kn], optional bias B [M]; each input element X[n, c, i] adds
// X[n, c, i] * W[c, m, t] to Y[n, m, i * stride - pad_begin + t * dilation] for the output
// channels m of c's group and every kernel tap t (positions outside Y are dropped), and B[m] is
// added once. Along each axis Y has stride * (D - 1) + output_padding + window - pad_begin - pad_end
// elements (window = dilation * (k - 1) + 1). output_shape (N values, or N + 2 with the batch and
// channel dimensions first) fixes the output size instead and sets the pads from it, the pads
// attribute then ignored: total = stride * (D - 1) + output_padding + window - output_shape, split
// with the larger half at the beginning, or at the end for auto_pad SAME_UPPER. auto_pad SAME_*
// without output_shape asks for output_shape D * stride; VALID means no pads. The ONNX importer
// copies the attributes as they are.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"
#include "cnn/ops/window_params.h"

namespace sentio::cnn::ops {
namespace {

// Input sizes times strides above this are taken as a corrupt model.
constexpr int64_t kMaxSpan = int64_t{1} << 61;

struct ConvTransposeGeometry {
  WindowParams window;  // pads may be negative when output_shape asks for more than the input gives
  int64_t group = 1;
  std::vector<int64_t> output_spatial;
};

int64_t FloorHalf(int64_t value) { return value >= 0 ? value / 2 : -((1 - value) / 2); }

absl::StatusOr<ConvTransposeGeometry> ParseConvTranspose(const Node& node,
                                                         const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 2, 3));
  const Shape& x = inputs[0];
  const Shape& w = inputs[1];
  ASSIGN_OR_RETURN(FilterWindow filter, ParseFilterWindow(node, x, w));
  const int n = static_cast<int>(x.size()) - 2;
  ConvTransposeGeometry g;
  g.window = std::move(filter.window);
  g.group = filter.group;
  if (g.group > std::max<int64_t>(x[1], 1) || x[1] % g.group != 0 || w[0] != x[1]) {
    return NodeError(node, absl::StrCat("weights ", ShapeString(w), " with group ", g.group,
                                        " do not fit an input of ", x[1], " channels"));
  }
  const int64_t out_channels = w[1] * g.group;
  if (inputs.size() == 3 && inputs[2] != Shape{out_channels}) {
    return NodeError(node, absl::StrCat("bias of shape ", ShapeString(inputs[2]), " for ",
                                        out_channels, " output channels"));
  }

  ASSIGN_OR_RETURN(std::vector<int64_t> output_padding,
                   IntsAttribute(node, "output_padding", std::vector<int64_t>(n, 0)));
  if (static_cast<int>(output_padding.size()) != n) {
    return NodeError(node, absl::StrCat("attribute 'output_padding' needs ", n, " values, has ",
                                        output_padding.size()));
  }
  for (int axis = 0; axis < n; ++axis) {
    const int64_t limit = std::max(g.window.strides[axis], g.window.dilations[axis]);
    if (output_padding[axis] < 0 || output_padding[axis] >= limit) {
      return NodeError(node, absl::StrCat("attribute 'output_padding' ",
                                          ShapeString(output_padding),
                                          " must be below the strides or dilations"));
    }
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> output_shape, IntsAttribute(node, "output_shape", {}));
  if (output_shape.size() == static_cast<size_t>(n) + 2) {
    output_shape.erase(output_shape.begin(), output_shape.begin() + 2);
  }
  if (!output_shape.empty() && output_shape.size() != static_cast<size_t>(n)) {
    return NodeError(node, absl::StrCat("attribute 'output_shape' needs ", n, " values, has ",
                                        output_shape.size()));
  }
  for (int axis = 0; axis < n; ++axis) {
    if (x[2 + axis] < 1 || x[2 + axis] > kMaxSpan / g.window.strides[axis]) {
      return NodeError(node, absl::StrCat("input ", ShapeString(x), " is empty or too large"));
    }
  }
  const bool same = g.window.auto_pad == "SAME_UPPER" || g.window.auto_pad == "SAME_LOWER";
  if (output_shape.empty() && same) {
    for (int axis = 0; axis < n; ++axis) {
      output_shape.push_back(x[2 + axis] * g.window.strides[axis]);
    }
  }
  for (int axis = 0; axis < n; ++axis) {
    // The output size without pads.
    const int64_t full = g.window.strides[axis] * (x[2 + axis] - 1) + output_padding[axis] +
                         g.window.window(axis);
    int64_t& pad_begin = g.window.pads[axis];
    int64_t& pad_end = g.window.pads[n + axis];
    if (!output_shape.empty()) {
      if (output_shape[axis] < 1 || output_shape[axis] > full + kMaxWindowValue) {
        return NodeError(node, absl::StrCat("attribute 'output_shape' ", ShapeString(output_shape),
                                            " is out of range for the input ", ShapeString(x)));
      }
      const int64_t total = full - output_shape[axis];
      const int64_t half = FloorHalf(total);
      pad_begin = g.window.auto_pad == "SAME_UPPER" ? half : total - half;
      pad_end = total - pad_begin;
    } else if (g.window.auto_pad == "VALID") {
      pad_begin = pad_end = 0;
    }
    const int64_t size = full - pad_begin - pad_end;
    if (size < 1) {
      return NodeError(node, absl::StrCat("attribute 'pads' ", ShapeString(g.window.pads),
                                          " leave no output of the input ", ShapeString(x)));
    }
    g.output_spatial.push_back(size);
  }
  return g;
}

absl::StatusOr<std::vector<Shape>> ConvTransposeShapes(const Node& node,
                                                       const std::vector<Shape>& inputs) {
  ASSIGN_OR_RETURN(ConvTransposeGeometry g, ParseConvTranspose(node, inputs));
  Shape y = {inputs[0][0], inputs[1][1] * g.group};
  y.insert(y.end(), g.output_spatial.begin(), g.output_spatial.end());
  return std::vector<Shape>{y};
}

absl::StatusOr<std::vector<Tensor>> ConvTransposeReference(
    const Node& node, const std::vector<const Tensor*>& inputs) {
  std::vector<Shape> shapes;
  for (const Tensor* input : inputs) shapes.push_back(input->shape());
  ASSIGN_OR_RETURN(ConvTransposeGeometry g, ParseConvTranspose(node, shapes));
  const Tensor& x = *inputs[0];
  const Tensor& w = *inputs[1];
  const Tensor* bias = inputs.size() > 2 ? inputs[2] : nullptr;
  // The sweep from Y (its "input") to X (its "output"): tap t of X's position i lands on Y's
  // position i * stride - pad_begin + t * dilation.
  const WindowSweep sweep(g.window, g.output_spatial, {x.shape().begin() + 2, x.shape().end()});
  const int64_t batch = x.dim(0), in_channels = x.dim(1);
  const int64_t out_per_group = w.dim(1), out_channels = out_per_group * g.group;
  const int64_t in_per_group = in_channels / g.group;
  std::vector<double> sums(batch * out_channels * sweep.input_size(), 0.0);
  std::vector<int64_t> taps;
  for (int64_t i = 0; i < sweep.output_size(); ++i) {
    sweep.Taps(i, taps);
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t c = 0; c < in_channels; ++c) {
        const double value = x[(n * in_channels + c) * sweep.output_size() + i];
        const int64_t first_out = (c / in_per_group) * out_per_group;
        for (int64_t m = 0; m < out_per_group; ++m) {
          double* y_plane = sums.data() + (n * out_channels + first_out + m) * sweep.input_size();
          const float* w_taps = w.data() + (c * out_per_group + m) * sweep.taps();
          for (int64_t t = 0; t < sweep.taps(); ++t) {
            if (taps[t] >= 0) y_plane[taps[t]] += value * w_taps[t];
          }
        }
      }
    }
  }
  Shape y_shape = {batch, out_channels};
  y_shape.insert(y_shape.end(), g.output_spatial.begin(), g.output_spatial.end());
  ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(y_shape));
  for (int64_t i = 0; i < y.size(); ++i) {
    const int64_t m = (i / sweep.input_size()) % out_channels;
    y[i] = static_cast<float>(sums[i] + (bias != nullptr ? (*bias)[m] : 0.0));
  }
  std::vector<Tensor> outputs;
  outputs.push_back(std::move(y));
  return outputs;
}

OpDefinition MakeConvTranspose() {
  OpDefinition op;
  op.op_type = "ConvTranspose";
  op.min_inputs = 2;
  op.max_inputs = 3;
  op.infer_shapes = ConvTransposeShapes;
  op.run_reference = ConvTransposeReference;
  return op;
}

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeConvTranspose, "auto_pad", "dilations", "group",
                                        "kernel_shape", "output_padding", "output_shape", "pads",
                                        "strides");

}  // namespace sentio::cnn::ops
