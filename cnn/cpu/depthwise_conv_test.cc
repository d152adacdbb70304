#include "cnn/cpu/depthwise_conv.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "cnn/cpu/depthwise_channel_blocked.h"
#include "cnn/cpu/engine_comparison_for_test.h"
#include "gtest/gtest.h"

namespace sentio::cnn::cpu {
namespace {

struct DepthwiseCase {
  std::string name;
  int64_t images, channels, in_h, in_w, kernel_h, kernel_w;
  ConvParams params;  // group is not used
};

ConvParams Params(int64_t stride_h, int64_t stride_w, int64_t pad_top, int64_t pad_left,
                  int64_t pad_bottom, int64_t pad_right, int64_t dilation_h = 1,
                  int64_t dilation_w = 1) {
  ConvParams p;
  p.stride_h = stride_h;
  p.stride_w = stride_w;
  p.pad_top = pad_top;
  p.pad_left = pad_left;
  p.pad_bottom = pad_bottom;
  p.pad_right = pad_right;
  p.dilation_h = dilation_h;
  p.dilation_w = dilation_w;
  return p;
}

ConvGeometry Geometry(const DepthwiseCase& c) {
  const ConvParams& p = c.params;
  ConvGeometry g;
  g.channels = 1;
  g.in_h = c.in_h;
  g.in_w = c.in_w;
  g.kernel_h = c.kernel_h;
  g.kernel_w = c.kernel_w;
  g.out_h =
      (c.in_h + p.pad_top + p.pad_bottom - (c.kernel_h - 1) * p.dilation_h - 1) / p.stride_h + 1;
  g.out_w =
      (c.in_w + p.pad_left + p.pad_right - (c.kernel_w - 1) * p.dilation_w - 1) / p.stride_w + 1;
  g.params = p;
  return g;
}

// The convolution tap by tap in double, and per output the sum of the terms' magnitudes (the
// scale of float rounding error).
void NaiveDepthwise(const DepthwiseCase& c, const ConvGeometry& g, const std::vector<float>& in,
                    const std::vector<float>& w, const std::vector<float>& bias,
                    std::vector<double>& out, std::vector<double>& magnitude) {
  const ConvParams& p = c.params;
  out.assign(c.images * c.channels * g.out_h * g.out_w, 0.0);
  magnitude.assign(out.size(), 0.0);
  for (int64_t plane = 0; plane < c.images * c.channels; ++plane) {
    const int64_t channel = plane % c.channels;
    for (int64_t oy = 0; oy < g.out_h; ++oy) {
      for (int64_t ox = 0; ox < g.out_w; ++ox) {
        const int64_t o = (plane * g.out_h + oy) * g.out_w + ox;
        double sum = bias[channel], size = std::fabs(bias[channel]);
        for (int64_t ky = 0; ky < c.kernel_h; ++ky) {
          for (int64_t kx = 0; kx < c.kernel_w; ++kx) {
            const int64_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
            const int64_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
            if (iy < 0 || iy >= c.in_h || ix < 0 || ix >= c.in_w) continue;
            const double term =
                static_cast<double>(w[(channel * c.kernel_h + ky) * c.kernel_w + kx]) *
                in[(plane * c.in_h + iy) * c.in_w + ix];
            sum += term;
            size += std::fabs(term);
          }
        }
        out[o] = sum;
        magnitude[o] = size;
      }
    }
  }
}

bool HasAvx2() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

constexpr double kEpsilon = std::numeric_limits<float>::epsilon();

// Guard floats around the output: a kernel that writes outside its planes changes them.
constexpr int64_t kGuard = 16;
constexpr float kGuardValue = 12345.0f;

using DepthwiseKernel = void (*)(const float*, int64_t, int64_t, const ConvGeometry&, const float*,
                                 const float*, const Activation&, float*, ThreadPool&, bool);

// The entry point and both of the kernels it chooses between, each run on every case.
struct NamedKernel {
  const char* name;
  DepthwiseKernel run;
};
constexpr NamedKernel kKernels[] = {{"chosen", DepthwiseConv},
                                    {"plane-wise", DepthwiseConvPlaneWise},
                                    {"channel-blocked", DepthwiseConvChannelBlocked}};

// Runs the kernel; returns the output with its guards.
std::vector<float> RunDepthwise(const DepthwiseCase& c, const ConvGeometry& g,
                                const std::vector<float>& in, const std::vector<float>& w,
                                const float* bias, const Activation& activation, int threads,
                                bool use_avx2, DepthwiseKernel kernel) {
  std::vector<float> out(c.images * c.channels * g.out_h * g.out_w + 2 * kGuard, kGuardValue);
  ThreadPool pool(threads);
  kernel(in.data(), c.images, c.channels, g, w.data(), bias, activation, out.data() + kGuard, pool,
         use_avx2);
  return out;
}

class DepthwiseConvTest : public ::testing::TestWithParam<DepthwiseCase> {};

TEST_P(DepthwiseConvTest, MatchesTapByTapSumsForEveryThreadCountAndActivation) {
  const DepthwiseCase& c = GetParam();
  const ConvGeometry g = Geometry(c);
  ASSERT_GE(g.out_h, 1);
  ASSERT_GE(g.out_w, 1);
  std::mt19937 random(static_cast<uint32_t>(c.in_h * 131 + c.in_w));
  const std::vector<float> in = RandomValues(c.images * c.channels * c.in_h * c.in_w, random);
  const std::vector<float> w = RandomValues(c.channels * c.kernel_h * c.kernel_w, random);
  const std::vector<float> bias = RandomValues(c.channels, random);
  std::vector<double> expected, magnitude;
  NaiveDepthwise(c, g, in, w, bias, expected, magnitude);

  Activation clip;
  clip.kind = Activation::kClip;
  clip.min = -0.5f;
  clip.max = 0.75f;
  Activation relu, leaky, sigmoid, silu;
  relu.kind = Activation::kRelu;
  leaky.kind = Activation::kLeakyRelu;
  leaky.alpha = 0.1f;
  sigmoid.kind = Activation::kSigmoid;
  silu.kind = Activation::kSilu;
  const Activation activations[] = {Activation(), relu, clip, leaky, sigmoid, silu};

  const double taps = static_cast<double>(c.kernel_h * c.kernel_w);
  std::vector<bool> instruction_sets = {false};
  if (HasAvx2()) instruction_sets.push_back(true);
  for (const NamedKernel& kernel : kKernels) {
    for (bool use_avx2 : instruction_sets) {
      for (const Activation& activation : activations) {
        const std::string where = std::string(" (") + kernel.name + ", avx2 " +
                                  std::to_string(use_avx2) + ", activation " +
                                  std::to_string(activation.kind) + ")";
        const std::vector<float> one =
            RunDepthwise(c, g, in, w, bias.data(), activation, 1, use_avx2, kernel.run);
        for (int64_t i = 0; i < kGuard; ++i) {
          ASSERT_EQ(one[i], kGuardValue) << "wrote before the output" << where;
          ASSERT_EQ(one[one.size() - 1 - i], kGuardValue) << "wrote past the output" << where;
        }
        for (size_t i = 0; i < expected.size(); ++i) {
          const float want = Activate(activation, static_cast<float>(expected[i]));
          // The float sum's rounding bound (SiLU's slope reaches 1.1; the others', 1), and the
          // vector exp's error against the scalar one.
          ASSERT_NEAR(one[kGuard + i], want,
                      1.1 * kEpsilon * (taps + 1) * magnitude[i] + 1e-6 * std::fabs(want) + 1e-30)
              << "output " << i << where;
        }
        for (int threads : {2, 3}) {
          const std::vector<float> many =
              RunDepthwise(c, g, in, w, bias.data(), activation, threads, use_avx2, kernel.run);
          ASSERT_EQ(0, std::memcmp(one.data(), many.data(), one.size() * sizeof(float)))
              << threads << " threads differ from 1" << where;
        }
      }
    }
  }
}

TEST(DepthwiseConvTest, NoBiasIsZeroBias) {
  const DepthwiseCase c = {"no_bias", 1, 3, 9, 10, 3, 3, Params(1, 1, 1, 1, 1, 1)};
  const ConvGeometry g = Geometry(c);
  std::mt19937 random(3);
  const std::vector<float> in = RandomValues(3 * 9 * 10, random), w = RandomValues(27, random);
  const std::vector<float> zeros(3, 0.0f);
  for (const NamedKernel& kernel : kKernels) {
    for (bool use_avx2 : {false, HasAvx2()}) {
      EXPECT_EQ(RunDepthwise(c, g, in, w, nullptr, Activation(), 1, use_avx2, kernel.run),
                RunDepthwise(c, g, in, w, zeros.data(), Activation(), 1, use_avx2, kernel.run))
          << kernel.name;
    }
  }
}

// Many planes (the work is large enough to split over threads) of awkward shapes for the
// specialised 3x3 and 5x5 kernels, the general one and the stride phases.
INSTANTIATE_TEST_SUITE_P(
    Shapes, DepthwiseConvTest,
    ::testing::Values(
        DepthwiseCase{"mobilenet_s1", 1, 24, 28, 28, 3, 3, Params(1, 1, 1, 1, 1, 1)},
        DepthwiseCase{"mobilenet_s2", 1, 24, 28, 28, 3, 3, Params(2, 2, 1, 1, 1, 1)},
        DepthwiseCase{"odd_width_s2", 2, 13, 15, 21, 3, 3, Params(2, 2, 1, 1, 1, 1)},
        DepthwiseCase{"width_7", 1, 40, 7, 7, 3, 3, Params(1, 1, 1, 1, 1, 1)},
        DepthwiseCase{"out_w_1", 1, 40, 9, 1, 3, 3, Params(1, 1, 1, 1, 1, 1)},
        DepthwiseCase{"width_13", 3, 11, 12, 13, 3, 3, Params(1, 1, 1, 1, 1, 1)},
        DepthwiseCase{"unpadded", 1, 30, 17, 18, 3, 3, Params(1, 1, 0, 0, 0, 0)},
        DepthwiseCase{"5x5_s1", 1, 17, 20, 20, 5, 5, Params(1, 1, 2, 2, 2, 2)},
        DepthwiseCase{"5x5_s2", 1, 17, 21, 19, 5, 5, Params(2, 2, 2, 2, 2, 2)},
        DepthwiseCase{"5x5_width_6", 1, 30, 10, 6, 5, 5, Params(1, 1, 2, 2, 2, 2)},
        DepthwiseCase{"dilated_3x3", 1, 20, 16, 17, 3, 3, Params(1, 1, 2, 2, 2, 2, 2, 2)},
        DepthwiseCase{"dilated_s2", 1, 20, 16, 23, 3, 3, Params(2, 2, 2, 3, 1, 2, 2, 3)},
        DepthwiseCase{"pad_over_kernel", 1, 25, 6, 5, 3, 3, Params(1, 1, 4, 5, 3, 6)},
        DepthwiseCase{"pad_over_kernel_s2", 1, 25, 6, 9, 5, 5, Params(2, 2, 6, 7, 5, 6)},
        DepthwiseCase{"uneven_pads", 1, 19, 11, 12, 3, 3, Params(1, 2, 0, 2, 1, 0)},
        DepthwiseCase{"stride_3", 1, 21, 19, 26, 3, 3, Params(3, 3, 1, 1, 1, 1)},
        DepthwiseCase{"stride_4_5x5", 1, 21, 19, 26, 5, 5, Params(4, 4, 2, 2, 2, 2)},
        DepthwiseCase{"1x7", 1, 30, 8, 20, 1, 7, Params(1, 1, 0, 3, 0, 3)},
        DepthwiseCase{"7x1_s2", 1, 30, 20, 8, 7, 1, Params(2, 2, 3, 0, 3, 0)},
        DepthwiseCase{"2x4_s2_dilated", 2, 9, 14, 15, 2, 4, Params(2, 2, 1, 1, 0, 2, 3, 2)},
        DepthwiseCase{"1x1_s2", 1, 40, 9, 11, 1, 1, Params(2, 2, 0, 0, 0, 0)},
        DepthwiseCase{"kernel_over_input", 1, 30, 3, 4, 5, 5, Params(1, 1, 2, 2, 2, 2)},
        DepthwiseCase{"unused_columns", 1, 30, 10, 20, 3, 3, Params(1, 4, 0, 0, 0, 0)},
        DepthwiseCase{"large_plane_s1", 1, 10, 40, 41, 3, 3, Params(1, 1, 1, 1, 1, 1)},
        DepthwiseCase{"large_plane_s2", 2, 5, 61, 60, 3, 3, Params(2, 2, 1, 1, 1, 1)}),
    [](const ::testing::TestParamInfo<DepthwiseCase>& info) { return info.param.name; });

}  // namespace
}  // namespace sentio::cnn::cpu
