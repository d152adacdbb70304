#include "cnn/reference_ops.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "cnn/node_attributes.h"
#include "cnn/shape_inference.h"
#include "sensing/status_macros.h"

namespace sentio {
namespace {

void Conv(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias, Tensor& y) {
  const int64_t batch = x.dim(0), in_c = x.dim(1), in_h = x.dim(2), in_w = x.dim(3);
  const int64_t out_c = y.dim(1), out_h = y.dim(2), out_w = y.dim(3);
  const int64_t k_h = w.dim(2), k_w = w.dim(3);
  const int64_t in_per_group = in_c / p.group, out_per_group = out_c / p.group;
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t m = 0; m < out_c; ++m) {
      const int64_t first_c = (m / out_per_group) * in_per_group;
      for (int64_t oy = 0; oy < out_h; ++oy) {
        for (int64_t ox = 0; ox < out_w; ++ox) {
          double sum = bias != nullptr ? (*bias)[m] : 0.0;
          for (int64_t c = 0; c < in_per_group; ++c) {
            for (int64_t ky = 0; ky < k_h; ++ky) {
              const int64_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
              if (iy < 0 || iy >= in_h) continue;
              for (int64_t kx = 0; kx < k_w; ++kx) {
                const int64_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
                if (ix < 0 || ix >= in_w) continue;
                sum += static_cast<double>(x[((n * in_c + first_c + c) * in_h + iy) * in_w + ix]) *
                       w[((m * in_per_group + c) * k_h + ky) * k_w + kx];
              }
            }
          }
          y[((n * out_c + m) * out_h + oy) * out_w + ox] = static_cast<float>(sum);
        }
      }
    }
  }
}

void Pool(const PoolParams& p, bool is_max, const Tensor& x, Tensor& y) {
  const int64_t planes = x.dim(0) * x.dim(1), in_h = x.dim(2), in_w = x.dim(3);
  const int64_t out_h = y.dim(2), out_w = y.dim(3);
  for (int64_t plane = 0; plane < planes; ++plane) {
    const float* in = x.data() + plane * in_h * in_w;
    for (int64_t oy = 0; oy < out_h; ++oy) {
      for (int64_t ox = 0; ox < out_w; ++ox) {
        // The window, then the part of it inside the padded input and inside the input.
        const int64_t y0 = oy * p.stride_h - p.pad_top, x0 = ox * p.stride_w - p.pad_left;
        const int64_t padded_y1 = std::min(y0 + p.kernel_h, in_h + p.pad_bottom);
        const int64_t padded_x1 = std::min(x0 + p.kernel_w, in_w + p.pad_right);
        const int64_t y_begin = std::max<int64_t>(y0, 0), y_end = std::min(y0 + p.kernel_h, in_h);
        const int64_t x_begin = std::max<int64_t>(x0, 0), x_end = std::min(x0 + p.kernel_w, in_w);
        double result = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
        for (int64_t iy = y_begin; iy < y_end; ++iy) {
          for (int64_t ix = x_begin; ix < x_end; ++ix) {
            const float value = in[iy * in_w + ix];
            result = is_max ? std::max<double>(result, value) : result + value;
          }
        }
        if (!is_max) {
          const int64_t count = p.count_include_pad ? (padded_y1 - y0) * (padded_x1 - x0)
                                                    : (y_end - y_begin) * (x_end - x_begin);
          result = count > 0 ? result / count : 0.0;
        }
        y[(plane * out_h + oy) * out_w + ox] = static_cast<float>(result);
      }
    }
  }
}

// For each output element, the index of the element of `input` that broadcasting maps to it.
std::vector<int64_t> BroadcastIndices(const Shape& input, const Shape& output) {
  const size_t rank = output.size();
  std::vector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (size_t i = 0; i < input.size(); ++i) {
    const size_t axis_in = input.size() - 1 - i;
    if (input[axis_in] != 1) strides[rank - 1 - i] = stride;
    stride *= input[axis_in];
  }
  int64_t count = 1;
  for (int64_t dim : output) count *= dim;
  std::vector<int64_t> indices(count);
  std::vector<int64_t> position(rank, 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t index = 0;
    for (size_t axis = 0; axis < rank; ++axis) index += position[axis] * strides[axis];
    indices[flat] = index;
    for (size_t axis = rank; axis-- > 0;) {
      if (++position[axis] < output[axis]) break;
      position[axis] = 0;
    }
  }
  return indices;
}

void Elementwise(bool is_add, const Tensor& a, const Tensor& b, Tensor& y) {
  const std::vector<int64_t> index_a = BroadcastIndices(a.shape(), y.shape());
  const std::vector<int64_t> index_b = BroadcastIndices(b.shape(), y.shape());
  for (int64_t i = 0; i < y.size(); ++i) {
    y[i] = is_add ? a[index_a[i]] + b[index_b[i]] : a[index_a[i]] * b[index_b[i]];
  }
}

void MatMul(const Tensor& a, const Tensor& b, Tensor& y) {
  const int64_t k_size = b.dim(0), n_size = b.dim(1), rows = a.size() / k_size;
  for (int64_t row = 0; row < rows; ++row) {
    for (int64_t n = 0; n < n_size; ++n) {
      double sum = 0;
      for (int64_t k = 0; k < k_size; ++k) {
        sum += static_cast<double>(a[row * k_size + k]) * b[k * n_size + n];
      }
      y[row * n_size + n] = static_cast<float>(sum);
    }
  }
}

absl::Status Gemm(const cnn::Node& node, const Tensor& a, const Tensor& b, const Tensor* c,
                  Tensor& y) {
  ASSIGN_OR_RETURN(int64_t trans_a, IntAttribute(node, "transA", 0));
  ASSIGN_OR_RETURN(int64_t trans_b, IntAttribute(node, "transB", 0));
  ASSIGN_OR_RETURN(float alpha, FloatAttribute(node, "alpha", 1.0f));
  ASSIGN_OR_RETURN(float beta, FloatAttribute(node, "beta", 1.0f));
  const int64_t m_size = y.dim(0), n_size = y.dim(1);
  const int64_t k_size = trans_a ? a.dim(0) : a.dim(1);
  std::vector<int64_t> index_c;
  if (c != nullptr) index_c = BroadcastIndices(c->shape(), y.shape());
  for (int64_t m = 0; m < m_size; ++m) {
    for (int64_t n = 0; n < n_size; ++n) {
      double sum = 0;
      for (int64_t k = 0; k < k_size; ++k) {
        const float a_mk = trans_a ? a[k * m_size + m] : a[m * k_size + k];
        const float b_kn = trans_b ? b[n * k_size + k] : b[k * n_size + n];
        sum += static_cast<double>(a_mk) * b_kn;
      }
      sum *= alpha;
      if (c != nullptr) sum += static_cast<double>(beta) * (*c)[index_c[m * n_size + n]];
      y[m * n_size + n] = static_cast<float>(sum);
    }
  }
  return absl::OkStatus();
}

absl::Status Softmax(const cnn::Node& node, const Tensor& x, Tensor& y) {
  ASSIGN_OR_RETURN(int64_t axis_attribute, IntAttribute(node, "axis", -1));
  const int axis = NormalizeAxis(axis_attribute, x.rank());
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= x.dim(i);
  for (int i = axis + 1; i < x.rank(); ++i) inner *= x.dim(i);
  const int64_t length = x.dim(axis);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * length * inner + i;
      double largest = -std::numeric_limits<double>::infinity();
      for (int64_t j = 0; j < length; ++j) largest = std::max<double>(largest, x[base + j * inner]);
      double total = 0;
      for (int64_t j = 0; j < length; ++j) total += std::exp(x[base + j * inner] - largest);
      for (int64_t j = 0; j < length; ++j) {
        y[base + j * inner] = static_cast<float>(std::exp(x[base + j * inner] - largest) / total);
      }
    }
  }
  return absl::OkStatus();
}

absl::Status Concat(const cnn::Node& node, const std::vector<const Tensor*>& inputs, Tensor& y) {
  ASSIGN_OR_RETURN(int64_t axis_attribute, IntAttribute(node, "axis", 1));
  const int axis = NormalizeAxis(axis_attribute, y.rank());
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= y.dim(i);
  for (int i = axis + 1; i < y.rank(); ++i) inner *= y.dim(i);
  int64_t offset = 0;
  for (const Tensor* input : inputs) {
    const int64_t chunk = input->dim(axis) * inner;
    for (int64_t o = 0; o < outer; ++o) {
      std::copy(input->data() + o * chunk, input->data() + (o + 1) * chunk,
                y.data() + o * y.dim(axis) * inner + offset);
    }
    offset += chunk;
  }
  return absl::OkStatus();
}

absl::Status BatchNormalization(const cnn::Node& node, const std::vector<const Tensor*>& inputs,
                                Tensor& y) {
  ASSIGN_OR_RETURN(float epsilon, FloatAttribute(node, "epsilon", 1e-5f));
  const Tensor& x = *inputs[0];
  const int64_t channels = x.dim(1);
  const int64_t inner = x.size() / (x.dim(0) * channels);
  for (int64_t i = 0; i < x.size(); ++i) {
    const int64_t c = (i / inner) % channels;
    const double normalized =
        (x[i] - (*inputs[3])[c]) / std::sqrt(static_cast<double>((*inputs[4])[c]) + epsilon);
    y[i] = static_cast<float>(normalized * (*inputs[1])[c] + (*inputs[2])[c]);
  }
  return absl::OkStatus();
}

// Nearest-neighbour upsampling; the integer factors are the ratio of the inferred output shape.
void UpsampleNearest(const Tensor& x, Tensor& y) {
  const int64_t planes = x.dim(0) * x.dim(1), in_h = x.dim(2), in_w = x.dim(3);
  const int64_t out_h = y.dim(2), out_w = y.dim(3);
  const int64_t scale_h = out_h / in_h, scale_w = out_w / in_w;
  for (int64_t plane = 0; plane < planes; ++plane) {
    for (int64_t oy = 0; oy < out_h; ++oy) {
      const float* in_row = x.data() + (plane * in_h + oy / scale_h) * in_w;
      float* out_row = y.data() + (plane * out_h + oy) * out_w;
      for (int64_t ox = 0; ox < out_w; ++ox) out_row[ox] = in_row[ox / scale_w];
    }
  }
}

// x < 0 ? slope * x : x, with one slope or one per channel (axis 1).
void PRelu(const Tensor& x, const Tensor& slope, Tensor& y) {
  // Shape inference allows several slopes only along axis 1.
  const int64_t channels = slope.size();
  const int64_t inner = channels == 1 ? 1 : x.size() / (x.dim(0) * channels);
  for (int64_t i = 0; i < x.size(); ++i) {
    const float a = slope[(i / inner) % channels];
    y[i] = x[i] < 0 ? a * x[i] : x[i];
  }
}

// y[j0, j1, ...] = x[i] where axis perm[k] of x is axis k of y.
void Transpose(const std::vector<int64_t>& perm, const Tensor& x, Tensor& y) {
  const int rank = x.rank();
  std::vector<int64_t> x_strides(rank, 1);
  for (int axis = rank - 2; axis >= 0; --axis) {
    x_strides[axis] = x_strides[axis + 1] * x.dim(axis + 1);
  }
  std::vector<int64_t> position(rank, 0);  // the index into y
  for (int64_t flat = 0; flat < y.size(); ++flat) {
    int64_t source = 0;
    for (int k = 0; k < rank; ++k) source += position[k] * x_strides[perm[k]];
    y[flat] = x[source];
    for (int k = rank; k-- > 0;) {
      if (++position[k] < y.dim(k)) break;
      position[k] = 0;
    }
  }
}

void Lrn(const LrnParams& p, const Tensor& x, Tensor& y) {
  const int64_t batch = x.dim(0), channels = x.dim(1), inner = x.size() / (batch * channels);
  const int64_t before = (p.size - 1) / 2, after = p.size - 1 - before;
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t c = 0; c < channels; ++c) {
      const int64_t first = std::max<int64_t>(0, c - before);
      const int64_t last = std::min(channels - 1, c + after);
      for (int64_t i = 0; i < inner; ++i) {
        double square_sum = 0;
        for (int64_t j = first; j <= last; ++j) {
          const double value = x[(n * channels + j) * inner + i];
          square_sum += value * value;
        }
        const int64_t index = (n * channels + c) * inner + i;
        const double scale = p.bias + static_cast<double>(p.alpha) / p.size * square_sum;
        y[index] = static_cast<float>(x[index] / std::pow(scale, static_cast<double>(p.beta)));
      }
    }
  }
}

}  // namespace

absl::StatusOr<std::vector<Tensor>> RunReferenceNode(const cnn::Node& node,
                                                     const std::vector<const Tensor*>& inputs) {
  std::vector<Shape> input_shapes;
  for (const Tensor* input : inputs) input_shapes.push_back(input->shape());
  ASSIGN_OR_RETURN(std::vector<Shape> output_shapes, InferNodeOutputShapes(node, input_shapes));
  ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(output_shapes[0]));
  const std::string& op = node.op_type();
  if (op == "Conv") {
    ASSIGN_OR_RETURN(ConvParams params, ParseConvParams(node));
    Conv(params, *inputs[0], *inputs[1], inputs.size() > 2 ? inputs[2] : nullptr, y);
  } else if (op == "MaxPool" || op == "AveragePool") {
    ASSIGN_OR_RETURN(PoolParams params, ParsePoolParams(node));
    Pool(params, op == "MaxPool", *inputs[0], y);
  } else if (op == "GlobalAveragePool") {
    PoolParams params;
    params.kernel_h = inputs[0]->dim(2);
    params.kernel_w = inputs[0]->dim(3);
    Pool(params, false, *inputs[0], y);
  } else if (op == "Relu") {
    for (int64_t i = 0; i < y.size(); ++i) y[i] = std::max((*inputs[0])[i], 0.0f);
  } else if (op == "Add" || op == "Mul") {
    Elementwise(op == "Add", *inputs[0], *inputs[1], y);
  } else if (op == "MatMul") {
    MatMul(*inputs[0], *inputs[1], y);
  } else if (op == "Gemm") {
    RETURN_IF_ERROR(Gemm(node, *inputs[0], *inputs[1], inputs.size() > 2 ? inputs[2] : nullptr, y));
  } else if (op == "Reshape" || op == "Flatten") {
    std::copy(inputs[0]->data(), inputs[0]->data() + inputs[0]->size(), y.data());
  } else if (op == "Softmax") {
    RETURN_IF_ERROR(Softmax(node, *inputs[0], y));
  } else if (op == "Concat") {
    RETURN_IF_ERROR(Concat(node, inputs, y));
  } else if (op == "BatchNormalization") {
    RETURN_IF_ERROR(BatchNormalization(node, inputs, y));
  } else if (op == "LeakyRelu") {
    ASSIGN_OR_RETURN(float alpha, FloatAttribute(node, "alpha", 0.01f));
    for (int64_t i = 0; i < y.size(); ++i) {
      const float x = (*inputs[0])[i];
      y[i] = x < 0 ? alpha * x : x;
    }
  } else if (op == "Upsample") {
    UpsampleNearest(*inputs[0], y);
  } else if (op == "Clip") {
    ASSIGN_OR_RETURN(ClipRange range, ParseClipRange(node));
    for (int64_t i = 0; i < y.size(); ++i) {
      y[i] = std::min(std::max((*inputs[0])[i], range.min), range.max);
    }
  } else if (op == "PRelu") {
    PRelu(*inputs[0], *inputs[1], y);
  } else if (op == "Sigmoid") {
    for (int64_t i = 0; i < y.size(); ++i) {
      y[i] = static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>((*inputs[0])[i]))));
    }
  } else if (op == "Tanh") {
    for (int64_t i = 0; i < y.size(); ++i) y[i] = std::tanh((*inputs[0])[i]);
  } else if (op == "Transpose") {
    ASSIGN_OR_RETURN(std::vector<int64_t> perm, TransposePermutation(node, inputs[0]->rank()));
    Transpose(perm, *inputs[0], y);
  } else if (op == "LRN") {
    ASSIGN_OR_RETURN(LrnParams params, ParseLrnParams(node));
    Lrn(params, *inputs[0], y);
  } else if (op == "GlobalMaxPool") {
    PoolParams params;
    params.kernel_h = inputs[0]->dim(2);
    params.kernel_w = inputs[0]->dim(3);
    Pool(params, true, *inputs[0], y);
  } else {
    return NodeError(node, "unsupported operator");
  }
  std::vector<Tensor> outputs;
  outputs.push_back(std::move(y));
  return outputs;
}

}  // namespace sentio
