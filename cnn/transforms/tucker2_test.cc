#include "cnn/transforms/tucker2.h"

#include <cmath>
#include <random>

#include "gtest/gtest.h"

namespace sentio::cnn::transforms {
namespace {

ConvWeights RandomWeights(int64_t out, int64_t in, int64_t kernel, unsigned seed) {
  std::mt19937 random(seed);
  std::normal_distribution<double> normal;
  ConvWeights w{out, in, kernel, {}};
  w.values.resize(out * in * kernel);
  for (double& v : w.values) v = normal(random);
  return w;
}

// Weights of exact multilinear ranks (r1, r2): a random core between random factors.
ConvWeights LowRankWeights(int64_t out, int64_t in, int64_t kernel, int64_t r1, int64_t r2) {
  Tucker2Factors factors;
  factors.core = RandomWeights(r2, r1, kernel, 7).values;
  const ConvWeights u_in = RandomWeights(in, r1, 1, 8);
  const ConvWeights u_out = RandomWeights(out, r2, 1, 9);
  factors.input_factor =
      Eigen::Map<const Eigen::Matrix<double, -1, -1, Eigen::RowMajor>>(u_in.values.data(), in, r1);
  factors.output_factor = Eigen::Map<const Eigen::Matrix<double, -1, -1, Eigen::RowMajor>>(
      u_out.values.data(), out, r2);
  return ConvWeights{out, in, kernel, ReconstructTucker2(factors, kernel)};
}

double RelativeDistance(const std::vector<double>& a, const std::vector<double>& b) {
  double diff = 0, norm = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff += (a[i] - b[i]) * (a[i] - b[i]);
    norm += a[i] * a[i];
  }
  return std::sqrt(diff / norm);
}

TEST(Tucker2Test, UnfoldingsHoldEveryWeightOnce) {
  const ConvWeights w = RandomWeights(3, 2, 4, 1);
  const Eigen::MatrixXd out = OutputUnfolding(w);
  const Eigen::MatrixXd in = InputUnfolding(w);
  ASSERT_EQ(out.rows(), 3);
  ASSERT_EQ(out.cols(), 8);
  ASSERT_EQ(in.rows(), 2);
  ASSERT_EQ(in.cols(), 12);
  for (int s = 0; s < 3; ++s) {
    for (int c = 0; c < 2; ++c) {
      for (int p = 0; p < 4; ++p) {
        const double value = w.values[(s * 2 + c) * 4 + p];
        EXPECT_EQ(out(s, c * 4 + p), value);
        EXPECT_EQ(in(c, s * 4 + p), value);
      }
    }
  }
}

TEST(Tucker2Test, ExactLowRankWeightsAreRecovered) {
  const ConvWeights w = LowRankWeights(12, 10, 9, 3, 4);
  const Tucker2Factors factors = FactorizeTucker2(w, {3, 4});
  EXPECT_LT(factors.relative_error, 1e-7);
  EXPECT_LT(RelativeDistance(w.values, ReconstructTucker2(factors, 9)), 1e-7);
  ASSERT_EQ(factors.core.size(), 4u * 3 * 9);
  // Orthonormal factors.
  EXPECT_TRUE((factors.input_factor.transpose() * factors.input_factor)
                  .isApprox(Eigen::MatrixXd::Identity(3, 3), 1e-10));
  EXPECT_TRUE((factors.output_factor.transpose() * factors.output_factor)
                  .isApprox(Eigen::MatrixXd::Identity(4, 4), 1e-10));
}

TEST(Tucker2Test, ReportedErrorIsTheReconstructionErrorAndFallsWithRank) {
  const ConvWeights w = RandomWeights(16, 12, 9, 2);
  double previous = 1;
  for (int64_t rank : {2, 4, 8, 12}) {
    const Tucker2Factors factors = FactorizeTucker2(w, {rank, rank});
    const double measured = RelativeDistance(w.values, ReconstructTucker2(factors, 9));
    EXPECT_NEAR(factors.relative_error, measured, 1e-9) << "rank " << rank;
    EXPECT_LT(measured, previous) << "rank " << rank;
    previous = measured;
  }
  // Full ranks: identity factors and an exact core.
  const Tucker2Factors full = FactorizeTucker2(w, {12, 16});
  EXPECT_TRUE(full.input_factor.isIdentity());
  EXPECT_TRUE(full.output_factor.isIdentity());
  EXPECT_LT(RelativeDistance(w.values, ReconstructTucker2(full, 9)), 1e-12);
}

TEST(Tucker2Test, OneFullModeLeavesAnIdentityFactor) {
  const ConvWeights w = LowRankWeights(8, 3, 25, 3, 2);
  const Tucker2Factors factors = FactorizeTucker2(w, {3, 2});
  EXPECT_TRUE(factors.input_factor.isIdentity());
  EXPECT_EQ(factors.output_factor.cols(), 2);
  EXPECT_LT(factors.relative_error, 1e-7);
}

}  // namespace
}  // namespace sentio::cnn::transforms
