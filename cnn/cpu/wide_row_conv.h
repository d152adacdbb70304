// Stride-1 convolutions of small images without im2col. With the image copied, padded, into a
// buffer of padded_w columns per row, output (o, oy, ox) = sum over k = (c, ky, kx) of w[o][k] *
// buffer[row_offsets[k] + oy * padded_w + ox], row_offsets[k] = (c * padded_h + ky * dilation_h) *
// padded_w + kx * dilation_w. Computing the output on "wide" rows of padded_w columns (the last
// padded_w - out_w of each are discarded) makes column j = oy * padded_w + ox of B's row k simply
// buffer[row_offsets[k] + j]: the GEMM reads B in place (MultiplyInPlace), 16 columns in two vector
// loads, and nothing is packed per run. It pays while the whole image stays in L1/L2, which is when
// im2col's packing costs as much as the multiply-adds (the slide CNN's second layer: 25x13x13).
#ifndef CNN_CPU_WIDE_ROW_CONV_H_
#define CNN_CPU_WIDE_ROW_CONV_H_

#include <cstdint>
#include <vector>

#include "cnn/cpu/activation.h"
#include "cnn/cpu/conv_kernels.h"
#include "cnn/cpu/gemm.h"

namespace sentio::cnn::cpu {

// Whether a convolution of one group with these sizes runs here: stride 1 and a small padded image.
bool WideRowConvSuits(const ConvGeometry& geometry);

// Buffers reused from call to call, grown on demand.
struct WideRowConvBuffers {
  std::vector<float> padded_image;  // the padded image, then zeros that the last columns read
  std::vector<float> wide_output;   // the output on wide rows
  std::vector<int32_t> row_offsets;
};

// output (filters.rows() x out_h x out_w) = act(conv(image) + bias) for one image and group, the
// filters packed as filters.rows() x (channels * kernel_h * kernel_w); `bias` has one value per
// output channel or is null.
void WideRowConv(const PackedMatrix& filters, const float* image, const ConvGeometry& geometry,
                 const float* bias, const Activation& activation, float* output,
                 WideRowConvBuffers& buffers, GemmContext& gemm);

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_WIDE_ROW_CONV_H_
