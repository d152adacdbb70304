#include "cnn/cpu/wide_row_conv.h"

#include <cmath>
#include <random>
#include <vector>

#include "cnn/cpu/engine_comparison_for_test.h"
#include "gtest/gtest.h"

namespace sentio::cnn::cpu {
namespace {

struct Case {
  int64_t channels, out_channels, in_h, in_w, kernel_h, kernel_w;
  int64_t pad_top, pad_left, pad_bottom, pad_right, dilation_h, dilation_w;
};

ConvGeometry GeometryOf(const Case& c) {
  ConvGeometry g;
  g.channels = c.channels;
  g.in_h = c.in_h;
  g.in_w = c.in_w;
  g.kernel_h = c.kernel_h;
  g.kernel_w = c.kernel_w;
  g.params.pad_top = c.pad_top;
  g.params.pad_left = c.pad_left;
  g.params.pad_bottom = c.pad_bottom;
  g.params.pad_right = c.pad_right;
  g.params.dilation_h = c.dilation_h;
  g.params.dilation_w = c.dilation_w;
  g.out_h = c.in_h + c.pad_top + c.pad_bottom - (c.kernel_h - 1) * c.dilation_h;
  g.out_w = c.in_w + c.pad_left + c.pad_right - (c.kernel_w - 1) * c.dilation_w;
  return g;
}

std::vector<float> RunWideRowConv(const std::vector<float>& image,
                                  const std::vector<float>& weights, const std::vector<float>& bias,
                                  const Case& c, const ConvGeometry& g,
                                  const Activation& activation, int threads, GemmKernel kernel,
                                  WideRowConvBuffers& buffers) {
  ThreadPool pool(threads);
  GemmContext gemm(pool, kernel);
  const int64_t depth = c.channels * c.kernel_h * c.kernel_w;
  PackedMatrix filters;
  filters.Pack(c.out_channels, depth, weights.data(), depth, 1);
  std::vector<float> out(c.out_channels * g.out_h * g.out_w, -7.0f);
  WideRowConv(filters, image.data(), g, bias.data(), activation, out.data(), buffers, gemm);
  return out;
}

const Case kCases[] = {
    {25, 50, 13, 13, 3, 3, 0, 0, 0, 0, 1, 1},  // the slide CNN's second layer
    {1, 25, 28, 28, 3, 3, 0, 0, 0, 0, 1, 1},   // its first: depth 9
    {20, 50, 12, 12, 5, 5, 0, 0, 0, 0, 1, 1},  // LeNet's second layer
    {3, 7, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1},      // one pixel: every tap but the centre is padding
    {4, 13, 5, 9, 3, 5, 2, 0, 1, 3, 1, 1},     // asymmetric padding, odd sizes
    {2, 6, 4, 3, 3, 3, 4, 4, 4, 4, 1, 1},      // padding larger than the kernel
    {5, 9, 11, 10, 3, 3, 2, 2, 2, 2, 2, 2},    // dilation 2
    {3, 17, 9, 14, 1, 4, 0, 1, 0, 2, 1, 3},    // a 1x4 kernel dilated along the rows only
    {7, 130, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1},    // more output channels than one row block
    {40, 8, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1},     // depth 360: two depth blocks
    {1, 1, 20, 1, 3, 1, 1, 0, 1, 0, 1, 1},     // one column
};

TEST(WideRowConvTest, MatchesDirectConvolutionForEveryKernelAndThreadCount) {
  std::mt19937 random(31);
  const Activation relu{Activation::kRelu};
  WideRowConvBuffers reused;  // shared by every case, as in the engine
  for (const Case& c : kCases) {
    const ConvGeometry g = GeometryOf(c);
    ASSERT_TRUE(WideRowConvSuits(g)) << c.channels << "x" << c.in_h << "x" << c.in_w;
    const std::vector<float> image = RandomValues(c.channels * c.in_h * c.in_w, random);
    const std::vector<float> weights =
        RandomValues(c.out_channels * c.channels * c.kernel_h * c.kernel_w, random);
    const std::vector<float> bias = RandomValues(c.out_channels, random);
    const std::vector<double> expected =
        DirectConvolution(image, weights, bias, c.out_channels, g, relu);
    double scale = 0;
    for (double v : expected) scale = std::max(scale, std::fabs(v));
    std::vector<float> first;
    for (GemmKernel kernel : {GemmKernel::kPortable, BestGemmKernel()}) {
      for (int threads : {1, 2, 3}) {
        // Buffers of exactly this case's sizes, so that AddressSanitizer sees any read past them.
        WideRowConvBuffers buffers;
        const std::vector<float> out =
            RunWideRowConv(image, weights, bias, c, g, relu, threads, kernel, buffers);
        double worst = 0;
        for (size_t i = 0; i < out.size(); ++i) {
          worst = std::max(worst, std::fabs(out[i] - expected[i]));
        }
        EXPECT_LT(worst, 1e-5 * std::max(scale, 1.0))
            << c.channels << "->" << c.out_channels << " " << c.in_h << "x" << c.in_w << " kernel "
            << c.kernel_h << "x" << c.kernel_w << ", " << threads << " threads";
        if (kernel != BestGemmKernel()) continue;
        // Each output is the same sum in the same order whatever the thread count.
        if (first.empty()) first = out;
        EXPECT_EQ(out, first) << threads << " threads";
      }
    }
    // Buffers left larger or smaller by the cases before change nothing.
    EXPECT_EQ(RunWideRowConv(image, weights, bias, c, g, relu, 2, BestGemmKernel(), reused), first);
  }
}

TEST(WideRowConvTest, TakesOnlyStrideOneAndSmallImages) {
  Case small{25, 50, 13, 13, 3, 3, 0, 0, 0, 0, 1, 1};
  EXPECT_TRUE(WideRowConvSuits(GeometryOf(small)));
  ConvGeometry strided = GeometryOf(small);
  strided.params.stride_w = 2;
  strided.out_w = 6;
  EXPECT_FALSE(WideRowConvSuits(strided));
  Case large{64, 64, 56, 56, 3, 3, 1, 1, 1, 1, 1, 1};
  EXPECT_FALSE(WideRowConvSuits(GeometryOf(large)));
}

}  // namespace
}  // namespace sentio::cnn::cpu
