// Gemm and MatMul on the OpenCL engine: Y = act(alpha * A' B' + beta * C) with A' and B' A and B
// or their transposes (Gemm's transA, transB) and C broadcast to Y ([N], [1, N], [M, 1], [M, N] or
// one value), and MatMul of A [..., M, K] by a 2-D B [K, N] (A's leading axes folded into M).
// Each work-item computes one element of Y; the strides passed for A, B and C express the
// transposes and the broadcast; with A as stored and B transposed (fully connected layers) it
// reads both along k as vectors. MatMul with a batched B falls back.
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "gpu/opencl_op.h"

namespace sentio::gpu {
namespace {

constexpr char kGemmSource[] = R"CLC(
__kernel void gemm(__global const float* a, __global const WEIGHT_T* b, __global const float* c,
                   __global float* y, int M, int N, int K, int a_row, int a_col, int b_row,
                   int b_col, int c_row, int c_col, float alpha, float beta, int has_c) {
  const int n = get_global_id(0), m = get_global_id(1);
  __global const float* a_m = a + (long)m * a_row;
  __global const WEIGHT_T* b_n = b + (long)n * b_col;
  float sum = 0.0f;
  for (int k = 0; k < K; ++k) sum += a_m[(long)k * a_col] * WEIGHT(b_n, (long)k * b_row);
  float value = alpha * sum;
  if (has_c) value += beta * c[(long)m * c_row + (long)n * c_col];
  y[(long)m * N + n] = activate(value);
}

// gemm when A's rows and B' columns are contiguous along k (a_col == b_row == 1: A as stored,
// B transposed, as fully connected layers export): eight partial sums per element, so the
// additions do not wait on each other.
__kernel void gemm_dot(__global const float* a, __global const WEIGHT_T* b, __global const float* c,
                       __global float* y, int M, int N, int K, int a_row, int a_col, int b_row,
                       int b_col, int c_row, int c_col, float alpha, float beta, int has_c) {
  const int n = get_global_id(0), m = get_global_id(1);
  __global const float* a_m = a + (long)m * a_row;
  __global const WEIGHT_T* b_n = b + (long)n * b_col;
  float8 partial = 0.0f;
  int k = 0;
  for (; k + 8 <= K; k += 8) partial = fma(vload8(0, a_m + k), WEIGHT8(b_n + k), partial);
  float sum = ((partial.s0 + partial.s1) + (partial.s2 + partial.s3)) +
              ((partial.s4 + partial.s5) + (partial.s6 + partial.s7));
  for (; k < K; ++k) sum += a_m[k] * WEIGHT(b_n, k);
  float value = alpha * sum;
  if (has_c) value += beta * c[(long)m * c_row + (long)n * c_col];
  y[(long)m * N + n] = activate(value);
}
)CLC";

struct GemmForm {
  bool trans_a = false, trans_b = false;
  float alpha = 1, beta = 1;
  bool matmul = false;
};

absl::StatusOr<std::unique_ptr<OpenClStep>> MakeGemmStep(const cnn::Node& node,
                                                         const OpenClOpContext& context) {
  GemmForm form;
  form.matmul = node.op_type() == "MatMul";
  const Shape& a = context.input_shapes[0];
  const Shape& b = context.input_shapes[1];
  if (form.matmul) {
    if (a.size() < 2 || b.size() != 2) return nullptr;
  } else {
    ASSIGN_OR_RETURN(int64_t trans_a, cnn::IntAttribute(node, "transA", 0));
    ASSIGN_OR_RETURN(int64_t trans_b, cnn::IntAttribute(node, "transB", 0));
    ASSIGN_OR_RETURN(form.alpha, cnn::FloatAttribute(node, "alpha", 1.0f));
    ASSIGN_OR_RETURN(form.beta, cnn::FloatAttribute(node, "beta", 1.0f));
    form.trans_a = trans_a != 0;
    form.trans_b = trans_b != 0;
    if (a.size() != 2 || b.size() != 2) return nullptr;
    if (context.input_shapes.size() > 2 && context.input_shapes[2].size() > 2) return nullptr;
  }
  // A as stored and B transposed (a fully connected layer): both read along k.
  const bool dot = !form.matmul && !form.trans_a && form.trans_b;
  // B stored as halves (fp16 weights) stays halves on the device, in the step's own buffer.
  const bool half =
      context.constants[1] != nullptr && context.constants[1]->dtype() == cnn::DataType::kFloat16;
  cl_mem half_b = nullptr;
  if (half) {
    const Tensor b_values = context.constants[1]->ToFloat32();
    ASSIGN_OR_RETURN(
        half_b,
        UploadWeightValues(context.programs->runtime(),
                           std::vector<float>(b_values.data(), b_values.data() + b_values.size()),
                           /*as_half=*/true, "fp16 matrix weights"));
  }
  absl::StatusOr<cl_kernel> kernel = context.programs->MakeKernel(
      std::string(kActivationSource) + kWeightSource + kGemmSource, dot ? "gemm_dot" : "gemm",
      absl::StrCat(context.activation.BuildOptions(), " -DHALF_WEIGHTS=", half ? 1 : 0));
  if (!kernel.ok()) {
    if (half_b != nullptr) clReleaseMemObject(half_b);
    return kernel.status();
  }
  std::string name = dot ? "gemm_dot" : "gemm";
  if (context.activation.kind != Activation::kNone) name += "+" + context.activation.Name();
  if (half) name += " fp16 weights";
  auto bind = [form, half_b](cl_kernel k, const std::vector<DeviceTensor>& in,
                             const DeviceTensor& out) -> absl::StatusOr<std::vector<size_t>> {
    const Shape& a = in[0].shape;
    const Shape& b = in[1].shape;
    int64_t m = 1, depth = 0, n = 0;
    int64_t a_row = 0, a_col = 0, b_row = 0, b_col = 0;
    if (form.matmul) {
      for (size_t i = 0; i + 1 < a.size(); ++i) m *= a[i];
      depth = a.back();
      n = b[1];
      a_row = depth;
      a_col = 1;
      b_row = n;
      b_col = 1;
    } else {
      m = form.trans_a ? a[1] : a[0];
      depth = form.trans_a ? a[0] : a[1];
      n = form.trans_b ? b[0] : b[1];
      a_row = form.trans_a ? 1 : a[1];
      a_col = form.trans_a ? a[1] : 1;
      b_row = form.trans_b ? 1 : b[1];  // step along k
      b_col = form.trans_b ? b[1] : 1;  // step along n
    }
    int64_t c_row = 0, c_col = 0;
    const bool has_c = in.size() > 2;
    if (has_c) {
      const Shape& c = in[2].shape;
      // Broadcast of C to [M, N] from the right: a size-1 axis steps by 0.
      const int64_t c_rows = c.size() == 2 ? c[0] : 1;
      const int64_t c_cols = c.empty() ? 1 : c.back();
      c_col = c_cols == 1 ? 0 : 1;
      c_row = c_rows == 1 ? 0 : c_cols;
    }
    KernelArgs args(k);
    const cl_mem b_buffer = half_b != nullptr ? half_b : in[1].buffer;
    args.Buffer(in[0].buffer).Buffer(b_buffer).Buffer(has_c ? in[2].buffer : b_buffer);
    args.Buffer(out.buffer).Int(m).Int(n).Int(depth).Int(a_row).Int(a_col).Int(b_row).Int(b_col);
    args.Int(c_row).Int(c_col).Float(form.alpha).Float(form.beta).Int(has_c ? 1 : 0);
    RETURN_IF_ERROR(args.status());
    return std::vector<size_t>{static_cast<size_t>(n), static_cast<size_t>(m)};
  };
  auto step = std::make_unique<SingleKernelStep>(*kernel, name, bind);
  if (half_b != nullptr) step->OwnInput(1, half_b);
  return step;
}

SENTIO_REGISTER_OPENCL_OP("Gemm", (OpenClOpKernels{MakeGemmStep, /*fuses_activation=*/true}));
SENTIO_REGISTER_OPENCL_OP("MatMul", (OpenClOpKernels{MakeGemmStep, /*fuses_activation=*/true}));

}  // namespace
}  // namespace sentio::gpu
