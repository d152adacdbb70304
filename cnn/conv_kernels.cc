#include "cnn/conv_kernels.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#define SENTIO_CONV_X86 1
#endif

namespace sentio {
namespace {

constexpr int64_t kC = kGemmTileCols;
// Below this many multiply-adds a depthwise convolution runs on the calling thread alone.
constexpr int64_t kMinParallelWork = 1 << 16;

// Floor of a / b for b > 0 and any sign of a.
int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// One output plane of a depthwise convolution; the same source is compiled for AVX2 + FMA and for
// the baseline instruction set.
__attribute__((always_inline)) inline void DepthwisePlane(const float* in, const ConvGeometry& g,
                                                          const float* w, float bias,
                                                          const Activation& activation,
                                                          float* out) {
  const ConvParams& p = g.params;
  for (int64_t oy = 0; oy < g.out_h; ++oy) {
    float* out_row = out + oy * g.out_w;
    std::fill(out_row, out_row + g.out_w, bias);
    for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
      const int64_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
      if (iy < 0 || iy >= g.in_h) continue;
      const float* in_row = in + iy * g.in_w;
      for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
        const float weight = w[ky * g.kernel_w + kx];
        // Output columns whose input column ox * stride + shift lies inside the row.
        const int64_t shift = kx * p.dilation_w - p.pad_left;
        const int64_t begin = std::max<int64_t>(0, FloorDiv(-shift + p.stride_w - 1, p.stride_w));
        const int64_t end = std::min(g.out_w, FloorDiv(g.in_w - 1 - shift, p.stride_w) + 1);
        if (p.stride_w == 1) {
          const float* source = in_row + shift;
          for (int64_t ox = begin; ox < end; ++ox) out_row[ox] += weight * source[ox];
        } else {
          for (int64_t ox = begin; ox < end; ++ox) {
            out_row[ox] += weight * in_row[ox * p.stride_w + shift];
          }
        }
      }
    }
    if (activation.kind != Activation::kNone) {
      for (int64_t ox = 0; ox < g.out_w; ++ox) out_row[ox] = Activate(activation, out_row[ox]);
    }
  }
}

void DepthwisePlanePortable(const float* in, const ConvGeometry& g, const float* w, float bias,
                            const Activation& activation, float* out) {
  DepthwisePlane(in, g, w, bias, activation, out);
}

#ifdef SENTIO_CONV_X86
__attribute__((target("avx2,fma"))) void DepthwisePlaneAvx2(const float* in, const ConvGeometry& g,
                                                            const float* w, float bias,
                                                            const Activation& activation,
                                                            float* out) {
  DepthwisePlane(in, g, w, bias, activation, out);
}
#endif

}  // namespace

void Im2ColOperand::PackPanel(int64_t k0, int64_t depth, int64_t j0, int64_t width,
                              float* panel) const {
  const ConvParams& p = g_.params;
  // The panel's columns as runs that share an output row; within a run the window origins step
  // by the stride along one input row.
  struct Run {
    int64_t begin, end;          // panel columns
    int64_t origin_y, origin_x;  // the window origin of the run's first column
  };
  Run runs[kC];
  int run_count = 0;
  for (int64_t j = 0; j < width;) {
    const int64_t oy = (j0 + j) / g_.out_w, ox = (j0 + j) % g_.out_w;
    const int64_t end = std::min(width, j + g_.out_w - ox);
    runs[run_count++] = {j, end, oy * p.stride_h - p.pad_top, ox * p.stride_w - p.pad_left};
    j = end;
  }
  const int64_t window = g_.kernel_h * g_.kernel_w;
  int64_t c = k0 / window, ky = k0 % window / g_.kernel_w, kx = k0 % g_.kernel_w;
  for (int64_t k = 0; k < depth; ++k) {
    float* out = panel + k * kC;
    const float* plane = image_ + c * g_.in_h * g_.in_w;
    for (int r = 0; r < run_count; ++r) {
      const Run& run = runs[r];
      const int64_t count = run.end - run.begin;
      float* run_out = out + run.begin;
      const int64_t iy = run.origin_y + ky * p.dilation_h;
      if (iy < 0 || iy >= g_.in_h) {
        std::fill(run_out, run_out + count, 0.0f);
        continue;
      }
      const float* row = plane + iy * g_.in_w;
      const int64_t x0 = run.origin_x + kx * p.dilation_w;
      // Columns [inside_begin, inside_end) of the run read inside the row.
      const int64_t inside_begin =
          std::min(count, std::max<int64_t>(0, FloorDiv(-x0 + p.stride_w - 1, p.stride_w)));
      const int64_t inside_end =
          std::max(inside_begin, std::min(count, FloorDiv(g_.in_w - 1 - x0, p.stride_w) + 1));
      std::fill(run_out, run_out + inside_begin, 0.0f);
      if (p.stride_w == 1 && inside_end > inside_begin) {
        std::memcpy(run_out + inside_begin, row + x0 + inside_begin,
                    (inside_end - inside_begin) * sizeof(float));
      } else {
        for (int64_t j = inside_begin; j < inside_end; ++j) run_out[j] = row[x0 + j * p.stride_w];
      }
      std::fill(run_out + inside_end, run_out + count, 0.0f);
    }
    std::fill(out + width, out + kC, 0.0f);
    if (++kx == g_.kernel_w) {
      kx = 0;
      if (++ky == g_.kernel_h) {
        ky = 0;
        ++c;
      }
    }
  }
}

void DepthwiseConv(const float* input, int64_t images, int64_t channels,
                   const ConvGeometry& geometry, const float* weights, const float* bias,
                   const Activation& activation, float* output, ThreadPool& pool, bool use_avx2) {
  auto plane_kernel = DepthwisePlanePortable;
#ifdef SENTIO_CONV_X86
  if (use_avx2) plane_kernel = DepthwisePlaneAvx2;
#endif
  const int64_t in_size = geometry.in_h * geometry.in_w, out_size = geometry.out_h * geometry.out_w;
  const int64_t window = geometry.kernel_h * geometry.kernel_w, planes = images * channels;
  // Small layers run on the caller: waking the workers would cost more than it saves.
  const int tasks = planes * out_size * window < kMinParallelWork
                        ? 1
                        : static_cast<int>(std::min<int64_t>(pool.size(), planes));
  pool.ParallelFor(tasks, [&](int task) {
    for (int64_t plane = planes * task / tasks; plane < planes * (task + 1) / tasks; ++plane) {
      const int64_t channel = plane % channels;
      plane_kernel(input + plane * in_size, geometry, weights + channel * window,
                   bias != nullptr ? bias[channel] : 0.0f, activation, output + plane * out_size);
    }
  });
}

}  // namespace sentio
