#include "cnn/conv_kernels.h"

#include <algorithm>
#include <cstring>

namespace sentio {
namespace {

constexpr int64_t kC = kGemmTileCols;
// How many floats ahead of a panel row's inputs the im2col packing prefetches.
constexpr int64_t kPrefetchAhead = 4 * kC;

// Floor of a / b for b > 0 and any sign of a.
int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

}  // namespace

// Row (c, ky, kx) of the panel, `plane` being channel c, run by run: zeros where the window reaches
// into the padding, and after `width`.
void Im2ColOperand::PackColumns(const float* plane, const Run* runs, int run_count, int64_t ky,
                                int64_t kx, int64_t width, float* out) const {
  const ConvParams& p = g_.params;
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
      PackColumns(plane, runs, run_count, ky, kx, width, out);
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

}  // namespace sentio
