// Element-wise ops on the OpenCL engine: the activations (Relu, Clip, LeakyRelu, Sigmoid,
// HardSigmoid, Tanh), unary math (Exp, Log, Sqrt, Abs, Neg, Reciprocal, Floor, Ceil, HardSwish,
// Softsign) and Add, Sub, Mul and Div with NumPy broadcasting up to rank 6 (each operand's
// strides are zero along its broadcast axes). One work-item per output value.
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "gpu/opencl_op.h"

namespace sentio::gpu {
namespace {

constexpr char kUnarySource[] = R"CLC(
inline float unary(float x) {
#if UNARY == 0
  return activate(x);
#elif UNARY == 1
  return exp(x);
#elif UNARY == 2
  return log(x);
#elif UNARY == 3
  return sqrt(x);
#elif UNARY == 4
  return fabs(x);
#elif UNARY == 5
  return -x;
#elif UNARY == 6
  return 1.0f / x;
#elif UNARY == 7
  return floor(x);
#elif UNARY == 8
  return ceil(x);
#elif UNARY == 9
  return x * fmax(0.0f, fmin(1.0f, x / 6.0f + 0.5f));
#else
  return x / (1.0f + fabs(x));
#endif
}
__kernel void unary_op(__global const float* x, __global float* y) {
  const size_t i = get_global_id(0);
  y[i] = unary(x[i]);
}
)CLC";

// UNARY codes of kUnarySource past 0 (an activation), by op type.
constexpr std::pair<const char*, int> kUnaryMath[] = {
    {"Exp", 1},        {"Log", 2},   {"Sqrt", 3}, {"Abs", 4},       {"Neg", 5},
    {"Reciprocal", 6}, {"Floor", 7}, {"Ceil", 8}, {"HardSwish", 9}, {"Softsign", 10}};

// Both binary kernels: `binary(u, v)` is the op of BINARY; binary_op broadcasts through strides,
// same_shape_op takes operands of the output's shape (no index arithmetic).
constexpr char kBinarySource[] = R"CLC(
inline float binary(float u, float v) {
#if BINARY == 0
  return u + v;
#elif BINARY == 1
  return u - v;
#elif BINARY == 2
  return u * v;
#else
  return u / v;
#endif
}

__kernel void binary_op(__global const float* a, __global const float* b, __global float* y,
                        int d0, int d1, int d2, int d3, int d4, int d5,
                        int a0, int a1, int a2, int a3, int a4, int a5,
                        int b0, int b1, int b2, int b3, int b4, int b5) {
  long i = get_global_id(0);
  const long out = i;
  long ia = 0, ib = 0;
  int c;
  c = i % d5; i /= d5; ia += (long)c * a5; ib += (long)c * b5;
  c = i % d4; i /= d4; ia += (long)c * a4; ib += (long)c * b4;
  c = i % d3; i /= d3; ia += (long)c * a3; ib += (long)c * b3;
  c = i % d2; i /= d2; ia += (long)c * a2; ib += (long)c * b2;
  c = i % d1; i /= d1; ia += (long)c * a1; ib += (long)c * b1;
  c = i % d0;          ia += (long)c * a0; ib += (long)c * b0;
  y[out] = binary(a[ia], b[ib]);
}

__kernel void same_shape_op(__global const float* a, __global const float* b, __global float* y) {
  const size_t i = get_global_id(0);
  y[i] = binary(a[i], b[i]);
}
)CLC";

constexpr std::pair<const char*, int> kBinaryOps[] = {
    {"Add", 0}, {"Sub", 1}, {"Mul", 2}, {"Div", 3}};
constexpr int kMaxBinaryRank = 6;

int64_t ElementCount(const Shape& shape) {
  int64_t count = 1;
  for (int64_t d : shape) count *= d;
  return count;
}

// A binary op: same_shape_op when both operands have the output's shape (residual additions),
// binary_op with broadcasting strides otherwise; chosen again at each Bind (the batch may change).
class BinaryStep : public OpenClStep {
 public:
  BinaryStep(cl_kernel same_shape, cl_kernel broadcast, std::string name)
      : same_shape_(same_shape), broadcast_(broadcast), name_(std::move(name)) {}
  ~BinaryStep() override {
    clReleaseKernel(same_shape_);
    clReleaseKernel(broadcast_);
  }

  absl::Status Bind(const std::vector<DeviceTensor>& in, const DeviceTensor& out) override {
    const size_t count = static_cast<size_t>(ElementCount(out.shape));
    if (in[0].shape == out.shape && in[1].shape == out.shape) {
      chosen_ = same_shape_;
      launch_ = PlanLaunch(chosen_, {count});
      KernelArgs args(same_shape_);
      args.Buffer(in[0].buffer).Buffer(in[1].buffer).Buffer(out.buffer);
      return args.status();
    }
    chosen_ = broadcast_;
    launch_ = PlanLaunch(chosen_, {count});
    // The output's dims and each operand's strides, right-aligned in kMaxBinaryRank axes.
    int64_t dims[kMaxBinaryRank], strides[2][kMaxBinaryRank];
    const int rank = static_cast<int>(out.shape.size());
    for (int axis = 0; axis < kMaxBinaryRank; ++axis) {
      const int out_axis = axis - (kMaxBinaryRank - rank);
      dims[axis] = out_axis >= 0 ? out.shape[out_axis] : 1;
    }
    for (int operand = 0; operand < 2; ++operand) {
      const Shape& shape = in[operand].shape;
      int64_t stride = 1;
      for (int axis = kMaxBinaryRank - 1; axis >= 0; --axis) {
        const int own_axis = axis - (kMaxBinaryRank - static_cast<int>(shape.size()));
        const int64_t size = own_axis >= 0 ? shape[own_axis] : 1;
        strides[operand][axis] = size == 1 ? 0 : stride;
        stride *= size;
      }
    }
    KernelArgs args(broadcast_);
    args.Buffer(in[0].buffer).Buffer(in[1].buffer).Buffer(out.buffer);
    for (int64_t d : dims) args.Int(d);
    for (const auto& operand : strides) {
      for (int64_t s : operand) args.Int(s);
    }
    return args.status();
  }

  absl::Status Enqueue(cl_command_queue queue) override {
    return EnqueueKernel(queue, chosen_, launch_, name_);
  }

  std::string kernel_name() const override { return name_; }

 private:
  cl_kernel same_shape_, broadcast_;
  cl_kernel chosen_ = nullptr;
  std::string name_;
  KernelLaunch launch_;
};

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeUnaryStep(const cnn::Node& node,
                                                          const OpenClOpContext& context) {
  ASSIGN_OR_RETURN(Activation activation, Activation::Of(node));
  int code = 0;
  std::string name = activation.Name();
  if (activation.kind == Activation::kNone) {
    for (const auto& [op, unary] : kUnaryMath) {
      if (node.op_type() == op) {
        code = unary;
        name = absl::AsciiStrToLower(op);
      }
    }
    if (code == 0) return nullptr;
  }
  ASSIGN_OR_RETURN(
      cl_kernel kernel,
      context.programs->MakeKernel(std::string(kActivationSource) + kUnarySource, "unary_op",
                                   absl::StrCat(activation.BuildOptions(), " -DUNARY=", code)));
  auto bind = [](cl_kernel k, const std::vector<DeviceTensor>& in,
                 const DeviceTensor& out) -> absl::StatusOr<std::vector<size_t>> {
    KernelArgs args(k);
    args.Buffer(in[0].buffer).Buffer(out.buffer);
    RETURN_IF_ERROR(args.status());
    return std::vector<size_t>{static_cast<size_t>(ElementCount(out.shape))};
  };
  return std::make_unique<SingleKernelStep>(kernel, name, bind);
}

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeBinaryStep(const cnn::Node& node,
                                                           const OpenClOpContext& context) {
  if (node.input_size() != 2) return nullptr;
  for (const Shape& shape : context.input_shapes) {
    if (shape.size() > kMaxBinaryRank) return nullptr;
  }
  int code = -1;
  for (const auto& [op, binary] : kBinaryOps) {
    if (node.op_type() == op) code = binary;
  }
  if (code < 0) return nullptr;
  const std::string options = absl::StrCat("-DBINARY=", code);
  absl::StatusOr<cl_kernel> same =
      context.programs->MakeKernel(kBinarySource, "same_shape_op", options);
  absl::StatusOr<cl_kernel> broadcast =
      context.programs->MakeKernel(kBinarySource, "binary_op", options);
  if (!same.ok() || !broadcast.ok()) {
    if (same.ok()) clReleaseKernel(*same);
    if (broadcast.ok()) clReleaseKernel(*broadcast);
    return same.ok() ? broadcast.status() : same.status();
  }
  return std::make_unique<BinaryStep>(*same, *broadcast, absl::AsciiStrToLower(node.op_type()));
}

SENTIO_REGISTER_OPENCL_OP("Relu", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Clip", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("LeakyRelu", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Sigmoid", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("HardSigmoid", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Tanh", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Exp", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Log", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Sqrt", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Abs", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Neg", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Reciprocal", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Floor", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Ceil", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("HardSwish", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Softsign", (OpenClOpKernels{MakeUnaryStep}));
SENTIO_REGISTER_OPENCL_OP("Add", (OpenClOpKernels{MakeBinaryStep}));
SENTIO_REGISTER_OPENCL_OP("Sub", (OpenClOpKernels{MakeBinaryStep}));
SENTIO_REGISTER_OPENCL_OP("Mul", (OpenClOpKernels{MakeBinaryStep}));
SENTIO_REGISTER_OPENCL_OP("Div", (OpenClOpKernels{MakeBinaryStep}));

}  // namespace
}  // namespace sentio::gpu
