// What the Conv kernels of gpu/kernels/ share: the OpenCL C source of the direct convolution
// (conv2d, depthwise2d, pad_planes), its tile sizes and its weight packing. conv.cc runs them for
// any convolution and registers Conv; winograd_conv.cc reuses conv2d for its batched products.
#ifndef GPU_KERNELS_CONV_KERNELS_H_
#define GPU_KERNELS_CONV_KERNELS_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "cnn/ops/window_params.h"
#include "gpu/opencl_op.h"

namespace sentio::gpu {

// conv2d, depthwise2d and pad_planes (build options: ACT..., PIXELS, CHANNELS, HALF_WEIGHTS;
// prepend kActivationSource and kWeightSource).
extern const char kConvSource[];

// conv2d's CHANNELS and PIXELS: the narrow ones anywhere, the wide ones on devices whose
// preferred float vectors are 16 wide.
inline constexpr int64_t kNarrowChannels = 8, kWideChannels = 16;
inline constexpr int64_t kNarrowPixels = 8, kWidePixels = 16;

inline int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// OIHW weights [K, C / G, KH, KW] as conv2d reads them: per block of `channels` output channels of
// one group, for each input channel and tap, the block's weights side by side (zeros past the
// group's last channel).
std::vector<float> PackConvWeights(const Tensor& weights, int64_t group, int64_t channels);

// The Winograd F(2x2, 3x3) step for `node` (3x3, stride 1, no dilation, one group, enough
// channels and pixels for it to win), or nullptr when it does not apply.
absl::StatusOr<std::unique_ptr<OpenClStep>> MakeWinogradConvStep(const cnn::Node& node,
                                                                 const OpenClOpContext& context,
                                                                 const cnn::ConvParams& params);

}  // namespace sentio::gpu

#endif  // GPU_KERNELS_CONV_KERNELS_H_
