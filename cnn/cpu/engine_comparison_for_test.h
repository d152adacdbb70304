// Test helpers for comparing engines: random inputs and weights, the error of one engine's output
// relative to another's, and a convolution in double precision to check fast kernels against.
#ifndef CNN_CPU_ENGINE_COMPARISON_FOR_TEST_H_
#define CNN_CPU_ENGINE_COMPARISON_FOR_TEST_H_

#include <cstdint>
#include <random>
#include <vector>

#include "cnn/cpu/activation.h"
#include "cnn/cpu/conv_kernels.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn::cpu {

// `count` values drawn uniformly from [-1, 1).
std::vector<float> RandomValues(int64_t count, std::mt19937& random);

// max |actual - expected| over max |expected| (the plain max error when `expected` is all zeros):
// the error relative to the output's scale.
double MaxRelativeError(const Tensor& actual, const Tensor& expected);

// act(conv(image) + bias) of one image and group, each sum in double and rounded to float before
// the activation: `image` channels x in_h x in_w, `weights` out_channels x channels x kernel_h x
// kernel_w, one bias per output channel; out_channels x out_h x out_w.
std::vector<double> DirectConvolution(const std::vector<float>& image,
                                      const std::vector<float>& weights,
                                      const std::vector<float>& bias, int64_t out_channels,
                                      const ConvGeometry& geometry, const Activation& activation);

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_ENGINE_COMPARISON_FOR_TEST_H_
