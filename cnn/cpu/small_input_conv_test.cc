#include "cnn/cpu/small_input_conv.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "cnn/cpu/engine_comparison_for_test.h"
#include "gtest/gtest.h"

namespace sentio::cnn::cpu {
namespace {

struct Case {
  int64_t channels, in_h, in_w, out_channels, kernel, stride, pad, dilation;
};

// RGB stems (MobileNet / EfficientNet 3x3 stride 2, ResNet 7x7 stride 2), odd sizes, output widths
// that are not whole vectors, a partial block of output channels, dilation, one input channel; rows
// of 2 to 8 vectors (passes of three vectors, then one or two).
const Case kCases[] = {
    {3, 32, 32, 32, 3, 2, 1, 1}, {3, 29, 37, 64, 7, 2, 3, 1}, {3, 17, 35, 12, 3, 2, 1, 1},
    {1, 20, 45, 5, 5, 2, 2, 2},  {4, 16, 40, 9, 3, 3, 0, 1},  {2, 9, 17, 8, 1, 2, 0, 1},
    {3, 12, 60, 7, 3, 2, 1, 1},  {2, 11, 70, 6, 3, 2, 1, 1},  {3, 6, 120, 10, 3, 2, 1, 1},
    {3, 7, 16, 3, 3, 2, 1, 1},
};

ConvGeometry GeometryOf(const Case& c) {
  ConvGeometry g;
  g.channels = c.channels;
  g.in_h = c.in_h;
  g.in_w = c.in_w;
  g.kernel_h = g.kernel_w = c.kernel;
  g.params.stride_h = g.params.stride_w = c.stride;
  g.params.pad_top = g.params.pad_left = g.params.pad_bottom = g.params.pad_right = c.pad;
  g.params.dilation_h = g.params.dilation_w = c.dilation;
  const int64_t span = c.dilation * (c.kernel - 1) + 1;
  g.out_h = (c.in_h + 2 * c.pad - span) / c.stride + 1;
  g.out_w = (c.in_w + 2 * c.pad - span) / c.stride + 1;
  return g;
}

TEST(SmallInputConvTest, MatchesDirectConvolutionForEveryActivationAndThreadCount) {
  std::mt19937 random(41);
  for (const Case& c : kCases) {
    const ConvGeometry g = GeometryOf(c);
    ASSERT_TRUE(SmallInputConvSuits(g)) << c.channels << "x" << c.in_h << "x" << c.in_w;
    const int64_t depth = c.channels * c.kernel * c.kernel;
    const std::vector<float> image = RandomValues(c.channels * c.in_h * c.in_w, random);
    const std::vector<float> weights = RandomValues(c.out_channels * depth, random);
    const std::vector<float> bias = RandomValues(c.out_channels, random);
    const std::vector<float> packed = PackSmallInputWeights(weights.data(), c.out_channels, depth);
    for (Activation::Kind kind : {Activation::kNone, Activation::kClip, Activation::kSilu}) {
      Activation activation;
      activation.kind = kind;
      activation.min = 0.0f;
      activation.max = 0.5f;
      const std::vector<double> expected =
          DirectConvolution(image, weights, bias, c.out_channels, g, activation);
      for (int threads : {1, 2, 3}) {
        ThreadPool pool(threads);
        std::vector<float> scratch;
        std::vector<float> out(c.out_channels * g.out_h * g.out_w, -7.0f);
        SmallInputConv(image.data(), g, c.out_channels, packed, bias.data(), activation,
                       out.data(), scratch, pool);
        double worst = 0;
        for (size_t i = 0; i < out.size(); ++i) {
          worst = std::max(worst, std::fabs(out[i] - expected[i]) / (1 + std::fabs(expected[i])));
        }
        EXPECT_LT(worst, 1e-5) << c.channels << "x" << c.in_h << "x" << c.in_w << " kernel "
                               << c.kernel << " activation " << kind << ", " << threads
                               << " threads";
      }
    }
  }
}

TEST(SmallInputConvTest, TakesOnlyFewInputChannelsAndShortDepths) {
  ConvGeometry g = GeometryOf({3, 32, 32, 32, 3, 2, 1, 1});
  EXPECT_TRUE(SmallInputConvSuits(g));
  g.channels = 5;
  EXPECT_FALSE(SmallInputConvSuits(g));
  g = GeometryOf({4, 32, 32, 32, 7, 1, 3, 1});  // 196 products per output
  EXPECT_FALSE(SmallInputConvSuits(g));
  g = GeometryOf({3, 32, 32, 32, 3, 2, 1, 1});
  g.params.group = 3;
  EXPECT_FALSE(SmallInputConvSuits(g));
  g = GeometryOf({3, 32, 32, 16, 3, 1, 1, 1});  // stride 1: im2col + GEMM is faster
  EXPECT_FALSE(SmallInputConvSuits(g));
}

}  // namespace
}  // namespace sentio::cnn::cpu
