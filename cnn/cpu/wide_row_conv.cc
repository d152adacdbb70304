#include "cnn/cpu/wide_row_conv.h"

#include <algorithm>
#include <cstring>

namespace sentio::cnn::cpu {
namespace {

// The largest padded image (floats, one group) run here: 64 KiB, within L2 with room to spare.
constexpr int64_t kMaxImageFloats = 16 * 1024;

int64_t PaddedHeight(const ConvGeometry& g) {
  return g.in_h + g.params.pad_top + g.params.pad_bottom;
}
int64_t PaddedWidth(const ConvGeometry& g) {
  return g.in_w + g.params.pad_left + g.params.pad_right;
}

// `buffer` with room for `size` elements. Never shrunk: the layers of a network take turns, and
// growing again would zero the new elements on every run.
template <typename T>
T* Reserve(std::vector<T>& buffer, int64_t size) {
  if (static_cast<int64_t>(buffer.size()) < size) buffer.resize(size);
  return buffer.data();
}

// Copies the image into `padded` with zeros around it and kGemmTileCols zeros after it.
void PadImage(const float* image, const ConvGeometry& g, float* padded) {
  const ConvParams& p = g.params;
  const int64_t padded_h = PaddedHeight(g), padded_w = PaddedWidth(g);
  const int64_t size = g.channels * padded_h * padded_w;
  if (padded_h == g.in_h && padded_w == g.in_w) {
    std::memcpy(padded, image, size * sizeof(float));
  } else {
    std::fill(padded, padded + size, 0.0f);
    for (int64_t c = 0; c < g.channels; ++c) {
      for (int64_t y = 0; y < g.in_h; ++y) {
        std::memcpy(padded + (c * padded_h + y + p.pad_top) * padded_w + p.pad_left,
                    image + (c * g.in_h + y) * g.in_w, g.in_w * sizeof(float));
      }
    }
  }
  std::fill(padded + size, padded + size + kGemmTileCols, 0.0f);
}

}  // namespace

bool WideRowConvSuits(const ConvGeometry& g) {
  const ConvParams& p = g.params;
  return p.stride_h == 1 && p.stride_w == 1 &&
         g.out_h == PaddedHeight(g) - (g.kernel_h - 1) * p.dilation_h &&
         g.out_w == PaddedWidth(g) - (g.kernel_w - 1) * p.dilation_w && g.out_h > 0 &&
         g.out_w > 0 && g.channels * PaddedHeight(g) * PaddedWidth(g) <= kMaxImageFloats;
}

void WideRowConv(const PackedMatrix& filters, const float* image, const ConvGeometry& g,
                 const float* bias, const Activation& activation, float* output,
                 WideRowConvBuffers& buffers, GemmContext& gemm) {
  const ConvParams& p = g.params;
  const int64_t padded_h = PaddedHeight(g), padded_w = PaddedWidth(g);
  float* padded = Reserve(buffers.padded_image, g.channels * padded_h * padded_w + kGemmTileCols);
  PadImage(image, g, padded);
  int32_t* const row_offsets = Reserve(buffers.row_offsets, g.channels * g.kernel_h * g.kernel_w);
  int32_t* offset = row_offsets;
  for (int64_t c = 0; c < g.channels; ++c) {
    for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
      for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
        *offset++ =
            static_cast<int32_t>((c * padded_h + ky * p.dilation_h) * padded_w + kx * p.dilation_w);
      }
    }
  }
  // Whole tiles of columns: the columns past the last output are read (the zeros after the image)
  // and discarded like the ends of the wide rows.
  const int64_t wide_columns = (g.out_h - 1) * padded_w + g.out_w;
  const int64_t columns = (wide_columns + kGemmTileCols - 1) / kGemmTileCols * kGemmTileCols;
  const int64_t out_channels = filters.rows();
  GemmOutput wide;
  wide.data = Reserve(buffers.wide_output, out_channels * columns);
  wide.row_stride = columns;
  wide.bias = bias;
  wide.activation = activation;
  MultiplyInPlace(filters, padded, row_offsets, columns, wide, gemm);
  for (int64_t o = 0; o < out_channels; ++o) {
    for (int64_t oy = 0; oy < g.out_h; ++oy) {
      std::memcpy(output + (o * g.out_h + oy) * g.out_w, wide.data + o * columns + oy * padded_w,
                  g.out_w * sizeof(float));
    }
  }
}

}  // namespace sentio::cnn::cpu
