#include "cnn/cpu/cpu_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "base/simd_clones.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#define SENTIO_POOL_SSE 1
#endif

namespace sentio::cnn::cpu {
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
  // The innermost axis: the common layouts as loops the compiler vectorises (a residual add,
  // a per-channel scale such as squeeze-excitation's), the others element by element.
  if (a_step == 1 && b_step == 1) {
    for (int64_t i = 0; i < size; ++i) y[i] = is_add ? a[i] + b[i] : a[i] * b[i];
  } else if (a_step == 1 && b_step == 0) {
    const float scalar = *b;
    for (int64_t i = 0; i < size; ++i) y[i] = is_add ? a[i] + scalar : a[i] * scalar;
  } else if (a_step == 0 && b_step == 1) {
    const float scalar = *a;
    for (int64_t i = 0; i < size; ++i) y[i] = is_add ? scalar + b[i] : scalar * b[i];
  } else {
    for (int64_t i = 0; i < size; ++i) {
      y[i] = is_add ? a[i * a_step] + b[i * b_step] : a[i * a_step] * b[i * b_step];
    }
  }
  y += size;
}

// The window of output (oy, ox) clipped to the input, reduced in row-major order: the scalar path
// for the windows that reach into the padding.
template <bool kMax>
float PoolWindow(const PoolParams& p, const float* in, int64_t in_h, int64_t in_w, int64_t oy,
                 int64_t ox) {
  const int64_t y0 = oy * p.stride_h - p.pad_top, x0 = ox * p.stride_w - p.pad_left;
  const int64_t y_begin = std::max<int64_t>(y0, 0), y_end = std::min(y0 + p.kernel_h, in_h);
  const int64_t x_begin = std::max<int64_t>(x0, 0), x_end = std::min(x0 + p.kernel_w, in_w);
  float result = kMax ? -std::numeric_limits<float>::infinity() : 0.0f;
  for (int64_t iy = y_begin; iy < y_end; ++iy) {
    const float* row = in + iy * in_w;
    for (int64_t ix = x_begin; ix < x_end; ++ix) {
      result = kMax ? std::max(result, row[ix]) : result + row[ix];
    }
  }
  if (kMax) return result;
  const int64_t padded_rows = std::min(y0 + p.kernel_h, in_h + p.pad_bottom) - y0;
  const int64_t padded_cols = std::min(x0 + p.kernel_w, in_w + p.pad_right) - x0;
  const int64_t count =
      p.count_include_pad ? padded_rows * padded_cols : (y_end - y_begin) * (x_end - x_begin);
  return count > 0 ? result / count : 0.0f;
}

// out[ox] = op(out[ox], taps[ox * stride]) for ox in [begin, end); the stride is a compile-time
// constant when kStride > 0 (1 and 2 are the common ones), the `stride` argument otherwise.
template <bool kMax, int64_t kStride>
void ReduceTaps(const float* taps, int64_t stride, int64_t begin, int64_t end, float* out) {
  if (kStride > 0) stride = kStride;
  for (int64_t ox = begin; ox < end; ++ox) {
    const float value = taps[ox * stride];
    out[ox] = kMax ? std::max(out[ox], value) : out[ox] + value;
  }
}

// ReduceTaps for taps kx = 0 and 1 of a two-wide window with stride 2 (the common 2x2 pooling) in
// one pass: the same operations per output in the same order.
template <bool kMax>
void ReduceTapPairs(const float* taps, int64_t begin, int64_t end, float* out) {
  for (int64_t ox = begin; ox < end; ++ox) {
    const float left = taps[2 * ox], right = taps[2 * ox + 1];
    out[ox] = kMax ? std::max(std::max(out[ox], left), right) : out[ox] + left + right;
  }
}

// A 2x2 stride-2 max pooling row: out[ox] for ox in [begin, end) from input rows `top` and
// `bottom` (each already offset by -pad_left), the taps in PoolWindow's order (top left, top right,
// bottom left, bottom right) folded from -inf, so NaNs and signed zeros come out the same. Four
// outputs per step with SSE (every x86-64 CPU has it), the rest one by one.
void MaxPool2x2Row(const float* top, const float* bottom, int64_t begin, int64_t end, float* out) {
  int64_t ox = begin;
#ifdef SENTIO_POOL_SSE
  const __m128 lowest = _mm_set1_ps(-std::numeric_limits<float>::infinity());
  for (; ox + 4 <= end; ox += 4) {
    const __m128 t0 = _mm_loadu_ps(top + 2 * ox), t1 = _mm_loadu_ps(top + 2 * ox + 4);
    const __m128 b0 = _mm_loadu_ps(bottom + 2 * ox), b1 = _mm_loadu_ps(bottom + 2 * ox + 4);
    // _mm_max_ps(v, acc) is v > acc ? v : acc, which is std::max(acc, v).
    __m128 acc = _mm_max_ps(_mm_shuffle_ps(t0, t1, _MM_SHUFFLE(2, 0, 2, 0)), lowest);
    acc = _mm_max_ps(_mm_shuffle_ps(t0, t1, _MM_SHUFFLE(3, 1, 3, 1)), acc);
    acc = _mm_max_ps(_mm_shuffle_ps(b0, b1, _MM_SHUFFLE(2, 0, 2, 0)), acc);
    acc = _mm_max_ps(_mm_shuffle_ps(b0, b1, _MM_SHUFFLE(3, 1, 3, 1)), acc);
    _mm_storeu_ps(out + ox, acc);
  }
  // The same one lane at a time (scalar SSE, which GCC does not try to vectorise again).
  for (; ox < end; ++ox) {
    __m128 acc = _mm_max_ss(_mm_load_ss(top + 2 * ox), lowest);
    acc = _mm_max_ss(_mm_load_ss(top + 2 * ox + 1), acc);
    acc = _mm_max_ss(_mm_load_ss(bottom + 2 * ox), acc);
    _mm_store_ss(out + ox, _mm_max_ss(_mm_load_ss(bottom + 2 * ox + 1), acc));
  }
#else
  for (; ox < end; ++ox) {
    float acc = std::max(-std::numeric_limits<float>::infinity(), top[2 * ox]);
    acc = std::max(acc, top[2 * ox + 1]);
    acc = std::max(acc, bottom[2 * ox]);
    out[ox] = std::max(acc, bottom[2 * ox + 1]);
  }
#endif
}

// One plane. The windows of a row that lie inside the input columns are reduced together, tap by
// tap (rows, then columns), straight into the output row: each output sees the same sequence of
// operations as in PoolWindow, without its per-window bounds and branches.
template <bool kMax>
void PoolPlane(const PoolParams& p, const float* in, int64_t in_h, int64_t in_w, int64_t out_h,
               int64_t out_w, float* out) {
  const int64_t inner_begin = std::min(out_w, (p.pad_left + p.stride_w - 1) / p.stride_w);
  const int64_t last_inside = in_w + p.pad_left - p.kernel_w;  // the largest inside x0 + pad_left
  const int64_t inner_end =
      last_inside < 0 ? inner_begin
                      : std::max(inner_begin, std::min(out_w, last_inside / p.stride_w + 1));
  for (int64_t oy = 0; oy < out_h; ++oy) {
    float* out_row = out + oy * out_w;
    for (int64_t ox = 0; ox < inner_begin; ++ox) {
      out_row[ox] = PoolWindow<kMax>(p, in, in_h, in_w, oy, ox);
    }
    for (int64_t ox = inner_end; ox < out_w; ++ox) {
      out_row[ox] = PoolWindow<kMax>(p, in, in_h, in_w, oy, ox);
    }
    if (inner_begin == inner_end) continue;
    const int64_t y0 = oy * p.stride_h - p.pad_top;
    const int64_t y_begin = std::max<int64_t>(y0, 0), y_end = std::min(y0 + p.kernel_h, in_h);
    if (kMax && p.kernel_h == 2 && p.kernel_w == 2 && p.stride_w == 2 && y_end - y_begin == 2) {
      MaxPool2x2Row(in + y_begin * in_w - p.pad_left, in + (y_begin + 1) * in_w - p.pad_left,
                    inner_begin, inner_end, out_row);
      continue;
    }
    std::fill(out_row + inner_begin, out_row + inner_end,
              kMax ? -std::numeric_limits<float>::infinity() : 0.0f);
    for (int64_t iy = y_begin; iy < y_end; ++iy) {
      if (p.kernel_w == 2 && p.stride_w == 2) {
        ReduceTapPairs<kMax>(in + iy * in_w - p.pad_left, inner_begin, inner_end, out_row);
        continue;
      }
      for (int64_t kx = 0; kx < p.kernel_w; ++kx) {
        const float* taps = in + iy * in_w + kx - p.pad_left;
        if (p.stride_w == 1) {
          ReduceTaps<kMax, 1>(taps, 1, inner_begin, inner_end, out_row);
        } else if (p.stride_w == 2) {
          ReduceTaps<kMax, 2>(taps, 2, inner_begin, inner_end, out_row);
        } else {
          ReduceTaps<kMax, 0>(taps, p.stride_w, inner_begin, inner_end, out_row);
        }
      }
    }
    if (kMax) continue;
    const int64_t padded_rows = std::min(y0 + p.kernel_h, in_h + p.pad_bottom) - y0;
    const int64_t count =
        p.count_include_pad ? padded_rows * p.kernel_w : (y_end - y_begin) * p.kernel_w;
    for (int64_t ox = inner_begin; ox < inner_end; ++ox) {
      out_row[ox] = count > 0 ? out_row[ox] / count : 0.0f;
    }
  }
}

}  // namespace

void Pool2d(const PoolParams& params, bool is_max, const float* x, int64_t planes, int64_t in_h,
            int64_t in_w, int64_t out_h, int64_t out_w, float* y, ThreadPool& pool) {
  // Small layers run on the caller: waking the workers would cost more than it saves.
  const int64_t work = planes * out_h * out_w * params.kernel_h * params.kernel_w;
  const int tasks = work < (1 << 16) ? 1 : static_cast<int>(std::min<int64_t>(pool.size(), planes));
  // 2x2 max pooling with every window inside the input (the common case): straight to the rows.
  const PoolParams& p = params;
  const bool inside_2x2_max = is_max && p.kernel_h == 2 && p.kernel_w == 2 && p.stride_h == 2 &&
                              p.stride_w == 2 && p.pad_top == 0 && p.pad_left == 0 &&
                              2 * out_h <= in_h && 2 * out_w <= in_w;
  pool.ParallelFor(tasks, [&](int task) {
    for (int64_t plane = planes * task / tasks; plane < planes * (task + 1) / tasks; ++plane) {
      const float* in = x + plane * in_h * in_w;
      float* out = y + plane * out_h * out_w;
      if (inside_2x2_max) {
        for (int64_t oy = 0; oy < out_h; ++oy) {
          MaxPool2x2Row(in + 2 * oy * in_w, in + (2 * oy + 1) * in_w, 0, out_w, out + oy * out_w);
        }
      } else if (is_max) {
        PoolPlane<true>(params, in, in_h, in_w, out_h, out_w, out);
      } else {
        PoolPlane<false>(params, in, in_h, in_w, out_h, out_w, out);
      }
    }
  });
}

// Eight partial sums per plane (lanes of a vector), added at the end: a vectorised loop instead of
// one chain of dependent additions.
SENTIO_SIMD_CLONES void GlobalAveragePool(const float* x, int64_t planes, int64_t plane_size,
                                          float* y) {
  constexpr int64_t kLanes = sizeof(Float8) / sizeof(float);
  for (int64_t plane = 0; plane < planes; ++plane) {
    const float* in = x + plane * plane_size;
    Float8 lanes = {};
    int64_t i = 0;
    for (; i + kLanes <= plane_size; i += kLanes) {
      Float8 v;
      std::memcpy(&v, in + i, sizeof v);
      lanes += v;
    }
    float sum = 0;
    for (int lane = 0; lane < kLanes; ++lane) sum += lanes[lane];
    for (; i < plane_size; ++i) sum += in[i];
    y[plane] = plane_size > 0 ? sum / plane_size : 0.0f;
  }
}

void GlobalMaxPool(const float* x, int64_t planes, int64_t plane_size, float* y) {
  for (int64_t plane = 0; plane < planes; ++plane) {
    float largest = -std::numeric_limits<float>::infinity();
    for (int64_t i = 0; i < plane_size; ++i) largest = std::max(largest, x[plane * plane_size + i]);
    y[plane] = largest;
  }
}

void UpsampleNearest(const float* x, int64_t planes, int64_t in_h, int64_t in_w, int64_t out_h,
                     int64_t out_w, float* y) {
  if (in_h == 0 || in_w == 0) return;
  const int64_t scale_h = out_h / in_h, scale_w = out_w / in_w;
  for (int64_t plane = 0; plane < planes; ++plane) {
    for (int64_t oy = 0; oy < out_h; ++oy) {
      const float* in_row = x + (plane * in_h + oy / scale_h) * in_w;
      float* out_row = y + (plane * out_h + oy) * out_w;
      if (oy % scale_h != 0) {
        // A repeat of the output row above.
        std::memcpy(out_row, out_row - out_w, out_w * sizeof(float));
        continue;
      }
      for (int64_t ix = 0; ix < in_w; ++ix) {
        std::fill(out_row + ix * scale_w, out_row + (ix + 1) * scale_w, in_row[ix]);
      }
    }
  }
}

void Tanh(const float* x, int64_t count, float* y) {
  for (int64_t i = 0; i < count; ++i) y[i] = std::tanh(x[i]);
}

void PRelu(const float* x, int64_t count, const float* slope, int64_t channels, int64_t inner,
           float* y) {
  for (int64_t i = 0; i < count; ++i) {
    const float a = slope[(i / inner) % channels];
    y[i] = x[i] < 0 ? a * x[i] : x[i];
  }
}

void Transpose(const float* x, const Shape& x_shape, const std::vector<int64_t>& perm, float* y) {
  const size_t rank = x_shape.size();
  if (rank == 0) {
    y[0] = x[0];
    return;
  }
  std::vector<int64_t> x_strides(rank, 1);
  for (size_t axis = rank - 1; axis-- > 0;) {
    x_strides[axis] = x_strides[axis + 1] * x_shape[axis + 1];
  }
  // Output axis k walks input axis perm[k].
  std::vector<int64_t> sizes(rank), strides(rank), position(rank, 0);
  for (size_t k = 0; k < rank; ++k) {
    sizes[k] = x_shape[perm[k]];
    strides[k] = x_strides[perm[k]];
    if (sizes[k] == 0) return;
  }
  const int64_t inner = sizes[rank - 1], inner_stride = strides[rank - 1];
  int64_t source = 0;
  while (true) {
    for (int64_t i = 0; i < inner; ++i) y[i] = x[source + i * inner_stride];
    y += inner;
    // The next position of the outer axes, last axis fastest.
    size_t k = rank - 1;
    while (k-- > 0) {
      source += strides[k];
      if (++position[k] < sizes[k]) break;
      source -= strides[k] * sizes[k];
      position[k] = 0;
    }
    if (k == static_cast<size_t>(-1)) return;
  }
}

void Lrn(const LrnParams& p, const float* x, int64_t batch, int64_t channels, int64_t inner,
         std::vector<double>& square_sums, float* y) {
  const int64_t before = (p.size - 1) / 2, after = p.size - 1 - before;
  square_sums.resize(inner);
  for (int64_t n = 0; n < batch; ++n) {
    const float* image = x + n * channels * inner;
    for (int64_t c = 0; c < channels; ++c) {
      std::fill(square_sums.begin(), square_sums.end(), 0.0);
      const int64_t last = std::min(channels - 1, c + after);
      for (int64_t j = std::max<int64_t>(0, c - before); j <= last; ++j) {
        const float* plane = image + j * inner;
        for (int64_t i = 0; i < inner; ++i) {
          const double value = plane[i];
          square_sums[i] += value * value;
        }
      }
      const float* in = image + c * inner;
      float* out = y + (n * channels + c) * inner;
      for (int64_t i = 0; i < inner; ++i) {
        const double scale = p.bias + static_cast<double>(p.alpha) / p.size * square_sums[i];
        out[i] = static_cast<float>(in[i] / std::pow(scale, static_cast<double>(p.beta)));
      }
    }
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

namespace {

// ElementwiseSameShape's elements [begin, end), eight at a time (kKind fixed so that the loop is
// specialised on it).
template <Activation::Kind kKind>
__attribute__((always_inline)) inline void ElementwiseRange(bool is_add, const float* a,
                                                            const float* b, int64_t begin,
                                                            int64_t end,
                                                            const Activation& activation,
                                                            float* y) {
  const LaneActivation lanes(activation);
  constexpr int64_t kLanes = sizeof(Float8) / sizeof(float);
  int64_t i = begin;
  for (; i + kLanes <= end; i += kLanes) {
    Float8 x, z;
    std::memcpy(&x, a + i, sizeof x);
    std::memcpy(&z, b + i, sizeof z);
    const Float8 v = ActivateLanes<kKind>(is_add ? x + z : x * z, lanes);
    std::memcpy(y + i, &v, sizeof v);
  }
  for (; i < end; ++i) y[i] = Activate(activation, is_add ? a[i] + b[i] : a[i] * b[i]);
}

// A switch of its own rather than DispatchActivation (activation.h): a lambda's body would be
// compiled once, for the default instruction set, not once per clone.
SENTIO_SIMD_CLONES void ElementwiseRangeAnyKind(bool is_add, const float* a, const float* b,
                                                int64_t begin, int64_t end,
                                                const Activation& activation, float* y) {
  switch (activation.kind) {
    case Activation::kRelu:
      return ElementwiseRange<Activation::kRelu>(is_add, a, b, begin, end, activation, y);
    case Activation::kClip:
      return ElementwiseRange<Activation::kClip>(is_add, a, b, begin, end, activation, y);
    case Activation::kLeakyRelu:
      return ElementwiseRange<Activation::kLeakyRelu>(is_add, a, b, begin, end, activation, y);
    case Activation::kSigmoid:
      return ElementwiseRange<Activation::kSigmoid>(is_add, a, b, begin, end, activation, y);
    case Activation::kSilu:
      return ElementwiseRange<Activation::kSilu>(is_add, a, b, begin, end, activation, y);
    case Activation::kNone:
      break;
  }
  ElementwiseRange<Activation::kNone>(is_add, a, b, begin, end, activation, y);
}

}  // namespace

void ElementwiseSameShape(bool is_add, const float* a, const float* b, int64_t count,
                          const Activation& activation, float* y, ThreadPool& pool) {
  // Below this many elements waking the workers costs more than it saves. Each task's range
  // starts on a 64-byte line, so that no line is written by two threads.
  constexpr int64_t kMinParallelElements = 1 << 15, kLineFloats = 16;
  const int tasks = count < kMinParallelElements ? 1 : pool.size();
  pool.ParallelFor(tasks, [&](int task) {
    const int64_t begin = count * task / tasks / kLineFloats * kLineFloats;
    const int64_t end =
        task + 1 == tasks ? count : count * (task + 1) / tasks / kLineFloats * kLineFloats;
    ElementwiseRangeAnyKind(is_add, a, b, begin, end, activation, y);
  });
}

SENTIO_SIMD_CLONES void ActivateArray(const Activation& activation, const float* x, int64_t count,
                                      float* y) {
  const bool gate = activation.kind == Activation::kSigmoid;
  if (gate || activation.kind == Activation::kSilu) {
    constexpr int64_t kLanes = sizeof(Float8) / sizeof(float);
    int64_t i = 0;
    for (; i + kLanes <= count; i += kLanes) {
      Float8 v;
      std::memcpy(&v, x + i, sizeof v);
      v = gate ? Sigmoid8(v) : Silu8(v);
      std::memcpy(y + i, &v, sizeof v);
    }
    for (; i < count; ++i) y[i] = Activate(activation, x[i]);
    return;
  }
  // Loops the compiler vectorises.
  if (activation.kind == Activation::kRelu) {
    for (int64_t i = 0; i < count; ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
    return;
  }
  if (activation.kind == Activation::kClip) {
    const float low = activation.min, high = activation.max;
    for (int64_t i = 0; i < count; ++i) y[i] = x[i] < low ? low : (x[i] > high ? high : x[i]);
    return;
  }
  if (activation.kind == Activation::kLeakyRelu) {
    const float alpha = activation.alpha;
    for (int64_t i = 0; i < count; ++i) y[i] = x[i] < 0.0f ? alpha * x[i] : x[i];
    return;
  }
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

}  // namespace sentio::cnn::cpu
