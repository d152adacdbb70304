// The depthwise convolution of small planes (MobileNet's and EfficientNet's 28x28 to 7x7 layers),
// eight channels at a time: the eight planes are transposed into one zero-padded image of
// eight-channel pixels, each output pixel is the sum over the taps of a pixel times the tap's eight
// weights (one vector multiply-add per tap, whatever the plane's width), and the result is
// transposed back into planes. Per-row work of the plane-wise kernel (cnn/cpu/depthwise_conv.cc),
// which dominates on planes a vector or two wide, disappears. Internal to :depthwise_conv.
#ifndef CNN_CPU_DEPTHWISE_CHANNEL_BLOCKED_H_
#define CNN_CPU_DEPTHWISE_CHANNEL_BLOCKED_H_

#include <cstdint>

#include "cnn/cpu/activation.h"
#include "cnn/cpu/conv_kernels.h"
#include "cnn/cpu/thread_pool.h"

namespace sentio::cnn::cpu {

// Whether the channel-blocked kernel is the faster one for this geometry.
bool DepthwiseChannelBlockedSuits(const ConvGeometry& geometry);

// DepthwiseConv's contract (cnn/cpu/depthwise_conv.h), any geometry.
void DepthwiseConvChannelBlocked(const float* input, int64_t images, int64_t channels,
                                 const ConvGeometry& geometry, const float* weights,
                                 const float* bias, const Activation& activation, float* output,
                                 ThreadPool& pool, bool use_avx2);

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_DEPTHWISE_CHANNEL_BLOCKED_H_
