// The CPU engine's convolution pieces besides the GEMM itself: im2col done while packing B's panels
// (no im2col matrix is ever stored), and a direct depthwise convolution (one filter per channel:
// MobileNet's 3x3 layers) that keeps each output row in L1 while the taps pass over it.
#ifndef CNN_CONV_KERNELS_H_
#define CNN_CONV_KERNELS_H_

#include <cstdint>

#include "cnn/activation.h"
#include "cnn/gemm.h"
#include "cnn/shape_inference.h"
#include "cnn/thread_pool.h"

namespace sentio {

// One image's convolution sizes; `channels` counts the input channels of one group.
struct ConvGeometry {
  int64_t channels = 0, in_h = 0, in_w = 0;
  int64_t kernel_h = 0, kernel_w = 0;
  int64_t out_h = 0, out_w = 0;
  ConvParams params;
};

// The im2col matrix of `image` (channels x in_h x in_w, one group) as a GEMM right operand: row (c,
// ky, kx), column (oy, ox), zero where the window reaches into the padding.
class Im2ColOperand : public RightOperand {
 public:
  Im2ColOperand(const float* image, const ConvGeometry& geometry) : image_(image), g_(geometry) {}
  void PackPanel(int64_t k0, int64_t depth, int64_t j0, int64_t width, float* panel) const override;

 private:
  const float* image_;
  ConvGeometry g_;
};

// Depthwise convolution of `images` x `channels` planes with one filter per channel (geometry's
// `channels` is not used): out = act(conv + bias). `weights` holds channels x kernel_h x kernel_w,
// `bias` one per channel or null. Planes split over the pool's threads.
void DepthwiseConv(const float* input, int64_t images, int64_t channels,
                   const ConvGeometry& geometry, const float* weights, const float* bias,
                   const Activation& activation, float* output, ThreadPool& pool, bool use_avx2);

}  // namespace sentio

#endif  // CNN_CONV_KERNELS_H_
