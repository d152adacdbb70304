#include "cnn/cpu/small_input_conv.h"

#include <algorithm>
#include <cstring>

namespace sentio::cnn::cpu {
namespace {

constexpr int64_t kLanes = 8;
constexpr int64_t kChannelBlock = 4;  // output channels per pass over the taps

// The padded, phase-split copy of the input.
struct PaddedInput {
  // Per kx: where output column 0 reads in a padded row (its phase and offset in it).
  std::vector<int64_t> tap_offsets;
  int64_t rows = 0;          // padded height
  int64_t phase_length = 0;  // floats per phase, with room for a vector read past the last output
  int64_t row_length = 0;    // stride_w phases
  int64_t plane = 0;         // rows x row_length
};

PaddedInput LayOut(const ConvGeometry& g) {
  const ConvParams& p = g.params;
  PaddedInput layout;
  layout.rows = g.in_h + p.pad_top + p.pad_bottom;
  const int64_t padded_w = g.in_w + p.pad_left + p.pad_right;
  const int64_t reach = (g.kernel_w - 1) * p.dilation_w / p.stride_w;
  const int64_t vectors = (g.out_w + kLanes - 1) / kLanes;
  layout.phase_length =
      std::max((padded_w + p.stride_w - 1) / p.stride_w, vectors * kLanes + reach);
  layout.row_length = p.stride_w * layout.phase_length;
  layout.plane = layout.rows * layout.row_length;
  for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
    const int64_t column = kx * p.dilation_w;
    layout.tap_offsets.push_back(column % p.stride_w * layout.phase_length + column / p.stride_w);
  }
  return layout;
}

void PadInput(const float* x, const ConvGeometry& g, const PaddedInput& layout, float* padded) {
  const ConvParams& p = g.params;
  const int64_t stride = p.stride_w;
  std::fill(padded, padded + g.channels * layout.plane, 0.0f);
  for (int64_t c = 0; c < g.channels; ++c) {
    for (int64_t iy = 0; iy < g.in_h; ++iy) {
      const float* in = x + (c * g.in_h + iy) * g.in_w;
      float* row = padded + c * layout.plane + (iy + p.pad_top) * layout.row_length;
      // Phase q holds the input columns ix with (ix + pad_left) % stride == q, the first of them
      // at element (ix + pad_left) / stride: a strided copy per phase.
      for (int64_t q = 0; q < stride; ++q) {
        const int64_t first = ((q - p.pad_left) % stride + stride) % stride;
        float* target = row + q * layout.phase_length + (first + p.pad_left) / stride;
        const int64_t count = first < g.in_w ? (g.in_w - first + stride - 1) / stride : 0;
        for (int64_t j = 0; j < count; ++j) target[j] = in[first + j * stride];
      }
    }
  }
}

// Output vectors [v0, v0 + kVectors) of row oy for output channels [m0, m0 + count), count <=
// kChannelBlock: kChannelBlock x kVectors accumulators (12 of the 16 AVX2 registers), one load
// of the input per vector and tap, one broadcast weight per channel and tap.
template <int kVectors>
__attribute__((always_inline)) inline void ConvolveVectors(
    const float* padded, const PaddedInput& layout, const ConvGeometry& g, const float* weights,
    const float* bias, Activation::Kind activation, const LaneActivation& lanes, int64_t m0,
    int64_t count, int64_t oy, int64_t v0, float* y) {
  const ConvParams& p = g.params;
  const int64_t* tap_offsets = layout.tap_offsets.data();
  const int64_t kernel_w = g.kernel_w;
  Float8 acc[kChannelBlock][kVectors];
#pragma GCC unroll 4
  for (int64_t j = 0; j < kChannelBlock; ++j) {
    const float b = bias != nullptr && j < count ? bias[m0 + j] : 0.0f;
#pragma GCC unroll 3
    for (int v = 0; v < kVectors; ++v) acc[j][v] = Float8{} + b;
  }
  for (int64_t c = 0; c < g.channels; ++c) {
    for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
      const float* row = padded + c * layout.plane +
                         (oy * p.stride_h + ky * p.dilation_h) * layout.row_length + v0 * kLanes;
      const float* w = weights + (c * g.kernel_h + ky) * kernel_w * kChannelBlock;
      for (int64_t kx = 0; kx < kernel_w; ++kx, w += kChannelBlock) {
        Float8 x[kVectors];
#pragma GCC unroll 3
        for (int v = 0; v < kVectors; ++v) {
          std::memcpy(&x[v], row + tap_offsets[kx] + v * kLanes, sizeof x[v]);
        }
#pragma GCC unroll 4
        for (int64_t j = 0; j < kChannelBlock; ++j) {
#pragma GCC unroll 3
          for (int v = 0; v < kVectors; ++v) acc[j][v] += w[j] * x[v];
        }
      }
    }
  }
  const int64_t out_plane = g.out_h * g.out_w;
  for (int v = 0; v < kVectors; ++v) {
    const int64_t column = (v0 + v) * kLanes;
    const int64_t width = std::min(kLanes, g.out_w - column);
    for (int64_t j = 0; j < count; ++j) {
      const Float8 value = ActivateLanes(acc[j][v], activation, lanes);
      float* out = y + (m0 + j) * out_plane + oy * g.out_w + column;
      if (width == kLanes) {
        std::memcpy(out, &value, sizeof value);
      } else {
        for (int64_t lane = 0; lane < width; ++lane) out[lane] = value[lane];
      }
    }
  }
}

// Output rows [first_row, end_row) of output channels [m0, m0 + count); `weights` is the channel
// block's part of the packed filters. Compiled in the instruction set of the function it is
// inlined into.
__attribute__((always_inline)) inline void ConvolveRows(
    const float* padded, const PaddedInput& layout, const ConvGeometry& g, const float* weights,
    const float* bias, const Activation& activation, int64_t m0, int64_t count, int64_t first_row,
    int64_t end_row, float* y) {
  const LaneActivation lanes(activation);
  const int64_t vectors = (g.out_w + kLanes - 1) / kLanes;
  constexpr int64_t kStep = 3;
  for (int64_t oy = first_row; oy < end_row; ++oy) {
    int64_t v = 0;
    for (; v + kStep <= vectors; v += kStep) {
      ConvolveVectors<kStep>(padded, layout, g, weights, bias, activation.kind, lanes, m0, count,
                             oy, v, y);
    }
    if (vectors - v == 2) {
      ConvolveVectors<2>(padded, layout, g, weights, bias, activation.kind, lanes, m0, count, oy, v,
                         y);
    } else if (vectors - v == 1) {
      ConvolveVectors<1>(padded, layout, g, weights, bias, activation.kind, lanes, m0, count, oy, v,
                         y);
    }
  }
}

using RowsKernel = void (*)(const float*, const PaddedInput&, const ConvGeometry&, const float*,
                            const float*, const Activation&, int64_t, int64_t, int64_t, int64_t,
                            float*);

void ConvolveRowsPortable(const float* padded, const PaddedInput& layout, const ConvGeometry& g,
                          const float* weights, const float* bias, const Activation& activation,
                          int64_t m0, int64_t count, int64_t first_row, int64_t end_row, float* y) {
  ConvolveRows(padded, layout, g, weights, bias, activation, m0, count, first_row, end_row, y);
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) void ConvolveRowsAvx2(
    const float* padded, const PaddedInput& layout, const ConvGeometry& g, const float* weights,
    const float* bias, const Activation& activation, int64_t m0, int64_t count, int64_t first_row,
    int64_t end_row, float* y) {
  ConvolveRows(padded, layout, g, weights, bias, activation, m0, count, first_row, end_row, y);
}
#endif

RowsKernel SelectRowsKernel() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return ConvolveRowsAvx2;
#endif
  return ConvolveRowsPortable;
}

}  // namespace

std::vector<float> PackSmallInputWeights(const float* weights, int64_t out_channels,
                                         int64_t depth) {
  const int64_t blocks = (out_channels + kChannelBlock - 1) / kChannelBlock;
  std::vector<float> packed(blocks * depth * kChannelBlock, 0.0f);
  for (int64_t m = 0; m < out_channels; ++m) {
    for (int64_t d = 0; d < depth; ++d) {
      packed[((m / kChannelBlock) * depth + d) * kChannelBlock + m % kChannelBlock] =
          weights[m * depth + d];
    }
  }
  return packed;
}

bool SmallInputConvSuits(const ConvGeometry& g) {
  // Measured against im2col + GEMM: ahead for strided stems (im2col gathers every other column),
  // behind for stride 1 (tiny-YOLOv2's 3 -> 16 at 416x416: 11.4 against 4.1 ms).
  return g.params.group == 1 && g.channels <= 4 && g.channels * g.kernel_h * g.kernel_w <= 160 &&
         g.out_w >= kLanes && g.params.stride_w >= 2;
}

void SmallInputConv(const float* x, const ConvGeometry& g, int64_t out_channels,
                    const std::vector<float>& packed_weights, const float* bias,
                    const Activation& activation, float* y, std::vector<float>& scratch,
                    ThreadPool& pool) {
  const int64_t depth = g.channels * g.kernel_h * g.kernel_w;
  const PaddedInput layout = LayOut(g);
  // One vector of slack past the last row for the reads of the last output vector.
  const int64_t floats = g.channels * layout.plane + kLanes;
  if (static_cast<int64_t>(scratch.size()) < floats) scratch.resize(floats);
  PadInput(x, g, layout, scratch.data());
  const int64_t blocks = (out_channels + kChannelBlock - 1) / kChannelBlock;
  // Tasks of (channel block, band of rows): a band is ~16 rows.
  const int64_t bands = std::max<int64_t>(1, g.out_h / 16);
  static const RowsKernel convolve_rows = SelectRowsKernel();
  pool.ParallelFor(static_cast<int>(blocks * bands), [&](int task) {
    const int64_t block = task / bands, band = task % bands;
    const int64_t m0 = block * kChannelBlock;
    const int64_t count = std::min(kChannelBlock, out_channels - m0);
    const int64_t first_row = g.out_h * band / bands, end_row = g.out_h * (band + 1) / bands;
    convolve_rows(scratch.data(), layout, g, packed_weights.data() + block * depth * kChannelBlock,
                  bias, activation, m0, count, first_row, end_row, y);
  });
}

}  // namespace sentio::cnn::cpu
