// MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool on the OpenCL engine, for NCHW tensors:
// eight outputs of a row per work-item (one plane per work-item for the global pools). Windows
// follow the reference kernel (cnn/ops/pool.cc): taps in the padding are skipped, AveragePool
// divides by the taps inside the input or, with count_include_pad, inside the padded input.
// MaxPool's indices output, pools of other ranks and auto_pad other than NOTSET fall back.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ops/window_params.h"
#include "gpu/opencl_op.h"

namespace sentio::gpu {
namespace {

constexpr char kPoolSource[] = R"CLC(
#define OUTPUTS 8
__kernel void pool2d(__global const float* x, __global float* y, int H, int W, int OH, int OW,
                     int KH, int KW, int SH, int SW, int PT, int PL, int PB, int PR, int is_max,
                     int count_include_pad) {
  // OUTPUTS consecutive outputs of a row per work-item: fewer, longer work-items.
  const int ox0 = get_global_id(0) * OUTPUTS, oy = get_global_id(1), plane = get_global_id(2);
  __global const float* in = x + (long)plane * H * W;
  __global float* out = y + ((long)plane * OH + oy) * OW;
  const int y0 = oy * SH - PT;
  const int rows_padded = min(KH, H + PB - y0);  // taps inside the padded input
  const int first_row = max(0, -y0), last_row = min(KH, H - y0);  // taps inside the input
  for (int ox = ox0; ox < min(ox0 + OUTPUTS, OW); ++ox) {
    const int x0 = ox * SW - PL;
    const int cols_padded = min(KW, W + PR - x0);
    const int first_col = max(0, -x0), last_col = min(KW, W - x0);
    float result = is_max ? -INFINITY : 0.0f;
    for (int i = first_row; i < last_row; ++i) {
      __global const float* row = in + (y0 + i) * W + x0;
      for (int j = first_col; j < last_col; ++j) {
        const float v = row[j];
        if (is_max) {
          result = (result < v) ? v : result;
        } else {
          result += v;
        }
      }
    }
    if (!is_max) {
      const int inside = max(0, last_row - first_row) * max(0, last_col - first_col);
      const int divisor = count_include_pad ? rows_padded * cols_padded : inside;
      result = divisor > 0 ? result / divisor : 0.0f;
    }
    out[ox] = result;
  }
}

__kernel void global_pool(__global const float* x, __global float* y, int size, int is_max) {
  const int plane = get_global_id(0);
  __global const float* in = x + (long)plane * size;
  float result = is_max ? -INFINITY : 0.0f;
  for (int i = 0; i < size; ++i) {
    const float v = in[i];
    if (is_max) {
      result = (result < v) ? v : result;
    } else {
      result += v;
    }
  }
  y[plane] = is_max ? result : result / size;
}
)CLC";
// kPoolSource's OUTPUTS.
constexpr int64_t kOutputsPerItem = 8;

absl::StatusOr<std::unique_ptr<OpenClStep>> MakePoolStep(const cnn::Node& node,
                                                         const OpenClOpContext& context) {
  if (context.input_shapes[0].size() != 4 || node.output_size() != 1) return nullptr;
  absl::StatusOr<cnn::PoolParams> parsed = cnn::ParsePoolParams(node);
  if (!parsed.ok()) return nullptr;
  const cnn::PoolParams p = *parsed;
  const bool is_max = node.op_type() == "MaxPool";
  ASSIGN_OR_RETURN(cl_kernel kernel, context.programs->MakeKernel(kPoolSource, "pool2d", ""));
  auto bind = [p, is_max](cl_kernel k, const std::vector<DeviceTensor>& in,
                          const DeviceTensor& out) -> absl::StatusOr<std::vector<size_t>> {
    const Shape& x = in[0].shape;
    const Shape& y = out.shape;
    KernelArgs args(k);
    args.Buffer(in[0].buffer).Buffer(out.buffer).Int(x[2]).Int(x[3]).Int(y[2]).Int(y[3]);
    args.Int(p.kernel_h).Int(p.kernel_w).Int(p.stride_h).Int(p.stride_w).Int(p.pad_top);
    args.Int(p.pad_left).Int(p.pad_bottom).Int(p.pad_right).Int(is_max ? 1 : 0);
    args.Int(p.count_include_pad ? 1 : 0);
    RETURN_IF_ERROR(args.status());
    return std::vector<size_t>{static_cast<size_t>((y[3] + kOutputsPerItem - 1) / kOutputsPerItem),
                               static_cast<size_t>(y[2]), static_cast<size_t>(y[0] * y[1])};
  };
  return std::make_unique<SingleKernelStep>(kernel, is_max ? "max_pool" : "average_pool", bind);
}

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeGlobalPoolStep(const cnn::Node& node,
                                                               const OpenClOpContext& context) {
  if (context.input_shapes[0].size() < 3) return nullptr;
  const bool is_max = node.op_type() == "GlobalMaxPool";
  ASSIGN_OR_RETURN(cl_kernel kernel, context.programs->MakeKernel(kPoolSource, "global_pool", ""));
  auto bind = [is_max](cl_kernel k, const std::vector<DeviceTensor>& in,
                       const DeviceTensor& out) -> absl::StatusOr<std::vector<size_t>> {
    const Shape& x = in[0].shape;
    int64_t size = 1;
    for (size_t i = 2; i < x.size(); ++i) size *= x[i];
    KernelArgs args(k);
    args.Buffer(in[0].buffer).Buffer(out.buffer).Int(size).Int(is_max ? 1 : 0);
    RETURN_IF_ERROR(args.status());
    return std::vector<size_t>{static_cast<size_t>(x[0] * x[1])};
  };
  return std::make_unique<SingleKernelStep>(
      kernel, is_max ? "global_max_pool" : "global_average_pool", bind);
}

SENTIO_REGISTER_OPENCL_OP("MaxPool", (OpenClOpKernels{MakePoolStep}));
SENTIO_REGISTER_OPENCL_OP("AveragePool", (OpenClOpKernels{MakePoolStep}));
SENTIO_REGISTER_OPENCL_OP("GlobalAveragePool", (OpenClOpKernels{MakeGlobalPoolStep}));
SENTIO_REGISTER_OPENCL_OP("GlobalMaxPool", (OpenClOpKernels{MakeGlobalPoolStep}));

}  // namespace
}  // namespace sentio::gpu
