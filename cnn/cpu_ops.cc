#include "cnn/cpu_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace sentio {
namespace {

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

// Binary op over `output`, axis by axis from `axis`, the innermost loop strided.
void BroadcastAxis(bool is_add, const float* a, const std::vector<int64_t>& a_strides,
                   const float* b, const std::vector<int64_t>& b_strides, const Shape& output,
                   size_t axis, float*& y) {
  const int64_t size = output[axis];
  const int64_t a_step = a_strides[axis], b_step = b_strides[axis];
  if (axis + 1 < output.size()) {
    for (int64_t i = 0; i < size; ++i) {
      BroadcastAxis(is_add, a + i * a_step, a_strides, b + i * b_step, b_strides, output, axis + 1,
                    y);
    }
    return;
  }
  for (int64_t i = 0; i < size; ++i) {
    y[i] = is_add ? a[i * a_step] + b[i * b_step] : a[i * a_step] * b[i * b_step];
  }
  y += size;
}

void PoolPlane(const PoolParams& p, bool is_max, const float* in, int64_t in_h, int64_t in_w,
               int64_t out_h, int64_t out_w, float* out) {
  for (int64_t oy = 0; oy < out_h; ++oy) {
    const int64_t y0 = oy * p.stride_h - p.pad_top;
    const int64_t y_begin = std::max<int64_t>(y0, 0), y_end = std::min(y0 + p.kernel_h, in_h);
    const int64_t padded_rows = std::min(y0 + p.kernel_h, in_h + p.pad_bottom) - y0;
    for (int64_t ox = 0; ox < out_w; ++ox) {
      const int64_t x0 = ox * p.stride_w - p.pad_left;
      const int64_t x_begin = std::max<int64_t>(x0, 0), x_end = std::min(x0 + p.kernel_w, in_w);
      float result = is_max ? -std::numeric_limits<float>::infinity() : 0.0f;
      for (int64_t iy = y_begin; iy < y_end; ++iy) {
        const float* row = in + iy * in_w;
        for (int64_t ix = x_begin; ix < x_end; ++ix) {
          result = is_max ? std::max(result, row[ix]) : result + row[ix];
        }
      }
      if (!is_max) {
        const int64_t padded_cols = std::min(x0 + p.kernel_w, in_w + p.pad_right) - x0;
        const int64_t count =
            p.count_include_pad ? padded_rows * padded_cols : (y_end - y_begin) * (x_end - x_begin);
        result = count > 0 ? result / count : 0.0f;
      }
      out[oy * out_w + ox] = result;
    }
  }
}

}  // namespace

void Pool2d(const PoolParams& params, bool is_max, const float* x, int64_t planes, int64_t in_h,
            int64_t in_w, int64_t out_h, int64_t out_w, float* y, ThreadPool& pool) {
  // Small layers run on the caller: waking the workers would cost more than it saves.
  const int64_t work = planes * out_h * out_w * params.kernel_h * params.kernel_w;
  const int tasks = work < (1 << 16) ? 1 : static_cast<int>(std::min<int64_t>(pool.size(), planes));
  pool.ParallelFor(tasks, [&](int task) {
    for (int64_t plane = planes * task / tasks; plane < planes * (task + 1) / tasks; ++plane) {
      PoolPlane(params, is_max, x + plane * in_h * in_w, in_h, in_w, out_h, out_w,
                y + plane * out_h * out_w);
    }
  });
}

void GlobalAveragePool(const float* x, int64_t planes, int64_t plane_size, float* y) {
  for (int64_t plane = 0; plane < planes; ++plane) {
    float sum = 0;
    for (int64_t i = 0; i < plane_size; ++i) sum += x[plane * plane_size + i];
    y[plane] = plane_size > 0 ? sum / plane_size : 0.0f;
  }
}

void BroadcastBinary(bool is_add, const float* a, const Shape& a_shape, const float* b,
                     const Shape& b_shape, const Shape& output, float* y) {
  if (output.empty()) {
    y[0] = is_add ? a[0] + b[0] : a[0] * b[0];
    return;
  }
  for (int64_t dim : output) {
    if (dim == 0) return;
  }
  BroadcastAxis(is_add, a, BroadcastStrides(a_shape, output), b, BroadcastStrides(b_shape, output),
                output, 0, y);
}

void ActivateArray(const Activation& activation, const float* x, int64_t count, float* y) {
  for (int64_t i = 0; i < count; ++i) y[i] = Activate(activation, x[i]);
}

void Softmax(const float* x, int64_t outer, int64_t length, int64_t inner, float* y) {
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const float* in = x + o * length * inner + i;
      float* out = y + o * length * inner + i;
      float largest = -std::numeric_limits<float>::infinity();
      for (int64_t j = 0; j < length; ++j) largest = std::max(largest, in[j * inner]);
      double total = 0;
      for (int64_t j = 0; j < length; ++j) {
        out[j * inner] = std::exp(in[j * inner] - largest);
        total += out[j * inner];
      }
      const float scale = static_cast<float>(1.0 / total);
      for (int64_t j = 0; j < length; ++j) out[j * inner] *= scale;
    }
  }
}

void ChannelAffine(const float* x, int64_t images, int64_t channels, int64_t inner,
                   const float* scale, const float* shift, float* y) {
  for (int64_t n = 0; n < images; ++n) {
    for (int64_t c = 0; c < channels; ++c) {
      const int64_t base = (n * channels + c) * inner;
      for (int64_t i = 0; i < inner; ++i) y[base + i] = x[base + i] * scale[c] + shift[c];
    }
  }
}

void Concat(const std::vector<const float*>& inputs, const std::vector<int64_t>& chunk_sizes,
            int64_t outer, float* y) {
  for (int64_t o = 0; o < outer; ++o) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::memcpy(y, inputs[i] + o * chunk_sizes[i], chunk_sizes[i] * sizeof(float));
      y += chunk_sizes[i];
    }
  }
}

}  // namespace sentio
