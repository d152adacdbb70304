#include "cnn/cpu/depthwise_conv.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <vector>

#include "cnn/cpu/depthwise_channel_blocked.h"

#if defined(__x86_64__) || defined(__i386__)
#define SENTIO_DEPTHWISE_X86 1
#endif

#define SENTIO_ALWAYS_INLINE __attribute__((always_inline)) inline

// The helpers below pass 32-byte vectors by value outside AVX functions, which GCC notes as an ABI
// change; they are always inlined, so no call passes them.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace sentio::cnn::cpu {
namespace {

// Eight floats: one ymm register in the AVX2 + FMA build of the kernels, two xmm registers in the
// portable one (GCC vector extensions, so that one source serves both).
using Vec = Float8;
typedef int32_t VecIndex __attribute__((vector_size(32)));
constexpr int64_t kLanes = 8;

// Below this many multiply-adds a depthwise convolution runs on the calling thread alone.
constexpr int64_t kMinParallelWork = 1 << 16;

SENTIO_ALWAYS_INLINE Vec Splat(float value) { return Vec{} + value; }

SENTIO_ALWAYS_INLINE Vec Load(const float* source) {
  Vec v;
  std::memcpy(&v, source, sizeof v);
  return v;
}

SENTIO_ALWAYS_INLINE void Store(float* target, const Vec& v) { std::memcpy(target, &v, sizeof v); }

// How a layer's input rows are laid out in a task's scratch. A prepared row holds the input row
// zero-padded on both sides and split into its stride_w column phases: phase p, element j is the
// padded column j * stride_w + p (padded column c is input column c - pad_left). Output column ox,
// tap kx then reads phase (kx * dilation_w) % stride_w at element ox + (kx * dilation_w) /
// stride_w: consecutive output columns read consecutive floats, whatever the stride.
//
// Rows are prepared into a ring, kAheadOutputRows output rows ahead of the first one that reads
// them, so that the taps' loads (at offsets that straddle two of the copy's stores) rarely find
// those stores still queued, which would make them wait.
struct RowLayout {
  explicit RowLayout(const ConvGeometry& g) {
    const ConvParams& p = g.params;
    vectors = (g.out_w + kLanes - 1) / kLanes;
    const int64_t reach = (g.kernel_w - 1) * p.dilation_w / p.stride_w;
    phase_length = (vectors * kLanes + reach + kLanes - 1) / kLanes * kLanes;
    row_length = p.stride_w * phase_length;
    span = (g.kernel_h - 1) * p.dilation_h + 1;
    ahead = kAheadOutputRows * p.stride_h;
    ring_rows = span + ahead;
    for (int64_t iy = 0; iy < g.in_h; ++iy) ring_slots.push_back(iy % ring_rows);
    for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
      const int64_t column = kx * p.dilation_w;
      tap_offsets.push_back(column % p.stride_w * phase_length + column / p.stride_w);
    }
  }

  static constexpr int64_t kAheadOutputRows = 2;
  int64_t vectors;       // output vectors of kLanes per row (the last one may be partial)
  int64_t phase_length;  // floats per phase, a multiple of kLanes
  int64_t row_length;    // floats per prepared row
  int64_t span;          // the input rows one output row reads lie within this many
  int64_t ahead;         // input rows prepared beyond those the current output row reads
  // The ring holds span + ahead rows, input row iy in slot iy % ring_rows: an output row's rows
  // are never overwritten before it has read them.
  int64_t ring_rows;
  std::vector<int64_t> ring_slots;   // per input row: iy % ring_rows (no division per row)
  std::vector<int64_t> tap_offsets;  // per kx: where output column 0 reads in a prepared row
};

// One task's working memory: the ring of prepared rows and a row of zeros for the taps that fall
// into the top or bottom padding.
class Scratch {
 public:
  Scratch(const RowLayout& layout, int64_t kernel_h)
      : storage_((layout.ring_rows + 1) * layout.row_length + kAlignFloats, 0.0f),
        tap_rows_(kernel_h) {
    // Rows start on 32-byte boundaries (row_length is a multiple of 8 floats).
    const auto address = reinterpret_cast<uintptr_t>(storage_.data());
    ring_ = storage_.data() + (-address / sizeof(float)) % kAlignFloats;
    zero_row_ = ring_ + layout.ring_rows * layout.row_length;
  }

  float* ring() { return ring_; }
  const float* zero_row() const { return zero_row_; }
  // Per ky, the prepared row that the current output row reads (kernels of unusual height).
  const float** tap_rows() { return tap_rows_.data(); }

 private:
  static constexpr int64_t kAlignFloats = 32 / sizeof(float);
  std::vector<float> storage_;
  std::vector<const float*> tap_rows_;
  float* ring_;
  float* zero_row_;
};

// Input columns [column, column + kLanes) of the row that starts at input[row_start] (`width`
// floats), zero outside the row: one load where the columns lie inside the row; else, away from
// the ends of `input` (`input_size` floats), a load into the neighbouring rows with those lanes
// masked; else a float at a time.
SENTIO_ALWAYS_INLINE Vec LoadRowColumns(const float* input, int64_t input_size, int64_t row_start,
                                        int64_t width, int64_t column) {
  const float* source = input + row_start;
  if (column >= 0 && column + kLanes <= width) return Load(source + column);
  // The masked columns lie within input_size of 0, so 32-bit lanes hold them below 2^31 floats.
  if (row_start + column >= 0 && row_start + column + kLanes <= input_size &&
      input_size <= INT32_MAX) {
    const VecIndex x = static_cast<int32_t>(column) + VecIndex{0, 1, 2, 3, 4, 5, 6, 7};
    return x >= 0 && x < static_cast<int32_t>(width) ? Load(source + column) : Vec{};
  }
  Vec v = {};
  for (int64_t lane = 0; lane < kLanes; ++lane) {
    const int64_t x = column + lane;
    if (x >= 0 && x < width) v[lane] = source[x];
  }
  return v;
}

// Prepares input row `row` of `input` (all the layer's planes, `input_size` floats) into ring
// slot `target` (RowLayout's format), kLanes elements of every phase at a time, that is the padded
// columns [stride * j, stride * (j + kLanes)): with stride 1 or 2, one or two vectors of input
// columns, the even and odd ones split by shuffles for stride 2; other strides a float at a time.
SENTIO_ALWAYS_INLINE void PrepareRow(const float* input, int64_t input_size, int64_t row,
                                     const ConvGeometry& g, const RowLayout& layout,
                                     float* target) {
  const int64_t stride = g.params.stride_w, pad_left = g.params.pad_left;
  const int64_t phase_length = layout.phase_length, row_start = row * g.in_w;
  if (stride == 1) {
    for (int64_t j = 0; j < phase_length; j += kLanes) {
      Store(target + j, LoadRowColumns(input, input_size, row_start, g.in_w, j - pad_left));
    }
  } else if (stride == 2) {
    const VecIndex even = {0, 2, 4, 6, 8, 10, 12, 14}, odd = even + 1;
    for (int64_t j = 0; j < phase_length; j += kLanes) {
      const int64_t column = 2 * j - pad_left;
      const Vec a = LoadRowColumns(input, input_size, row_start, g.in_w, column);
      const Vec b = LoadRowColumns(input, input_size, row_start, g.in_w, column + kLanes);
      Store(target + j, __builtin_shuffle(a, b, even));
      Store(target + phase_length + j, __builtin_shuffle(a, b, odd));
    }
  } else {
    const float* source = input + row_start;
    for (int64_t phase = 0; phase < stride; ++phase) {
      for (int64_t j = 0; j < phase_length; ++j) {
        const int64_t x = j * stride + phase - pad_left;
        target[phase * phase_length + j] = x >= 0 && x < g.in_w ? source[x] : 0.0f;
      }
    }
  }
}

struct DepthwiseLayer {
  const float* input;
  float* output;
  const float* weights;
  const float* bias;
  int64_t planes, channels;
  ConvGeometry geometry;
  Activation activation;
};

// Planes [first, end) of a layer. kKernelH and kKernelW fix the kernel size at compile time, so
// that the taps' weights and row pointers stay in registers; 0 takes them from the geometry.
template <int kKernelH, int kKernelW, Activation::Kind kKind>
SENTIO_ALWAYS_INLINE void DepthwisePlanes(const DepthwiseLayer& layer, const RowLayout& layout,
                                          int64_t first, int64_t end, Scratch& scratch) {
  const ConvGeometry& g = layer.geometry;
  const ConvParams& p = g.params;
  constexpr bool kFixed = kKernelH > 0;
  constexpr int kFixedTaps = kFixed ? kKernelH * kKernelW : 1;
  const int64_t kernel_h = kFixed ? kKernelH : g.kernel_h;
  const int64_t kernel_w = kFixed ? kKernelW : g.kernel_w;
  const int64_t in_size = g.in_h * g.in_w, out_size = g.out_h * g.out_w;
  const int64_t input_size = layer.planes * in_size;
  const int64_t vectors = layout.vectors;
  // Copies the stores into `out` cannot alias.
  int64_t fixed_offsets[kFixed ? kKernelW : 1];
  for (int kx = 0; kFixed && kx < kKernelW; ++kx) fixed_offsets[kx] = layout.tap_offsets[kx];
  const int64_t* tap_offsets = kFixed ? fixed_offsets : layout.tap_offsets.data();
  const float* fixed_rows[kFixed ? kKernelH : 1];
  const float** tap_rows = kFixed ? fixed_rows : scratch.tap_rows();
  const LaneActivation activation(layer.activation);

  // The activations through exp (cnn/cpu/vector_exp.h) go over each finished plane while it is in
  // L1: in the tap loop, beside the kernel's weights in registers, they cost several times more.
  constexpr bool kPlaneWiseActivation = kKind == Activation::kSigmoid || kKind == Activation::kSilu;
  for (int64_t plane = first; plane < end; ++plane) {
    const int64_t channel = plane % layer.channels;
    float* out = layer.output + plane * out_size;
    const float* const out_end = out + out_size;
    const float* w = layer.weights + channel * kernel_h * kernel_w;
    const Vec bias = Splat(layer.bias != nullptr ? layer.bias[channel] : 0.0f);
    Vec fixed_weights[kFixedTaps];
    if constexpr (kFixed) {
      for (int t = 0; t < kFixedTaps; ++t) fixed_weights[t] = Splat(w[t]);
    }
    int64_t ready = 0;  // input rows [0, ready) are prepared

    for (int64_t oy = 0; oy < g.out_h; ++oy) {
      const int64_t top = oy * p.stride_h - p.pad_top;
      const int64_t prepare_end = std::min(g.in_h, top + layout.span + layout.ahead);
      for (; ready < prepare_end; ++ready) {
        PrepareRow(layer.input, input_size, plane * g.in_h + ready, g, layout,
                   scratch.ring() + layout.ring_slots[ready] * layout.row_length);
      }
      for (int64_t ky = 0; ky < kernel_h; ++ky) {
        const int64_t iy = top + ky * p.dilation_h;
        tap_rows[ky] = iy < 0 || iy >= g.in_h
                           ? scratch.zero_row()
                           : scratch.ring() + layout.ring_slots[iy] * layout.row_length;
      }
      // Bias + taps + activation per vector of output columns, written once. A vector that
      // reaches past the row spills into the next rows, which are written later; only at the end
      // of the plane (where another thread may write) is it cut short.
      float* out_row = out + oy * g.out_w;
      const int64_t full_vectors = std::min(vectors, (out_end - out_row) / kLanes);
      for (int64_t v = 0; v < vectors; ++v) {
        const int64_t column = v * kLanes;
        // Even kernel rows into one sum, odd rows into another, added at the end: two chains of
        // multiply-adds half as long as one, whose latency bounded the loop.
        Vec acc = bias, odd_rows = {};
#pragma GCC unroll 5
        for (int64_t ky = 0; ky < kernel_h; ++ky) {
          const float* row = tap_rows[ky] + column;
          Vec& sum = ky % 2 == 0 ? acc : odd_rows;
#pragma GCC unroll 5
          for (int64_t kx = 0; kx < kernel_w; ++kx) {
            const Vec x = Load(row + tap_offsets[kx]);
            if constexpr (kFixed) {
              sum += fixed_weights[ky * kernel_w + kx] * x;
            } else {
              sum += Splat(w[ky * kernel_w + kx]) * x;
            }
          }
        }
        acc += odd_rows;
        if constexpr (!kPlaneWiseActivation) acc = ActivateLanes<kKind>(acc, activation);
        float* target = out_row + column;
        if (v < full_vectors) {
          Store(target, acc);
        } else {
          for (int64_t lane = 0; lane < out_end - target && lane < kLanes; ++lane) {
            target[lane] = acc[lane];
          }
        }
      }
    }
    if constexpr (kPlaneWiseActivation) {
      int64_t i = 0;
      for (; i + kLanes <= out_size; i += kLanes) {
        const Vec v = Load(out + i);
        Store(out + i, kKind == Activation::kSigmoid ? Sigmoid8(v) : Silu8(v));
      }
      for (; i < out_size; ++i) out[i] = Activate(layer.activation, out[i]);
    }
  }
}

using PlanesKernel = void (*)(const DepthwiseLayer&, const RowLayout&, int64_t, int64_t, Scratch&);

// 3x3 and 5x5 kernels (MobileNet, Yolo-Fastest) specialised, other sizes general; compiled in the
// instruction set of the function it is inlined into.
template <Activation::Kind kKind>
SENTIO_ALWAYS_INLINE void DepthwiseAnySize(const DepthwiseLayer& layer, const RowLayout& layout,
                                           int64_t first, int64_t end, Scratch& scratch) {
  const ConvGeometry& g = layer.geometry;
  if (g.kernel_h == 3 && g.kernel_w == 3) {
    DepthwisePlanes<3, 3, kKind>(layer, layout, first, end, scratch);
  } else if (g.kernel_h == 5 && g.kernel_w == 5) {
    DepthwisePlanes<5, 5, kKind>(layer, layout, first, end, scratch);
  } else {
    DepthwisePlanes<0, 0, kKind>(layer, layout, first, end, scratch);
  }
}

template <Activation::Kind kKind>
void DepthwisePortable(const DepthwiseLayer& layer, const RowLayout& layout, int64_t first,
                       int64_t end, Scratch& scratch) {
  DepthwiseAnySize<kKind>(layer, layout, first, end, scratch);
}

#ifdef SENTIO_DEPTHWISE_X86
template <Activation::Kind kKind>
__attribute__((target("avx2,fma"))) void DepthwiseAvx2(const DepthwiseLayer& layer,
                                                       const RowLayout& layout, int64_t first,
                                                       int64_t end, Scratch& scratch) {
  DepthwiseAnySize<kKind>(layer, layout, first, end, scratch);
}
#endif

template <Activation::Kind kKind>
PlanesKernel SelectKernel(bool use_avx2) {
#ifdef SENTIO_DEPTHWISE_X86
  if (use_avx2) return DepthwiseAvx2<kKind>;
#endif
  return DepthwisePortable<kKind>;
}

PlanesKernel SelectKernel(Activation::Kind kind, bool use_avx2) {
  return DispatchActivation(kind,
                            [&](auto k) { return SelectKernel<decltype(k)::value>(use_avx2); });
}

}  // namespace

void DepthwiseConv(const float* input, int64_t images, int64_t channels,
                   const ConvGeometry& geometry, const float* weights, const float* bias,
                   const Activation& activation, float* output, ThreadPool& pool, bool use_avx2) {
  DepthwiseConvChosenBy(geometry, input, images, channels, geometry, weights, bias, activation,
                        output, pool, use_avx2);
}

void DepthwiseConvChosenBy(const ConvGeometry& choice, const float* input, int64_t images,
                           int64_t channels, const ConvGeometry& geometry, const float* weights,
                           const float* bias, const Activation& activation, float* output,
                           ThreadPool& pool, bool use_avx2) {
  if (DepthwiseChannelBlockedSuits(choice)) {
    DepthwiseConvChannelBlocked(input, images, channels, geometry, weights, bias, activation,
                                output, pool, use_avx2);
  } else {
    DepthwiseConvPlaneWise(input, images, channels, geometry, weights, bias, activation, output,
                           pool, use_avx2);
  }
}

void DepthwiseConvPlaneWise(const float* input, int64_t images, int64_t channels,
                            const ConvGeometry& geometry, const float* weights, const float* bias,
                            const Activation& activation, float* output, ThreadPool& pool,
                            bool use_avx2) {
  const DepthwiseLayer layer = {input,    output,   weights,   bias, images * channels,
                                channels, geometry, activation};
  const RowLayout layout(geometry);
  const PlanesKernel kernel = SelectKernel(activation.kind, use_avx2);
  const int64_t planes = images * channels;
  const int64_t work =
      planes * geometry.out_h * geometry.out_w * geometry.kernel_h * geometry.kernel_w;
  // Small layers run on the caller: waking the workers would cost more than it saves.
  const int tasks =
      work < kMinParallelWork ? 1 : static_cast<int>(std::min<int64_t>(pool.size(), planes));
  pool.ParallelFor(tasks, [&](int task) {
    Scratch scratch(layout, geometry.kernel_h);
    kernel(layer, layout, planes * task / tasks, planes * (task + 1) / tasks, scratch);
  });
}

}  // namespace sentio::cnn::cpu
