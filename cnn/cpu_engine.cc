#include "cnn/cpu_engine.h"

#include <algorithm>
#include <string>

#include "cnn/node_attributes.h"
#include "cnn/reference_ops.h"
#include "cnn/shape_inference.h"
#include "sensing/status_macros.h"

namespace sentio {
namespace {

// B^T for a [rows, cols] row-major matrix.
std::vector<float> Transposed(const float* b, int64_t rows, int64_t cols) {
  std::vector<float> out(rows * cols);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) out[c * rows + r] = b[r * cols + c];
  }
  return out;
}

// The im2col matrix of one image's group of channels: row (c, ky, kx), column (oy, ox).
void Im2Col(const float* image, int64_t channels, int64_t in_h, int64_t in_w, int64_t k_h,
            int64_t k_w, const ConvParams& p, int64_t out_h, int64_t out_w, float* columns) {
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t ky = 0; ky < k_h; ++ky) {
      for (int64_t kx = 0; kx < k_w; ++kx) {
        float* row = columns + ((c * k_h + ky) * k_w + kx) * out_h * out_w;
        for (int64_t oy = 0; oy < out_h; ++oy) {
          const int64_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
          float* out = row + oy * out_w;
          if (iy < 0 || iy >= in_h) {
            std::fill(out, out + out_w, 0.0f);
            continue;
          }
          const float* in = image + (c * in_h + iy) * in_w;
          for (int64_t ox = 0; ox < out_w; ++ox) {
            const int64_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
            out[ox] = ix >= 0 && ix < in_w ? in[ix] : 0.0f;
          }
        }
      }
    }
  }
}

// Strides of `shape` seen as an operand broadcast to `output` (0 along broadcast axes).
std::vector<int64_t> BroadcastStrides(const Shape& shape, const Shape& output) {
  std::vector<int64_t> strides(output.size(), 0);
  int64_t stride = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    const size_t axis = shape.size() - 1 - i;
    if (shape[axis] != 1) strides[output.size() - 1 - i] = stride;
    stride *= shape[axis];
  }
  return strides;
}

// y = a + b or a * b over `output`, axis by axis from `axis`, the innermost loop strided.
void BroadcastBinary(bool is_add, const float* a, const std::vector<int64_t>& a_strides,
                     const float* b, const std::vector<int64_t>& b_strides, const Shape& output,
                     size_t axis, float*& y) {
  const int64_t size = output[axis];
  const int64_t a_step = a_strides[axis], b_step = b_strides[axis];
  if (axis + 1 < output.size()) {
    for (int64_t i = 0; i < size; ++i) {
      BroadcastBinary(is_add, a + i * a_step, a_strides, b + i * b_step, b_strides, output,
                      axis + 1, y);
    }
    return;
  }
  for (int64_t i = 0; i < size; ++i) {
    y[i] = is_add ? a[i * a_step] + b[i * b_step] : a[i * a_step] * b[i * b_step];
  }
  y += size;
}

}  // namespace

void GemmAccumulate(int64_t m, int64_t n, int64_t k, const float* a, int64_t a_stride,
                    const float* b, int64_t b_stride, float* c, int64_t c_stride) {
  // Blocks of B (k_block rows x n_block columns, 128 KiB) stay in cache while the rows of A pass
  // over them, four rows at a time so that each loaded element of B serves four rows of C; the
  // innermost loops run along contiguous rows of B and C and vectorise.
  constexpr int64_t kBlockK = 64, kBlockN = 512;
  for (int64_t n0 = 0; n0 < n; n0 += kBlockN) {
    const int64_t n1 = std::min(n, n0 + kBlockN);
    for (int64_t k0 = 0; k0 < k; k0 += kBlockK) {
      const int64_t k1 = std::min(k, k0 + kBlockK);
      int64_t i = 0;
      for (; i + 4 <= m; i += 4) {
        float* __restrict c0 = c + i * c_stride;
        float* __restrict c1 = c0 + c_stride;
        float* __restrict c2 = c1 + c_stride;
        float* __restrict c3 = c2 + c_stride;
        const float* a0 = a + i * a_stride;
        for (int64_t kk = k0; kk < k1; ++kk) {
          const float a0k = a0[kk], a1k = a0[a_stride + kk], a2k = a0[2 * a_stride + kk],
                      a3k = a0[3 * a_stride + kk];
          const float* __restrict b_row = b + kk * b_stride;
          for (int64_t j = n0; j < n1; ++j) {
            const float b_kj = b_row[j];
            c0[j] += a0k * b_kj;
            c1[j] += a1k * b_kj;
            c2[j] += a2k * b_kj;
            c3[j] += a3k * b_kj;
          }
        }
      }
      for (; i < m; ++i) {
        float* __restrict c_row = c + i * c_stride;
        const float* a_row = a + i * a_stride;
        for (int64_t kk = k0; kk < k1; ++kk) {
          const float a_ik = a_row[kk];
          const float* __restrict b_row = b + kk * b_stride;
          for (int64_t j = n0; j < n1; ++j) c_row[j] += a_ik * b_row[j];
        }
      }
    }
  }
}

absl::Status CpuEngine::Load(const cnn::Model& model) {
  RETURN_IF_ERROR(runner_.Load(model));
  gemm_b_.clear();
  for (const cnn::Node& node : runner_.model().node()) {
    if (node.op_type() != "Gemm") continue;
    const Tensor* b = runner_.FindWeights(node.input(1));
    if (b == nullptr) continue;
    ASSIGN_OR_RETURN(int64_t trans_b, IntAttribute(node, "transB", 0));
    gemm_b_[&node] = trans_b ? Transposed(b->data(), b->dim(0), b->dim(1)) : b->values();
  }
  return absl::OkStatus();
}

absl::StatusOr<TensorMap> CpuEngine::Run(const TensorMap& inputs) {
  return runner_.Run(inputs, [this](const cnn::Node& node, const std::vector<const Tensor*>& in) {
    return RunNode(node, in);
  });
}

absl::StatusOr<std::vector<Tensor>> CpuEngine::RunNode(
    const cnn::Node& node, const std::vector<const Tensor*>& inputs) const {
  const std::string& op = node.op_type();
  if (op != "Conv" && op != "Gemm" && op != "MatMul" && op != "Add" && op != "Mul") {
    return RunReferenceNode(node, inputs);
  }
  std::vector<Shape> shapes;
  for (const Tensor* input : inputs) shapes.push_back(input->shape());
  ASSIGN_OR_RETURN(std::vector<Shape> output_shapes, InferNodeOutputShapes(node, shapes));
  std::vector<Tensor> outputs;
  if (node.op_type() == "Conv") {
    ASSIGN_OR_RETURN(Tensor y, Conv(node, inputs, output_shapes[0]));
    outputs.push_back(std::move(y));
  } else if (node.op_type() == "Gemm") {
    ASSIGN_OR_RETURN(Tensor y, Gemm(node, inputs));
    outputs.push_back(std::move(y));
  } else if (op == "Add" || op == "Mul") {
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(output_shapes[0]));
    const Shape& shape = output_shapes[0];
    if (shape.empty()) {
      y[0] = op == "Add" ? (*inputs[0])[0] + (*inputs[1])[0] : (*inputs[0])[0] * (*inputs[1])[0];
    } else if (y.size() > 0) {
      float* out = y.data();
      BroadcastBinary(op == "Add", inputs[0]->data(), BroadcastStrides(inputs[0]->shape(), shape),
                      inputs[1]->data(), BroadcastStrides(inputs[1]->shape(), shape), shape, 0,
                      out);
    }
    outputs.push_back(std::move(y));
  } else {
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(output_shapes[0]));
    const Tensor& a = *inputs[0];
    const Tensor& b = *inputs[1];
    const int64_t k = b.dim(0), n = b.dim(1);
    GemmAccumulate(a.size() / k, n, k, a.data(), k, b.data(), n, y.data(), n);
    outputs.push_back(std::move(y));
  }
  return outputs;
}

absl::StatusOr<Tensor> CpuEngine::Conv(const cnn::Node& node,
                                       const std::vector<const Tensor*>& inputs,
                                       const Shape& output_shape) const {
  ASSIGN_OR_RETURN(ConvParams p, ParseConvParams(node));
  const Tensor& x = *inputs[0];
  const Tensor& w = *inputs[1];
  const Tensor* bias = inputs.size() > 2 ? inputs[2] : nullptr;
  ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(output_shape));
  const int64_t batch = x.dim(0), in_c = x.dim(1), in_h = x.dim(2), in_w = x.dim(3);
  const int64_t out_c = y.dim(1), out_h = y.dim(2), out_w = y.dim(3);
  const int64_t k_h = w.dim(2), k_w = w.dim(3);
  const int64_t group_in = in_c / p.group, group_out = out_c / p.group;
  const int64_t k = group_in * k_h * k_w, pixels = out_h * out_w;
  const bool direct = k_h == 1 && k_w == 1 && p.stride_h == 1 && p.stride_w == 1 &&
                      p.pad_top == 0 && p.pad_left == 0 && p.pad_bottom == 0 && p.pad_right == 0;
  std::vector<float> columns(direct ? 0 : k * pixels);
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t g = 0; g < p.group; ++g) {
      const float* image = x.data() + (n * in_c + g * group_in) * in_h * in_w;
      float* out = y.data() + (n * out_c + g * group_out) * pixels;
      if (bias != nullptr) {
        for (int64_t m = 0; m < group_out; ++m) {
          std::fill(out + m * pixels, out + (m + 1) * pixels, (*bias)[g * group_out + m]);
        }
      }
      const float* b = image;
      if (!direct) {
        Im2Col(image, group_in, in_h, in_w, k_h, k_w, p, out_h, out_w, columns.data());
        b = columns.data();
      }
      GemmAccumulate(group_out, pixels, k, w.data() + g * group_out * k, k, b, pixels, out, pixels);
    }
  }
  return y;
}

absl::StatusOr<Tensor> CpuEngine::Gemm(const cnn::Node& node,
                                       const std::vector<const Tensor*>& inputs) const {
  ASSIGN_OR_RETURN(int64_t trans_a, IntAttribute(node, "transA", 0));
  ASSIGN_OR_RETURN(int64_t trans_b, IntAttribute(node, "transB", 0));
  ASSIGN_OR_RETURN(float alpha, FloatAttribute(node, "alpha", 1.0f));
  ASSIGN_OR_RETURN(float beta, FloatAttribute(node, "beta", 1.0f));
  const Tensor& a_in = *inputs[0];
  const Tensor& b_in = *inputs[1];
  const int64_t m = trans_a ? a_in.dim(1) : a_in.dim(0);
  const int64_t k = trans_a ? a_in.dim(0) : a_in.dim(1);
  const int64_t n = trans_b ? b_in.dim(0) : b_in.dim(1);
  std::vector<float> a_transposed, b_transposed;
  const float* a = a_in.data();
  if (trans_a) {
    a_transposed = Transposed(a_in.data(), a_in.dim(0), a_in.dim(1));
    a = a_transposed.data();
  }
  const float* b = b_in.data();
  auto prepared = gemm_b_.find(&node);
  if (prepared != gemm_b_.end()) {
    b = prepared->second.data();
  } else if (trans_b) {
    b_transposed = Transposed(b_in.data(), b_in.dim(0), b_in.dim(1));
    b = b_transposed.data();
  }
  ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros({m, n}));
  GemmAccumulate(m, n, k, a, k, b, n, y.data(), n);
  const Tensor* c = inputs.size() > 2 ? inputs[2] : nullptr;
  // C broadcasts to [m, n]: its last two axes (missing ones count as 1).
  const int64_t c_cols = c != nullptr && c->rank() >= 1 ? c->dim(-1) : 1;
  const int64_t c_rows = c != nullptr && c->rank() >= 2 ? c->dim(-2) : 1;
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      float value = alpha * y[i * n + j];
      if (c != nullptr) value += beta * (*c)[(c_rows == 1 ? 0 : i) * c_cols + (c_cols == 1 ? 0 : j)];
      y[i * n + j] = value;
    }
  }
  return y;
}

}  // namespace sentio
