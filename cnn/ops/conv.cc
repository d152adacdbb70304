// Conv (ONNX semantics, 1-D, 2-D, 3-D or more spatial axes): X [N, C, D1..Dn], W [M, C / group,
// k1..kn], optional bias B [M]; Y[n, m, o] = B[m] + sum over the input channels of m's group and
// the kernel taps t of X[n, c, o * stride - pad_begin + t * dilation] * W[m, c, t], positions in
// the padding reading zero. kernel_shape, when present, must match W. auto_pad is accepted as in
// ONNX, though the importers turn it into pads.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"
#include "cnn/ops/window_params.h"

namespace sentio::cnn::ops {
namespace {

struct ConvGeometry {
  WindowParams window;
  int64_t group = 1;
  std::vector<int64_t> output_spatial;
};

absl::StatusOr<ConvGeometry> ParseConv(const Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 2, 3));
  const Shape& x = inputs[0];
  const Shape& w = inputs[1];
  ASSIGN_OR_RETURN(FilterWindow filter, ParseFilterWindow(node, x, w));
  const int spatial_rank = static_cast<int>(x.size()) - 2;
  ConvGeometry g;
  g.window = std::move(filter.window);
  g.group = filter.group;
  if (g.group > std::max<int64_t>(x[1], 1) || x[1] % g.group != 0 || w[0] % g.group != 0 ||
      w[1] * g.group != x[1]) {
    return NodeError(node, absl::StrCat("weights ", ShapeString(w), " with group ", g.group,
                                        " do not fit an input of ", x[1], " channels"));
  }
  if (inputs.size() == 3 && inputs[2] != Shape{w[0]}) {
    return NodeError(node, absl::StrCat("bias of shape ", ShapeString(inputs[2]), " for ", w[0],
                                        " output channels"));
  }
  const std::vector<int64_t> input_spatial(x.begin() + 2, x.end());
  ApplyAutoPad(input_spatial, g.window);
  for (int axis = 0; axis < spatial_rank; ++axis) {
    const int64_t size =
        PooledSize(input_spatial[axis], g.window.window(axis), g.window.strides[axis],
                   g.window.pad_begin(axis), g.window.pad_end(axis), /*ceil_mode=*/false);
    if (size < 1) {
      return NodeError(node, absl::StrCat("kernel ", ShapeString(w), " is larger than the padded "
                                          "input ", ShapeString(x)));
    }
    g.output_spatial.push_back(size);
  }
  return g;
}

absl::StatusOr<std::vector<Shape>> ConvShapes(const Node& node, const std::vector<Shape>& inputs) {
  ASSIGN_OR_RETURN(ConvGeometry g, ParseConv(node, inputs));
  Shape y = {inputs[0][0], inputs[1][0]};
  y.insert(y.end(), g.output_spatial.begin(), g.output_spatial.end());
  return std::vector<Shape>{y};
}

absl::StatusOr<std::vector<Tensor>> ConvReference(const Node& node,
                                                  const std::vector<const Tensor*>& inputs) {
  std::vector<Shape> shapes;
  for (const Tensor* input : inputs) shapes.push_back(input->shape());
  ASSIGN_OR_RETURN(ConvGeometry g, ParseConv(node, shapes));
  const Tensor& x = *inputs[0];
  const Tensor& w = *inputs[1];
  const Tensor* bias = inputs.size() > 2 ? inputs[2] : nullptr;
  const WindowSweep sweep(g.window, {x.shape().begin() + 2, x.shape().end()}, g.output_spatial);
  const int64_t batch = x.dim(0), in_channels = x.dim(1), out_channels = w.dim(0);
  const int64_t in_per_group = in_channels / g.group, out_per_group = out_channels / g.group;
  Shape y_shape = {batch, out_channels};
  y_shape.insert(y_shape.end(), g.output_spatial.begin(), g.output_spatial.end());
  ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(y_shape));
  std::vector<int64_t> taps;
  for (int64_t o = 0; o < sweep.output_size(); ++o) {
    sweep.Taps(o, taps);
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t m = 0; m < out_channels; ++m) {
        const int64_t first_channel = (m / out_per_group) * in_per_group;
        double sum = bias != nullptr ? (*bias)[m] : 0.0;
        for (int64_t c = 0; c < in_per_group; ++c) {
          const float* x_plane = x.data() + (n * in_channels + first_channel + c) * sweep.input_size();
          const float* w_taps = w.data() + (m * in_per_group + c) * sweep.taps();
          for (int64_t t = 0; t < sweep.taps(); ++t) {
            if (taps[t] >= 0) sum += static_cast<double>(x_plane[taps[t]]) * w_taps[t];
          }
        }
        y[(n * out_channels + m) * sweep.output_size() + o] = static_cast<float>(sum);
      }
    }
  }
  std::vector<Tensor> outputs;
  outputs.push_back(std::move(y));
  return outputs;
}

OpDefinition MakeConv() {
  OpDefinition op;
  op.op_type = "Conv";
  op.min_inputs = 2;
  op.max_inputs = 3;
  op.infer_shapes = ConvShapes;
  op.run_reference = ConvReference;
  return op;
}

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeConv, "auto_pad", "dilations", "group", "kernel_shape",
                                        "pads", "strides");

}  // namespace sentio::cnn::ops
