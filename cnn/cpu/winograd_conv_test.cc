#include "cnn/cpu/winograd_conv.h"

#include <cmath>
#include <random>
#include <vector>

#include "cnn/cpu/engine_comparison_for_test.h"
#include "gtest/gtest.h"

namespace sentio::cnn::cpu {
namespace {

struct Case {
  int64_t in_channels, out_channels, in_h, in_w;
  int64_t pad_top, pad_left, pad_bottom, pad_right;
};

ConvGeometry GeometryOf(const Case& c) {
  ConvGeometry g;
  g.channels = c.in_channels;
  g.in_h = c.in_h;
  g.in_w = c.in_w;
  g.kernel_h = g.kernel_w = 3;
  g.params.pad_top = c.pad_top;
  g.params.pad_left = c.pad_left;
  g.params.pad_bottom = c.pad_bottom;
  g.params.pad_right = c.pad_right;
  g.out_h = c.in_h + c.pad_top + c.pad_bottom - 2;
  g.out_w = c.in_w + c.pad_left + c.pad_right - 2;
  return g;
}

std::vector<float> RunWinograd(const std::vector<float>& image, const std::vector<float>& weights,
                               const std::vector<float>& bias, const Case& c, const ConvGeometry& g,
                               const Activation& activation, int threads, GemmKernel kernel) {
  ThreadPool pool(threads);
  GemmContext gemm(pool, kernel);
  WinogradConv conv;
  conv.Prepare(weights.data(), c.out_channels, c.in_channels);
  std::vector<float> scratch(conv.ScratchFloats(g, threads), std::nanf(""));
  std::vector<float> out(c.out_channels * g.out_h * g.out_w, -7.0f);
  conv.Run(image.data(), g, bias.data(), activation, out.data(), scratch.data(), gemm);
  return out;
}

const Case kCases[] = {
    {16, 16, 1, 1, 1, 1, 1, 1},    // one pixel: every tap but the centre reads padding
    {16, 17, 5, 7, 1, 1, 1, 1},    // partial tiles on both edges
    {17, 16, 8, 8, 0, 0, 0, 0},    // no padding: 6x6 output
    {32, 24, 13, 13, 1, 1, 1, 1},  // YOLO's 13x13
    {16, 16, 6, 9, 2, 0, 1, 2},    // asymmetric padding
    {20, 18, 4, 3, 3, 3, 3, 3},    // padding larger than the kernel
    {64, 40, 28, 30, 1, 1, 1, 1},  // more tiles than one GEMM panel, channels over 16
    {16, 16, 60, 70, 1, 1, 1, 1},  // two blocks of tile rows
};

TEST(WinogradConvTest, MatchesDirectConvolution) {
  Activation relu;
  relu.kind = Activation::kRelu;
  std::vector<GemmKernel> kernels = {GemmKernel::kPortable};
  if (BestGemmKernel() != GemmKernel::kPortable) kernels.push_back(BestGemmKernel());
  for (const Case& c : kCases) {
    std::mt19937 random(static_cast<uint32_t>(c.in_channels * 100 + c.in_h));
    const ConvGeometry g = GeometryOf(c);
    const std::vector<float> image = RandomValues(c.in_channels * c.in_h * c.in_w, random);
    const std::vector<float> weights = RandomValues(c.out_channels * c.in_channels * 9, random);
    const std::vector<float> bias = RandomValues(c.out_channels, random);
    for (const Activation& activation : {Activation(), relu}) {
      const std::vector<double> expected =
          DirectConvolution(image, weights, bias, c.out_channels, g, activation);
      double largest = 0;
      for (double value : expected) largest = std::max(largest, std::fabs(value));
      for (GemmKernel kernel : kernels) {
        const std::vector<float> got =
            RunWinograd(image, weights, bias, c, g, activation, 1, kernel);
        double error = 0;
        for (size_t i = 0; i < expected.size(); ++i) {
          error = std::max(error, std::fabs(got[i] - expected[i]));
        }
        EXPECT_LT(error / largest, 1e-5)
            << c.in_channels << "->" << c.out_channels << " " << c.in_h << "x" << c.in_w
            << " kernel " << static_cast<int>(kernel) << " activation " << activation.kind;
      }
    }
  }
}

TEST(WinogradConvTest, IdenticalForAnyThreadCount) {
  // One thread goes block by block, two threads give each thread blocks, three split each step of
  // the whole image: all three orders give the same bits.
  const Case c = {16, 16, 120, 100, 1, 1, 1, 1};
  std::mt19937 random(5);
  const ConvGeometry g = GeometryOf(c);
  const std::vector<float> image = RandomValues(c.in_channels * c.in_h * c.in_w, random);
  const std::vector<float> weights = RandomValues(c.out_channels * c.in_channels * 9, random);
  const std::vector<float> bias = RandomValues(c.out_channels, random);
  const std::vector<float> one =
      RunWinograd(image, weights, bias, c, g, Activation(), 1, BestGemmKernel());
  for (int threads : {2, 3}) {
    EXPECT_EQ(RunWinograd(image, weights, bias, c, g, Activation(), threads, BestGemmKernel()), one)
        << threads << " threads";
  }
}

TEST(WinogradConvTest, PaysOnlyForSixteenTilesOrMore) {
  Case c = {16, 16, 14, 14, 1, 1, 1, 1};  // 14x14: 4x4 tiles
  EXPECT_TRUE(WinogradConv::PaysFor(GeometryOf(c)));
  c.in_h = c.in_w = 11;  // 11x11: 3x3 tiles
  EXPECT_FALSE(WinogradConv::PaysFor(GeometryOf(c)));
}

TEST(WinogradConvTest, SuitsOnlyUndilatedStrideOne3x3WithEnoughChannels) {
  ConvParams plain;
  EXPECT_TRUE(WinogradConv::Suits(3, 3, plain, 16, 16));
  EXPECT_FALSE(WinogradConv::Suits(3, 3, plain, 3, 64));  // an RGB input layer
  EXPECT_FALSE(WinogradConv::Suits(1, 1, plain, 64, 64));
  EXPECT_FALSE(WinogradConv::Suits(5, 5, plain, 64, 64));
  ConvParams strided;
  strided.stride_w = 2;
  EXPECT_FALSE(WinogradConv::Suits(3, 3, strided, 64, 64));
  ConvParams dilated;
  dilated.dilation_h = 2;
  EXPECT_FALSE(WinogradConv::Suits(3, 3, dilated, 64, 64));
  ConvParams grouped;
  grouped.group = 2;
  EXPECT_FALSE(WinogradConv::Suits(3, 3, grouped, 64, 64));
}

}  // namespace
}  // namespace sentio::cnn::cpu
