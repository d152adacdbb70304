#include "cnn/cpu/gemm.h"

#include <cmath>
#include <random>
#include <vector>

#include "cnn/cpu/engine_comparison_for_test.h"
#include "cnn/ir/half.h"
#include "gtest/gtest.h"

namespace sentio::cnn::cpu {
namespace {

struct Problem {
  int64_t m, n, k;
  std::vector<float> a, b, bias;  // A row-major m x k, B row-major k x n
};

Problem RandomProblem(int64_t m, int64_t n, int64_t k, uint32_t seed) {
  std::mt19937 random(seed);
  return {
      m, n, k, RandomValues(m * k, random), RandomValues(k * n, random), RandomValues(m, random)};
}

// act(A B + bias) in double precision, row-major m x n.
std::vector<double> Expected(const Problem& p, const Activation& activation, bool with_bias) {
  std::vector<double> c(p.m * p.n);
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) {
      double sum = with_bias ? p.bias[i] : 0.0;
      for (int64_t k = 0; k < p.k; ++k)
        sum += static_cast<double>(p.a[i * p.k + k]) * p.b[k * p.n + j];
      c[i * p.n + j] = Activate(activation, static_cast<float>(sum));
    }
  }
  return c;
}

// The product with `threads` threads; C row-major, or column-major when `transposed_output`; B
// packed, or read in place (MultiplyInPlace) when `b_in_place`.
std::vector<float> Compute(const Problem& p, int threads, GemmKernel kernel,
                           const Activation& activation, bool with_bias, bool transposed_output,
                           bool b_in_place = false) {
  ThreadPool pool(threads);
  GemmContext context(pool, kernel);
  PackedMatrix a;
  a.Pack(p.m, p.k, p.a.data(), p.k, 1);
  std::vector<float> c(p.m * p.n, -7.0f);
  GemmOutput out;
  out.data = c.data();
  out.row_stride = transposed_output ? 1 : p.n;
  out.col_stride = transposed_output ? p.m : 1;
  out.bias = with_bias ? p.bias.data() : nullptr;
  out.activation = activation;
  if (b_in_place) {
    std::vector<int32_t> rows(p.k);
    for (int64_t k = 0; k < p.k; ++k) rows[k] = static_cast<int32_t>(k * p.n);
    MultiplyInPlace(a, p.b.data(), rows.data(), p.n, out, context);
  } else {
    MultiplyPacked(a, StridedOperand(p.b.data(), p.n, 1), p.n, out, context);
  }
  if (!transposed_output) return c;
  std::vector<float> row_major(c.size());
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) row_major[i * p.n + j] = c[j * p.m + i];
  }
  return row_major;
}

double MaxRelativeError(const std::vector<float>& got, const std::vector<double>& expected) {
  double largest = 0, error = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    largest = std::max(largest, std::fabs(expected[i]));
    error = std::max(error, std::fabs(got[i] - expected[i]));
  }
  return largest > 0 ? error / largest : error;
}

std::vector<GemmKernel> Kernels() {
  std::vector<GemmKernel> kernels = {GemmKernel::kPortable};
  if (BestGemmKernel() == GemmKernel::kAvx2Fma) kernels.push_back(GemmKernel::kAvx2Fma);
  return kernels;
}

TEST(GemmTest, OddSizesMatchDoublePrecision) {
  // Edge tiles in both directions, depth over one block (256), columns over one block (1024); one
  // column (the matrix-vector path) with depths over several blocks and not a multiple of 4; half
  // tiles (a last panel of 8 columns or fewer: 24 and 49 columns, 7x7 images).
  const std::vector<std::vector<int64_t>> sizes = {
      {1, 1, 1},      {5, 3, 7},     {6, 16, 1},     {7, 17, 300}, {13, 1, 513},  {1, 33, 40},
      {64, 1100, 27}, {37, 70, 257}, {301, 1, 1003}, {13, 24, 50}, {160, 49, 300}};
  for (GemmKernel kernel : Kernels()) {
    for (const auto& size : sizes) {
      const Problem p = RandomProblem(size[0], size[1], size[2], 1);
      for (bool with_bias : {false, true}) {
        const std::vector<double> expected = Expected(p, Activation(), with_bias);
        for (bool transposed : {false, true}) {
          EXPECT_LT(MaxRelativeError(Compute(p, 1, kernel, Activation(), with_bias, transposed),
                                     expected),
                    1e-5)
              << size[0] << "x" << size[1] << "x" << size[2] << " kernel "
              << static_cast<int>(kernel) << " bias " << with_bias << " transposed " << transposed;
        }
      }
    }
  }
}

TEST(GemmTest, InPlaceProductReadsNothingPastTheRowsOfB) {
  // B exactly k x n floats: a last panel narrower than a tile must be packed, not read past the
  // last row's end (AddressSanitizer builds catch such reads).
  for (GemmKernel kernel : Kernels()) {
    for (const std::vector<int64_t>& size : std::vector<std::vector<int64_t>>{
             {13, 49, 40}, {7, 196, 300}, {16, 24, 5}, {6, 5, 3}, {20, 64, 33}}) {
      const Problem p = RandomProblem(size[0], size[1], size[2], 3);
      for (int threads : {1, 3}) {
        EXPECT_LT(MaxRelativeError(Compute(p, threads, kernel, Activation(), true, false, true),
                                   Expected(p, Activation(), true)),
                  1e-5)
            << size[0] << "x" << size[1] << "x" << size[2] << " threads " << threads;
      }
    }
  }
}

TEST(GemmTest, FusedActivationsMatch) {
  Activation relu, clip, leaky, sigmoid, silu;
  sigmoid.kind = Activation::kSigmoid;
  silu.kind = Activation::kSilu;
  relu.kind = Activation::kRelu;
  clip.kind = Activation::kClip;
  clip.min = -0.5f;
  clip.max = 0.75f;
  leaky.kind = Activation::kLeakyRelu;
  leaky.alpha = 0.1f;
  const Problem p = RandomProblem(19, 45, 600, 2);
  for (GemmKernel kernel : Kernels()) {
    for (const Activation& activation : {relu, clip, leaky, sigmoid, silu}) {
      EXPECT_LT(MaxRelativeError(Compute(p, 2, kernel, activation, true, false),
                                 Expected(p, activation, true)),
                1e-5)
          << "activation " << activation.kind;
    }
  }
}

TEST(GemmTest, IdenticalForAnyThreadCount) {
  Activation relu;
  relu.kind = Activation::kRelu;
  // Shapes that split by rows, by columns, and both (3 threads on a tall and wide product); C's
  // last columns by half tiles and by single columns (7x7 and 14x14 images' 49 and 196+3).
  const std::vector<std::vector<int64_t>> sizes = {{200, 20, 300}, {10, 900, 70},  {100, 300, 260},
                                                   {301, 1, 1003}, {160, 49, 600}, {37, 195, 40}};
  for (const auto& size : sizes) {
    const Problem p = RandomProblem(size[0], size[1], size[2], 3);
    const std::vector<float> one = Compute(p, 1, BestGemmKernel(), relu, true, false);
    for (int threads : {2, 3, 4}) {
      EXPECT_EQ(Compute(p, threads, BestGemmKernel(), relu, true, false), one)
          << threads << " threads, " << size[0] << "x" << size[1] << "x" << size[2];
    }
  }
}

// MultiplyMatrixVector: W = A (m x k) read in place, as given (row-major) or as its transpose
// row-major, x = B's one column; rows and columns around its steps of 4 rows and 64 columns.
// With `half`, W is stored as IEEE halves (MultiplyHalfMatrixVector).
std::vector<float> ComputeMatrixVector(const Problem& p, bool transposed_w, int threads,
                                       GemmKernel kernel, const Activation& activation,
                                       bool half = false) {
  ThreadPool pool(threads);
  GemmContext context(pool, kernel);
  std::vector<float> w = p.a;
  if (transposed_w) {
    for (int64_t i = 0; i < p.m; ++i) {
      for (int64_t k = 0; k < p.k; ++k) w[k * p.m + i] = p.a[i * p.k + k];
    }
  }
  std::vector<float> y(p.m, -7.0f);
  GemmOutput out;
  out.data = y.data();
  out.row_stride = 1;
  out.bias = p.bias.data();
  out.activation = activation;
  const int64_t row_stride = transposed_w ? 1 : p.k, depth_stride = transposed_w ? p.m : 1;
  if (half) {
    std::vector<uint16_t> halves(w.size());
    for (size_t i = 0; i < w.size(); ++i) halves[i] = FloatToHalf(w[i]);
    MultiplyHalfMatrixVector(halves.data(), p.m, p.k, row_stride, depth_stride, p.b.data(), out,
                             context);
  } else {
    MultiplyMatrixVector(w.data(), p.m, p.k, row_stride, depth_stride, p.b.data(), out, context);
  }
  return y;
}

TEST(GemmTest, MatrixVectorWithWeightsAsGivenMatchesDoublePrecision) {
  Activation relu;
  relu.kind = Activation::kRelu;
  for (int64_t m : {1, 3, 4, 5, 63, 64, 65, 130, 301}) {
    for (int64_t k : {1, 7, 16, 17, 300, 1003}) {
      const Problem p = RandomProblem(m, 1, k, 5);
      const std::vector<double> expected = Expected(p, relu, true);
      for (bool transposed_w : {false, true}) {
        for (GemmKernel kernel : Kernels()) {
          const std::vector<float> one = ComputeMatrixVector(p, transposed_w, 1, kernel, relu);
          EXPECT_LT(MaxRelativeError(one, expected), 1e-5)
              << m << "x" << k << " transposed " << transposed_w << " kernel "
              << static_cast<int>(kernel);
          for (int threads : {2, 3}) {
            EXPECT_EQ(ComputeMatrixVector(p, transposed_w, threads, kernel, relu), one)
                << m << "x" << k << ", " << threads << " threads";
          }
        }
      }
    }
  }
}

TEST(GemmTest, HalfMatrixVectorSumsAsTheFloatProductOfTheRoundedWeights) {
  Activation none;
  for (int64_t m : {1, 4, 5, 64, 65, 301}) {
    for (int64_t k : {1, 16, 17, 1003}) {
      Problem p = RandomProblem(m, 1, k, 6);
      Problem rounded = p;
      for (float& w : rounded.a) w = HalfToFloat(FloatToHalf(w));
      for (bool transposed_w : {false, true}) {
        for (GemmKernel kernel : Kernels()) {
          for (int threads : {1, 2}) {
            EXPECT_EQ(ComputeMatrixVector(p, transposed_w, threads, kernel, none, /*half=*/true),
                      ComputeMatrixVector(rounded, transposed_w, threads, kernel, none))
                << m << "x" << k << " transposed " << transposed_w << " kernel "
                << static_cast<int>(kernel) << ", " << threads << " threads";
          }
        }
      }
    }
  }
}

TEST(GemmTest, ZeroDepthGivesTheActivatedBias) {
  Problem p = RandomProblem(3, 4, 0, 4);
  Activation relu;
  relu.kind = Activation::kRelu;
  const std::vector<float> c = Compute(p, 1, BestGemmKernel(), relu, true, false);
  for (int64_t i = 0; i < 3; ++i) {
    for (int64_t j = 0; j < 4; ++j) EXPECT_EQ(c[i * 4 + j], std::max(p.bias[i], 0.0f));
  }
}

}  // namespace
}  // namespace sentio::cnn::cpu
