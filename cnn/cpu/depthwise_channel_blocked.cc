#include "cnn/cpu/depthwise_channel_blocked.h"

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#define SENTIO_DEPTHWISE_X86 1
#endif

#define SENTIO_ALWAYS_INLINE __attribute__((always_inline)) inline

// Float8 values are passed between always-inlined functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace sentio::cnn::cpu {
namespace {

constexpr int64_t kLanes = 8;  // channels per group, and pixels per transposed block
// Below this many multiply-adds the layer runs on the calling thread alone.
constexpr int64_t kMinParallelWork = 1 << 16;
// Output planes up to this many pixels take the channel-blocked kernel (measured on MobileNetV2's
// and EfficientNet-B0's layers: ahead at 28x28 and below, behind the plane-wise kernel at 56x56).
constexpr int64_t kMaxOutputPixels = 28 * 28;

SENTIO_ALWAYS_INLINE Float8 Load(const float* source) {
  Float8 v;
  std::memcpy(&v, source, sizeof v);
  return v;
}

SENTIO_ALWAYS_INLINE void Store(float* target, Float8 v) { std::memcpy(target, &v, sizeof v); }

// rows[i][j] becomes rows[j][i]: unpack pairs, then pairs of pairs, then swap 128-bit halves
// (vunpcklps/vunpckhps, vshufps and vperm2f128 with AVX).
SENTIO_ALWAYS_INLINE void Transpose8x8(Float8* rows) {
  using Index = Int8x32;
  Float8 t[8], u[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = __builtin_shuffle(rows[i], rows[i + 1], Index{0, 8, 1, 9, 4, 12, 5, 13});
    t[i + 1] = __builtin_shuffle(rows[i], rows[i + 1], Index{2, 10, 3, 11, 6, 14, 7, 15});
  }
  for (int i = 0; i < 8; i += 4) {
    u[i] = __builtin_shuffle(t[i], t[i + 2], Index{0, 1, 8, 9, 4, 5, 12, 13});
    u[i + 1] = __builtin_shuffle(t[i], t[i + 2], Index{2, 3, 10, 11, 6, 7, 14, 15});
    u[i + 2] = __builtin_shuffle(t[i + 1], t[i + 3], Index{0, 1, 8, 9, 4, 5, 12, 13});
    u[i + 3] = __builtin_shuffle(t[i + 1], t[i + 3], Index{2, 3, 10, 11, 6, 7, 14, 15});
  }
  for (int i = 0; i < 4; ++i) {
    rows[i] = __builtin_shuffle(u[i], u[i + 4], Index{0, 1, 2, 3, 8, 9, 10, 11});
    rows[i + 4] = __builtin_shuffle(u[i], u[i + 4], Index{4, 5, 6, 7, 12, 13, 14, 15});
  }
}

// Where a group's zero-padded image of eight-channel pixels lies in a task's scratch: only the
// pixels the taps reach (padded_h x padded_w), input pixel (iy, ix) at (iy + pad_top, ix +
// pad_left); the rows [copy_top, copy_bottom) and columns [pad_left, pad_left + copy_w) hold input,
// the rest stays zero from the task's start.
struct BlockedLayout {
  explicit BlockedLayout(const ConvGeometry& g) {
    const ConvParams& p = g.params;
    padded_h = (g.out_h - 1) * p.stride_h + (g.kernel_h - 1) * p.dilation_h + 1;
    padded_w = (g.out_w - 1) * p.stride_w + (g.kernel_w - 1) * p.dilation_w + 1;
    copy_top = std::min(p.pad_top, padded_h);
    copy_bottom = std::min(padded_h, p.pad_top + g.in_h);
    copy_w = std::max<int64_t>(0, std::min(g.in_w, padded_w - p.pad_left));
    out_pixels = g.out_h * g.out_w;
    padded_floats = padded_h * padded_w * kLanes;
    out_floats = (out_pixels + kLanes - 1) / kLanes * kLanes * kLanes;
    taps = g.kernel_h * g.kernel_w;
  }
  int64_t padded_h, padded_w, copy_top, copy_bottom, copy_w;
  int64_t out_pixels, padded_floats, out_floats, taps;
};

struct Layer {
  const float* input;
  float* output;
  const float* weights;
  const float* bias;
  int64_t images, channels;
  ConvGeometry geometry;
  Activation activation;
};

// Transposes the group's input planes (count of them from `planes`, the others zero) into the
// padded image. A block of eight columns is loaded whole where it lies inside the input (columns
// past the row's end come from the next row and are not stored); else a float at a time.
SENTIO_ALWAYS_INLINE void GatherPixels(const Layer& layer, const BlockedLayout& layout,
                                       const float* planes, int64_t count, float* padded) {
  const ConvGeometry& g = layer.geometry;
  const int64_t in_size = g.in_h * g.in_w;
  const float* const input_end = layer.input + layer.images * layer.channels * in_size;
  for (int64_t py = layout.copy_top; py < layout.copy_bottom; ++py) {
    const int64_t iy = py - g.params.pad_top;
    float* target = padded + (py * layout.padded_w + g.params.pad_left) * kLanes;
    for (int64_t ix = 0; ix < layout.copy_w; ix += kLanes) {
      const int64_t width = std::min(kLanes, layout.copy_w - ix);
      Float8 block[kLanes];
      for (int64_t c = 0; c < kLanes; ++c) {
        const float* source = planes + c * in_size + iy * g.in_w + ix;
        if (c >= count) {
          block[c] = Float8{};
        } else if (source + kLanes <= input_end) {
          block[c] = Load(source);
        } else {
          block[c] = Float8{};
          for (int64_t x = 0; x < width; ++x) block[c][x] = source[x];
        }
      }
      Transpose8x8(block);
      for (int64_t x = 0; x < width; ++x) Store(target + (ix + x) * kLanes, block[x]);
    }
  }
}

// kPixels output pixels of a row from column ox on: bias, taps, activation, one independent chain
// of multiply-adds per pixel. kKernelH x kKernelW fixed at compile time unrolls the taps (0: from
// the geometry).
template <int kPixels, int kKernelH, int kKernelW, Activation::Kind kKind>
SENTIO_ALWAYS_INLINE void ConvolveRun(const ConvGeometry& g, const BlockedLayout& layout,
                                      const float* top, int64_t ox, const Float8* weights,
                                      Float8 bias, const LaneActivation& lanes, float* out_row) {
  const ConvParams& p = g.params;
  constexpr bool kFixed = kKernelH > 0;
  const int64_t kernel_h = kFixed ? kKernelH : g.kernel_h;
  const int64_t kernel_w = kFixed ? kKernelW : g.kernel_w;
  const int64_t step = p.stride_w * kLanes, tap_step = p.dilation_w * kLanes;
  Float8 acc[kPixels];
  for (int j = 0; j < kPixels; ++j) acc[j] = bias;
#pragma GCC unroll 5
  for (int64_t ky = 0; ky < kernel_h; ++ky) {
    const float* row = top + ky * p.dilation_h * layout.padded_w * kLanes + ox * step;
#pragma GCC unroll 5
    for (int64_t kx = 0; kx < kernel_w; ++kx) {
      const Float8 w = weights[ky * kernel_w + kx];
#pragma GCC unroll 4
      for (int j = 0; j < kPixels; ++j) acc[j] += w * Load(row + kx * tap_step + j * step);
    }
  }
#pragma GCC unroll 4
  for (int j = 0; j < kPixels; ++j) {
    Store(out_row + (ox + j) * kLanes, ActivateLanes<kKind>(acc[j], lanes));
  }
}

// The group's output pixels, four at a time along each row and the rest of a row together.
template <int kKernelH, int kKernelW, Activation::Kind kKind>
SENTIO_ALWAYS_INLINE void ConvolvePixels(const ConvGeometry& g, const BlockedLayout& layout,
                                         const float* padded, const Float8* weights, Float8 bias,
                                         const LaneActivation& lanes, float* out) {
  const ConvParams& p = g.params;
  for (int64_t oy = 0; oy < g.out_h; ++oy) {
    const float* top = padded + oy * p.stride_h * layout.padded_w * kLanes;
    float* out_row = out + oy * g.out_w * kLanes;
    int64_t ox = 0;
    for (; ox + 4 <= g.out_w; ox += 4) {
      ConvolveRun<4, kKernelH, kKernelW, kKind>(g, layout, top, ox, weights, bias, lanes, out_row);
    }
    switch (g.out_w - ox) {
      case 3:
        ConvolveRun<3, kKernelH, kKernelW, kKind>(g, layout, top, ox, weights, bias, lanes,
                                                  out_row);
        break;
      case 2:
        ConvolveRun<2, kKernelH, kKernelW, kKind>(g, layout, top, ox, weights, bias, lanes,
                                                  out_row);
        break;
      case 1:
        ConvolveRun<1, kKernelH, kKernelW, kKind>(g, layout, top, ox, weights, bias, lanes,
                                                  out_row);
        break;
    }
  }
}

// Transposes the group's output pixels back into its `count` planes, eight pixels at a time; the
// last block of a plane is stored a float at a time, so that it does not reach into the next.
SENTIO_ALWAYS_INLINE void ScatterPixels(const BlockedLayout& layout, const float* out,
                                        int64_t count, float* planes) {
  const int64_t size = layout.out_pixels;
  for (int64_t i = 0; i < size; i += kLanes) {
    Float8 block[kLanes];
    for (int64_t x = 0; x < kLanes; ++x) block[x] = Load(out + (i + x) * kLanes);
    Transpose8x8(block);
    const int64_t width = std::min(kLanes, size - i);
    for (int64_t c = 0; c < count; ++c) {
      float* target = planes + c * size + i;
      if (width == kLanes) {
        Store(target, block[c]);
      } else {
        for (int64_t x = 0; x < width; ++x) target[x] = block[c][x];
      }
    }
  }
}

// Groups [first, end) of eight channels; scratch holds the padded image (zero), the output pixels
// and the group's weights.
template <int kKernelH, int kKernelW, Activation::Kind kKind>
SENTIO_ALWAYS_INLINE void ConvolveGroups(const Layer& layer, const BlockedLayout& layout,
                                         int64_t first, int64_t end, float* scratch) {
  const ConvGeometry& g = layer.geometry;
  const int64_t groups_per_image = (layer.channels + kLanes - 1) / kLanes;
  float* padded = scratch;
  float* out = padded + layout.padded_floats;
  auto* weights = reinterpret_cast<Float8*>(out + layout.out_floats);
  const LaneActivation lanes(layer.activation);
  for (int64_t group = first; group < end; ++group) {
    const int64_t image = group / groups_per_image;
    const int64_t c0 = group % groups_per_image * kLanes;
    const int64_t count = std::min(kLanes, layer.channels - c0);
    const int64_t plane0 = image * layer.channels + c0;
    Float8 bias = {};
    for (int64_t t = 0; t < layout.taps; ++t) weights[t] = Float8{};
    for (int64_t c = 0; c < count; ++c) {
      if (layer.bias != nullptr) bias[c] = layer.bias[c0 + c];
      for (int64_t t = 0; t < layout.taps; ++t) {
        weights[t][c] = layer.weights[(c0 + c) * layout.taps + t];
      }
    }
    GatherPixels(layer, layout, layer.input + plane0 * g.in_h * g.in_w, count, padded);
    // The activations through exp go over the finished pixels (in L1) afterwards: beside the
    // four sums and the taps' weights they would spill.
    constexpr bool kAfter = kKind == Activation::kSigmoid || kKind == Activation::kSilu;
    ConvolvePixels<kKernelH, kKernelW, kAfter ? Activation::kNone : kKind>(
        g, layout, padded, weights, bias, lanes, out);
    if constexpr (kAfter) {
      for (int64_t i = 0; i < layout.out_pixels; ++i) {
        Store(out + i * kLanes, ActivateLanes<kKind>(Load(out + i * kLanes), lanes));
      }
    }
    ScatterPixels(layout, out, count, layer.output + plane0 * layout.out_pixels);
  }
}

using GroupsKernel = void (*)(const Layer&, const BlockedLayout&, int64_t, int64_t, float*);

template <Activation::Kind kKind>
SENTIO_ALWAYS_INLINE void ConvolveGroupsAnySize(const Layer& layer, const BlockedLayout& layout,
                                                int64_t first, int64_t end, float* scratch) {
  const ConvGeometry& g = layer.geometry;
  if (g.kernel_h == 3 && g.kernel_w == 3) {
    ConvolveGroups<3, 3, kKind>(layer, layout, first, end, scratch);
  } else if (g.kernel_h == 5 && g.kernel_w == 5) {
    ConvolveGroups<5, 5, kKind>(layer, layout, first, end, scratch);
  } else {
    ConvolveGroups<0, 0, kKind>(layer, layout, first, end, scratch);
  }
}

template <Activation::Kind kKind>
void GroupsPortable(const Layer& layer, const BlockedLayout& layout, int64_t first, int64_t end,
                    float* scratch) {
  ConvolveGroupsAnySize<kKind>(layer, layout, first, end, scratch);
}

#ifdef SENTIO_DEPTHWISE_X86
template <Activation::Kind kKind>
__attribute__((target("avx2,fma"))) void GroupsAvx2(const Layer& layer, const BlockedLayout& layout,
                                                    int64_t first, int64_t end, float* scratch) {
  ConvolveGroupsAnySize<kKind>(layer, layout, first, end, scratch);
}
#endif

template <Activation::Kind kKind>
GroupsKernel SelectKernel(bool use_avx2) {
#ifdef SENTIO_DEPTHWISE_X86
  if (use_avx2) return GroupsAvx2<kKind>;
#endif
  return GroupsPortable<kKind>;
}

GroupsKernel SelectKernel(Activation::Kind kind, bool use_avx2) {
  return DispatchActivation(kind,
                            [&](auto k) { return SelectKernel<decltype(k)::value>(use_avx2); });
}

}  // namespace

bool DepthwiseChannelBlockedSuits(const ConvGeometry& geometry) {
  return geometry.out_h * geometry.out_w <= kMaxOutputPixels;
}

void DepthwiseConvChannelBlocked(const float* input, int64_t images, int64_t channels,
                                 const ConvGeometry& geometry, const float* weights,
                                 const float* bias, const Activation& activation, float* output,
                                 ThreadPool& pool, bool use_avx2) {
  const Layer layer = {input, output, weights, bias, images, channels, geometry, activation};
  const BlockedLayout layout(geometry);
  const GroupsKernel kernel = SelectKernel(activation.kind, use_avx2);
  const int64_t groups = images * ((channels + kLanes - 1) / kLanes);
  const int64_t work = images * channels * layout.out_pixels * layout.taps;
  const int tasks =
      work < kMinParallelWork ? 1 : static_cast<int>(std::min<int64_t>(pool.size(), groups));
  // Per task: the padded image, the output pixels, the weights (a vector per tap), and room to
  // align them to 32 bytes.
  const int64_t floats = layout.padded_floats + layout.out_floats + layout.taps * kLanes + kLanes;
  pool.ParallelFor(tasks, [&](int task) {
    std::vector<float> storage(floats, 0.0f);
    const auto address = reinterpret_cast<uintptr_t>(storage.data());
    float* scratch = storage.data() + (-address / sizeof(float)) % kLanes;
    kernel(layer, layout, groups * task / tasks, groups * (task + 1) / tasks, scratch);
  });
}

}  // namespace sentio::cnn::cpu
