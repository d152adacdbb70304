// Softmax on the OpenCL engine, along the one axis `axis` (the IR's form,
// cnn/ops/normalization.cc): the input viewed as [outer, length, inner], one work-item per (outer,
// inner) line: its maximum, then the sum of exponentials, then the quotients.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ops/op_support.h"
#include "gpu/opencl_op.h"

namespace sentio::gpu {
namespace {

constexpr char kSoftmaxSource[] = R"CLC(
__kernel void softmax(__global const float* x, __global float* y, int length, int inner) {
  const int line = get_global_id(0);
  const int o = line / inner, i = line % inner;
  const long base = (long)o * length * inner + i;
  float top = -INFINITY;
  for (int j = 0; j < length; ++j) top = fmax(top, x[base + (long)j * inner]);
  float sum = 0.0f;
  for (int j = 0; j < length; ++j) sum += exp(x[base + (long)j * inner] - top);
  for (int j = 0; j < length; ++j) y[base + (long)j * inner] = exp(x[base + (long)j * inner] - top) / sum;
}
)CLC";

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeSoftmaxStep(const cnn::Node& node,
                                                            const OpenClOpContext& context) {
  const int rank = static_cast<int>(context.input_shapes[0].size());
  ASSIGN_OR_RETURN(const int axis, cnn::ops::AxisAttribute(node, "axis", -1, rank));
  ASSIGN_OR_RETURN(cl_kernel kernel, context.programs->MakeKernel(kSoftmaxSource, "softmax", ""));
  auto bind = [axis](cl_kernel k, const std::vector<DeviceTensor>& in,
                     const DeviceTensor& out) -> absl::StatusOr<std::vector<size_t>> {
    const Shape& x = in[0].shape;
    int64_t outer = 1, length = 1, inner = 1;
    for (int a = 0; a < axis; ++a) outer *= x[a];
    length = x[axis];
    for (size_t a = axis + 1; a < x.size(); ++a) inner *= x[a];
    KernelArgs args(k);
    args.Buffer(in[0].buffer).Buffer(out.buffer).Int(length).Int(inner);
    RETURN_IF_ERROR(args.status());
    return std::vector<size_t>{static_cast<size_t>(length == 0 ? 0 : outer * inner)};
  };
  return std::make_unique<SingleKernelStep>(kernel, "softmax", bind);
}

SENTIO_REGISTER_OPENCL_OP("Softmax", (OpenClOpKernels{MakeSoftmaxStep}));

}  // namespace
}  // namespace sentio::gpu
