// Nearest-neighbour upsampling by integer factors on the OpenCL engine: the IR's Upsample
// (Darknet's upsample layer, YOLO's feature pyramid) and ONNX Resize where it means the same
// (mode nearest, asymmetric coordinates rounded down, integer scales on H and W only: what
// PyTorch's nn.Upsample(mode="nearest") exports). One output row per work-item; every other
// Resize falls back to the reference kernel.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "gpu/opencl_op.h"

namespace sentio::gpu {
namespace {

constexpr char kUpsampleSource[] = R"CLC(
__kernel void upsample_nearest(__global const float* x, __global float* y, int H, int W, int SY,
                               int SX) {
  const int oy = get_global_id(1), plane = get_global_id(2);
  const int OW = W * SX;
  __global const float* in = x + ((long)plane * H + oy / SY) * W;
  __global float* out = y + ((long)plane * H * SY + oy) * OW;
  for (int ox = 0; ox < OW; ++ox) out[ox] = in[ox / SX];
}
)CLC";

struct Factors {
  int64_t y = 0, x = 0;  // 0: not an integer nearest upsampling
};

Factors UpsampleFactors(const cnn::Node& node) {
  Factors factors;
  if (node.op_type() == "Upsample") {
    const std::vector<int64_t> scales =
        cnn::IntsAttribute(node, "scales", {}).value_or(std::vector<int64_t>{});
    if (scales.size() == 2) factors = {scales[0], scales[1]};
    return factors;
  }
  // Resize: only the form that is the same operation.
  const int64_t opset = cnn::IntAttribute(node, "onnx_opset", 21).value_or(21);
  const std::string mode = cnn::StringAttribute(node, "mode", "nearest").value_or("");
  const std::string coordinates = cnn::StringAttribute(node, "coordinate_transformation_mode",
                                                       opset <= 10 ? "asymmetric" : "half_pixel")
                                      .value_or("");
  const std::string rounding =
      cnn::StringAttribute(node, "nearest_mode", opset <= 10 ? "floor" : "round_prefer_floor")
          .value_or("");
  const std::vector<float> scales =
      cnn::FloatsAttribute(node, "scales", {}).value_or(std::vector<float>{});
  const std::vector<int64_t> sizes =
      cnn::IntsAttribute(node, "sizes", {}).value_or(std::vector<int64_t>{1});
  const std::vector<int64_t> axes =
      cnn::IntsAttribute(node, "axes", {}).value_or(std::vector<int64_t>{1});
  if (mode != "nearest" || coordinates != "asymmetric" || rounding != "floor" ||
      scales.size() != 4 || !sizes.empty() || !axes.empty() || scales[0] != 1 || scales[1] != 1) {
    return factors;
  }
  for (int axis : {2, 3}) {
    if (scales[axis] < 1 || scales[axis] != std::floor(scales[axis])) return factors;
  }
  return {static_cast<int64_t>(scales[2]), static_cast<int64_t>(scales[3])};
}

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeUpsampleStep(const cnn::Node& node,
                                                             const OpenClOpContext& context) {
  const Factors factors = UpsampleFactors(node);
  if (factors.y < 1 || factors.x < 1 || context.input_shapes[0].size() != 4 ||
      node.input_size() != 1) {
    return nullptr;
  }
  ASSIGN_OR_RETURN(cl_kernel kernel,
                   context.programs->MakeKernel(kUpsampleSource, "upsample_nearest", ""));
  auto bind = [factors](cl_kernel k, const std::vector<DeviceTensor>& in,
                        const DeviceTensor& out) -> absl::StatusOr<std::vector<size_t>> {
    const Shape& x = in[0].shape;
    KernelArgs args(k);
    args.Buffer(in[0].buffer).Buffer(out.buffer).Int(x[2]).Int(x[3]).Int(factors.y);
    args.Int(factors.x);
    RETURN_IF_ERROR(args.status());
    return std::vector<size_t>{1, static_cast<size_t>(out.shape[2]),
                               static_cast<size_t>(x[0] * x[1])};
  };
  return std::make_unique<SingleKernelStep>(kernel, "upsample_nearest", bind);
}

SENTIO_REGISTER_OPENCL_OP("Upsample", (OpenClOpKernels{MakeUpsampleStep}));
SENTIO_REGISTER_OPENCL_OP("Resize", (OpenClOpKernels{MakeUpsampleStep}));

}  // namespace
}  // namespace sentio::gpu
