// The CPU engine's convolution pieces besides the GEMM itself: a convolution's sizes, and im2col
// done while packing B's panels (no im2col matrix is ever stored). The depthwise convolution is in
// cnn/cpu/depthwise_conv.h.
#ifndef CNN_CPU_CONV_KERNELS_H_
#define CNN_CPU_CONV_KERNELS_H_

#include <cstdint>

#include "cnn/cpu/gemm.h"
#include "cnn/ir/shape_inference.h"

namespace sentio::cnn::cpu {

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
  // `use_avx2`: gather with AVX2 (the CPU must have it).
  Im2ColOperand(const float* image, const ConvGeometry& geometry, bool use_avx2)
      : image_(image), g_(geometry), use_avx2_(use_avx2) {}
  void PackPanel(int64_t k0, int64_t depth, int64_t j0, int64_t width, float* panel) const override;

 private:
  // A panel's columns as runs that share an output row; within a run the window origins step by
  // the stride along one input row.
  struct Run {
    int64_t begin, end;          // panel columns
    int64_t origin_y, origin_x;  // the window origin of the run's first column
  };
  void WindowOffsets(const Run* runs, int run_count, int64_t ky, int64_t kx,
                     int32_t* offsets) const;

  const float* image_;
  ConvGeometry g_;
  bool use_avx2_;
};

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_CONV_KERNELS_H_
