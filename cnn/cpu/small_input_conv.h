// Direct convolution for layers with few input channels: the RGB stem of image CNNs (3 -> 32 or 64
// channels, 3x3 or 7x7, stride 2), where im2col would copy every input value kernel_h x kernel_w
// times to hand the GEMM a depth of only 27 or 147. The input is copied once into zero-padded rows
// split by column phase (element j of phase q is padded column j * stride_w + q), so that eight
// consecutive outputs of any tap read eight consecutive floats; three output vectors of a row then
// sum channels x taps products for four output channels at once (per tap three loads of the input
// and twelve FMAs: twelve independent sums hide the FMAs' latency), activated on the way out and
// written in NCHW directly.
#ifndef CNN_CPU_SMALL_INPUT_CONV_H_
#define CNN_CPU_SMALL_INPUT_CONV_H_

#include <cstdint>
#include <vector>

#include "cnn/cpu/activation.h"
#include "cnn/cpu/conv_kernels.h"
#include "cnn/cpu/thread_pool.h"

namespace sentio::cnn::cpu {

// Whether SmallInputConv takes an ungrouped convolution of `geometry`: at most 4 input channels,
// 160 products per output value, and a horizontal stride of 2 or more.
bool SmallInputConvSuits(const ConvGeometry& geometry);

// The filters ([out][in][kh][kw], as in the model) regrouped for SmallInputConv: blocks of four
// output channels, the four weights of each (input channel, tap) side by side, zeros beyond
// `out_channels`.
std::vector<float> PackSmallInputWeights(const float* weights, int64_t out_channels,
                                         int64_t depth);

// y (out_channels x out_h x out_w, one image) = act(conv(x) + bias) for one image x
// (geometry.channels x in_h x in_w); `packed_weights` from PackSmallInputWeights; `bias` may be
// null. `scratch` holds the padded input (grown on demand).
void SmallInputConv(const float* x, const ConvGeometry& geometry, int64_t out_channels,
                    const std::vector<float>& packed_weights, const float* bias,
                    const Activation& activation, float* y, std::vector<float>& scratch,
                    ThreadPool& pool);

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_SMALL_INPUT_CONV_H_
