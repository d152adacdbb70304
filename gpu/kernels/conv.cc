// Conv on the OpenCL engine: 2-D convolution of NCHW tensors with groups, strides, dilations,
// explicit pads, an optional bias and a fused activation, computed directly (no im2col). Each
// work-item computes one output pixel for up to four output channels of the same group, so every
// input value it loads feeds four products. Other ranks and auto_pad other than NOTSET fall back.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ops/window_params.h"
#include "gpu/opencl_op.h"

namespace sentio::gpu {
namespace {

constexpr char kConvSource[] = R"CLC(
__kernel void conv2d(__global const float* x, __global const float* w, __global const float* bias,
                     __global float* y, int C, int H, int W, int K, int OH, int OW, int KH, int KW,
                     int SH, int SW, int PT, int PL, int DH, int DW, int G, int has_bias) {
  const int ox = get_global_id(0), oy = get_global_id(1);
  const int k_blocks = (K / G + 3) / 4;
  const int n = get_global_id(2) / (G * k_blocks);
  const int g = get_global_id(2) / k_blocks % G;
  const int kg = K / G, cg = C / G;
  const int k0 = g * kg + get_global_id(2) % k_blocks * 4;
  const int count = min(4, g * kg + kg - k0);
  float sum[4];
  for (int i = 0; i < 4; ++i) sum[i] = (has_bias && i < count) ? bias[k0 + i] : 0.0f;
  const int wk = cg * KH * KW;  // the weights of one output channel
  for (int c = 0; c < cg; ++c) {
    __global const float* plane = x + ((long)n * C + g * cg + c) * H * W;
    __global const float* wc = w + (long)k0 * wk + c * KH * KW;
    for (int i = 0; i < KH; ++i) {
      const int iy = oy * SH - PT + i * DH;
      if (iy < 0 || iy >= H) continue;
      for (int j = 0; j < KW; ++j) {
        const int ix = ox * SW - PL + j * DW;
        if (ix < 0 || ix >= W) continue;
        const float v = plane[iy * W + ix];
        const int tap = i * KW + j;
        for (int q = 0; q < count; ++q) sum[q] += v * wc[q * wk + tap];
      }
    }
  }
  for (int q = 0; q < count; ++q) {
    y[(((long)n * K + k0 + q) * OH + oy) * OW + ox] = activate(sum[q]);
  }
}
)CLC";

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeConvStep(const cnn::Node& node,
                                                         const OpenClOpContext& context) {
  if (context.input_shapes[0].size() != 4 || context.constants[1] == nullptr) return nullptr;
  absl::StatusOr<cnn::ConvParams> parsed = cnn::ParseConvParams(node);
  if (!parsed.ok()) return nullptr;  // not 2-D, or auto_pad to resolve: the reference kernel
  const cnn::ConvParams p = *parsed;
  ASSIGN_OR_RETURN(cl_kernel kernel,
                   context.programs->MakeKernel(std::string(kActivationSource) + kConvSource,
                                                "conv2d", context.activation.BuildOptions()));
  const std::string name = context.activation.kind == Activation::kNone
                               ? "conv2d"
                               : "conv2d+" + context.activation.Name();
  auto bind = [p](cl_kernel k, const std::vector<DeviceTensor>& in,
                  const DeviceTensor& out) -> absl::StatusOr<std::vector<size_t>> {
    const Shape& x = in[0].shape;
    const Shape& w = in[1].shape;
    const Shape& y = out.shape;
    const bool has_bias = in.size() > 2;
    KernelArgs args(k);
    args.Buffer(in[0].buffer).Buffer(in[1].buffer).Buffer(has_bias ? in[2].buffer : in[1].buffer);
    args.Buffer(out.buffer).Int(x[1]).Int(x[2]).Int(x[3]).Int(y[1]).Int(y[2]).Int(y[3]);
    args.Int(w[2]).Int(w[3]).Int(p.stride_h).Int(p.stride_w).Int(p.pad_top).Int(p.pad_left);
    args.Int(p.dilation_h).Int(p.dilation_w).Int(p.group).Int(has_bias ? 1 : 0);
    RETURN_IF_ERROR(args.status());
    const int64_t k_blocks = (y[1] / p.group + 3) / 4;
    return std::vector<size_t>{static_cast<size_t>(y[3]), static_cast<size_t>(y[2]),
                               static_cast<size_t>(y[0] * p.group * k_blocks)};
  };
  return std::make_unique<SingleKernelStep>(kernel, name, bind);
}

SENTIO_REGISTER_OPENCL_OP("Conv", (OpenClOpKernels{MakeConvStep, /*fuses_activation=*/true}));

}  // namespace
}  // namespace sentio::gpu
