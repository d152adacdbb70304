// Winograd F(4x4, 3x3) convolution (Lavin & Gray, "Fast Algorithms for Convolutional Neural
// Networks", 2016) for the CPU engine's 3x3, stride-1, undilated, ungrouped convolutions (VGG's and
// YOLO's): each 6x6 input tile and each filter are transformed (V = B^T d B, U = G g G^T), the 36
// transformed positions become 36 matrix products M = U V over the channels (the engine's packed
// GEMM), and each M goes back to a 4x4 output tile (Y = A^T M A). Four times fewer multiply-adds
// than im2col + GEMM, for a transform cost that the channels amortise. Results differ from direct
// convolution by float rounding only (the transforms use the interpolation points 0, +-1, +-2).
#ifndef CNN_CPU_WINOGRAD_CONV_H_
#define CNN_CPU_WINOGRAD_CONV_H_

#include <cstdint>
#include <vector>

#include "cnn/cpu/activation.h"
#include "cnn/cpu/conv_kernels.h"
#include "cnn/cpu/gemm.h"

namespace sentio::cnn::cpu {

class WinogradConv {
 public:
  // Whether a convolution of these sizes runs here: 3x3 kernel, stride 1, dilation 1, one group,
  // and enough channels on both sides for the transforms to pay (the first layer of an RGB network
  // stays with im2col).
  static bool Suits(int64_t kernel_h, int64_t kernel_w, const ConvParams& params,
                    int64_t in_channels, int64_t out_channels);
  // Whether the output is large enough for the transforms to pay: small images (an 11x11 output
  // is 9 tiles, a quarter of them padding) run faster as im2col + GEMM.
  static bool PaysFor(const ConvGeometry& geometry);

  // Transforms the filters (out_channels x in_channels x 3 x 3, row-major) once.
  void Prepare(const float* weights, int64_t out_channels, int64_t in_channels);

  // The floats of scratch that Run needs for one image of this geometry with `threads` threads.
  int64_t ScratchFloats(const ConvGeometry& geometry, int threads) const;

  // output (out_channels x out_h x out_w) = act(conv(image) + bias) for one image; `bias` has one
  // value per output channel or is null.
  void Run(const float* image, const ConvGeometry& geometry, const float* bias,
           const Activation& activation, float* output, float* scratch, GemmContext& gemm) const;

  int64_t bytes() const;

 private:
  int64_t out_channels_ = 0, in_channels_ = 0;
  std::vector<PackedMatrix> transformed_;  // per transformed position: U (out x in channels)
};

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_WINOGRAD_CONV_H_
