// Concat on the OpenCL engine: each input copied into its slice of the output by one kernel, the
// tensors viewed as [outer, length] with `outer` the product of the axes before `axis`.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ops/op_support.h"
#include "gpu/opencl_op.h"

namespace sentio::gpu {
namespace {

constexpr char kConcatSource[] = R"CLC(
__kernel void copy_into(__global const float* x, __global float* y, int length, int out_length,
                        int offset) {
  const long i = get_global_id(0);
  const long row = i / length, column = i % length;
  y[row * out_length + offset + column] = x[i];
}
)CLC";

class ConcatStep : public OpenClStep {
 public:
  ConcatStep(std::vector<cl_kernel> kernels, int axis)
      : kernels_(std::move(kernels)), axis_(axis) {}
  ~ConcatStep() override {
    for (cl_kernel kernel : kernels_) clReleaseKernel(kernel);
  }

  absl::Status Bind(const std::vector<DeviceTensor>& inputs, const DeviceTensor& output) override {
    const int64_t out_length = Length(output.shape);
    int64_t offset = 0;
    launches_.clear();
    for (size_t i = 0; i < inputs.size(); ++i) {
      const int64_t length = Length(inputs[i].shape);
      KernelArgs args(kernels_[i]);
      args.Buffer(inputs[i].buffer).Buffer(output.buffer).Int(length).Int(out_length).Int(offset);
      RETURN_IF_ERROR(args.status());
      int64_t count = length;
      for (int a = 0; a < axis_; ++a) count *= inputs[i].shape[a];
      launches_.push_back(PlanLaunch(kernels_[i], {static_cast<size_t>(count)}));
      offset += length;
    }
    return absl::OkStatus();
  }

  absl::Status Enqueue(cl_command_queue queue) override {
    for (size_t i = 0; i < kernels_.size(); ++i) {
      RETURN_IF_ERROR(EnqueueKernel(queue, kernels_[i], launches_[i], "copy_into"));
    }
    return absl::OkStatus();
  }

  std::string kernel_name() const override { return "concat"; }

 private:
  // The values from `axis` on, per index of the axes before it.
  int64_t Length(const Shape& shape) const {
    int64_t length = 1;
    for (size_t a = axis_; a < shape.size(); ++a) length *= shape[a];
    return length;
  }

  std::vector<cl_kernel> kernels_;
  int axis_;
  std::vector<KernelLaunch> launches_;
};

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeConcatStep(const cnn::Node& node,
                                                           const OpenClOpContext& context) {
  const int rank = static_cast<int>(context.input_shapes[0].size());
  ASSIGN_OR_RETURN(const int axis, cnn::ops::AxisAttribute(node, "axis", 1, rank));
  std::vector<cl_kernel> kernels;
  for (int i = 0; i < node.input_size(); ++i) {
    absl::StatusOr<cl_kernel> kernel = context.programs->MakeKernel(kConcatSource, "copy_into", "");
    if (!kernel.ok()) {
      for (cl_kernel made : kernels) clReleaseKernel(made);
      return kernel.status();
    }
    kernels.push_back(*kernel);
  }
  return std::make_unique<ConcatStep>(std::move(kernels), axis);
}

SENTIO_REGISTER_OPENCL_OP("Concat", (OpenClOpKernels{MakeConcatStep}));

}  // namespace
}  // namespace sentio::gpu
