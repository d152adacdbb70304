#include "cnn/cpu/conv_kernels.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SENTIO_IM2COL_X86 1
#endif

namespace sentio::cnn::cpu {
namespace {

constexpr int64_t kC = kGemmTileCols;
// How many floats ahead of a panel row's inputs the im2col packing prefetches.
constexpr int64_t kPrefetchAhead = 4 * kC;

// Most window positions whose offsets PackPanel keeps in a table (11x11 kernels).
constexpr int64_t kMaxCachedWindow = 121;

// out[j] = plane[offsets[j]], or 0 where offsets[j] is -1.
using GatherRow = void (*)(const float* plane, const int32_t* offsets, float* out);

void GatherRowPortable(const float* plane, const int32_t* offsets, float* out) {
  for (int64_t j = 0; j < kC; ++j) out[j] = offsets[j] >= 0 ? plane[offsets[j]] : 0.0f;
}

#ifdef SENTIO_IM2COL_X86
__attribute__((target("avx2"))) void GatherRowAvx2(const float* plane, const int32_t* offsets,
                                                   float* out) {
  for (int64_t j = 0; j < kC; j += 8) {
    const __m256i index = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(offsets + j));
    // Lanes with offset -1 are masked out: not read, left at zero.
    const __m256 inside = _mm256_castsi256_ps(_mm256_cmpgt_epi32(index, _mm256_set1_epi32(-1)));
    _mm256_storeu_ps(out + j,
                     _mm256_mask_i32gather_ps(_mm256_setzero_ps(), plane, index, inside, 4));
  }
}
#else
void GatherRowAvx2(const float* plane, const int32_t* offsets, float* out) {
  GatherRowPortable(plane, offsets, out);
}
#endif

}  // namespace

// Where column j of the panel reads in a plane for window position (ky, kx): offsets[j], or -1
// where the window reaches into the padding and from `width` on.
void Im2ColOperand::WindowOffsets(const Run* runs, int run_count, int64_t ky, int64_t kx,
                                  int32_t* offsets) const {
  const ConvParams& p = g_.params;
  std::fill(offsets, offsets + kC, -1);
  for (int r = 0; r < run_count; ++r) {
    const Run& run = runs[r];
    const int64_t iy = run.origin_y + ky * p.dilation_h;
    if (iy < 0 || iy >= g_.in_h) continue;
    int64_t x = run.origin_x + kx * p.dilation_w;
    for (int64_t j = run.begin; j < run.end; ++j, x += p.stride_w) {
      if (x >= 0 && x < g_.in_w) offsets[j] = static_cast<int32_t>(iy * g_.in_w + x);
    }
  }
}

void Im2ColOperand::PackPanel(int64_t k0, int64_t depth, int64_t j0, int64_t width,
                              float* panel) const {
  const ConvParams& p = g_.params;
  Run runs[kC];
  int run_count = 0;
  for (int64_t j = 0; j < width;) {
    const int64_t oy = (j0 + j) / g_.out_w, ox = (j0 + j) % g_.out_w;
    const int64_t end = std::min(width, j + g_.out_w - ox);
    runs[run_count++] = {j, end, oy * p.stride_h - p.pad_top, ox * p.stride_w - p.pad_left};
    j = end;
  }
  // A full panel of stride-1 columns within one output row reads 16 consecutive inputs of one
  // input row wherever the window lies inside the image: one fixed-size copy (most rows of large
  // images; the common case decides the speed of layers with few output channels).
  const bool one_row_run = run_count == 1 && width == kC && p.stride_w == 1;
  const int64_t window = g_.kernel_h * g_.kernel_w;
  // The other rows gather through offsets, computed once per window position when the window is
  // small enough for a table on the stack (and per row otherwise).
  const bool cached = window <= kMaxCachedWindow;
  int32_t offset_table[kMaxCachedWindow * kC], single[kC];
  if (cached) {
    for (int64_t position = 0; position < window; ++position) {
      WindowOffsets(runs, run_count, position / g_.kernel_w, position % g_.kernel_w,
                    offset_table + position * kC);
    }
  }
  const GatherRow gather = use_avx2_ ? GatherRowAvx2 : GatherRowPortable;
  int64_t c = k0 / window, ky = k0 % window / g_.kernel_w, kx = k0 % g_.kernel_w;
  for (int64_t k = 0; k < depth; ++k) {
    float* out = panel + k * kC;
    const float* plane = image_ + c * g_.in_h * g_.in_w;
    const int64_t first_y = runs[0].origin_y + ky * p.dilation_h;
    const int64_t first_x = runs[0].origin_x + kx * p.dilation_w;
    // The next panels read the inputs after these: their lines come from L3 or memory (one line
    // per channel and kernel row), which the hardware prefetcher does not foresee.
    __builtin_prefetch(plane + first_y * g_.in_w + first_x + kPrefetchAhead);
    if (one_row_run && first_y >= 0 && first_y < g_.in_h && first_x >= 0 &&
        first_x + kC <= g_.in_w) {
      std::memcpy(out, plane + first_y * g_.in_w + first_x, kC * sizeof(float));
    } else {
      const int32_t* offsets = offset_table + (ky * g_.kernel_w + kx) * kC;
      if (!cached) {
        WindowOffsets(runs, run_count, ky, kx, single);
        offsets = single;
      }
      gather(plane, offsets, out);
    }
    if (++kx == g_.kernel_w) {
      kx = 0;
      if (++ky == g_.kernel_h) {
        ky = 0;
        ++c;
      }
    }
  }
}

}  // namespace sentio::cnn::cpu
