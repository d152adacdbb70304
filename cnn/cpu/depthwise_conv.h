// The CPU engine's depthwise convolution (one filter per channel: MobileNet's, EfficientNet's and
// Yolo-Fastest's 3x3 and 5x5 layers). Outputs up to 28x28 go to the channel-blocked kernel
// (cnn/cpu/depthwise_channel_blocked.h); larger planes to the plane-wise one: each plane's input
// rows are copied once, zero-padded and split into their `stride` column phases, into a ring of a
// few rows that stays in L1; each output row is then computed 8 columns at a time with every tap,
// the bias and the activation in registers, and written once.
#ifndef CNN_CPU_DEPTHWISE_CONV_H_
#define CNN_CPU_DEPTHWISE_CONV_H_

#include <cstdint>

#include "cnn/cpu/activation.h"
#include "cnn/cpu/conv_kernels.h"
#include "cnn/cpu/thread_pool.h"

namespace sentio::cnn::cpu {

// Depthwise convolution of `images` x `channels` planes with one filter per channel (geometry's
// `channels` is not used): out = act(conv + bias). `weights` holds channels x kernel_h x kernel_w,
// `bias` one per channel or null. Planes split over the pool's threads; each plane's result does
// not depend on the number of threads.
void DepthwiseConv(const float* input, int64_t images, int64_t channels,
                   const ConvGeometry& geometry, const float* weights, const float* bias,
                   const Activation& activation, float* output, ThreadPool& pool, bool use_avx2);

// The same with the kernel chosen by the output's size in `choice` rather than `geometry`: a band
// of a layer's rows (convolutional caching) passes the whole layer's geometry, so that its values
// are computed as the whole layer computes them.
void DepthwiseConvChosenBy(const ConvGeometry& choice, const float* input, int64_t images,
                           int64_t channels, const ConvGeometry& geometry, const float* weights,
                           const float* bias, const Activation& activation, float* output,
                           ThreadPool& pool, bool use_avx2);

// The plane-wise kernel alone (DepthwiseConv picks it or the channel-blocked one of
// cnn/cpu/depthwise_channel_blocked.h by the output's size), same contract.
void DepthwiseConvPlaneWise(const float* input, int64_t images, int64_t channels,
                            const ConvGeometry& geometry, const float* weights, const float* bias,
                            const Activation& activation, float* output, ThreadPool& pool,
                            bool use_avx2);

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_DEPTHWISE_CONV_H_
