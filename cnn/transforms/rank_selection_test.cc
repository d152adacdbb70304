#include "cnn/transforms/rank_selection.h"

#include <random>

#include "Eigen/QR"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::transforms {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;

Eigen::MatrixXd Gaussian(int rows, int cols, std::mt19937& random) {
  std::normal_distribution<double> normal;
  Eigen::MatrixXd m(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) m(i, j) = normal(random);
  }
  return m;
}

// A rows x cols matrix of rank `rank` (singular values 10, 9, ...) plus Gaussian noise.
Eigen::MatrixXd LowRankPlusNoise(int rows, int cols, int rank, double noise, unsigned seed) {
  std::mt19937 random(seed);
  auto gaussian = [&](int r, int c) { return Gaussian(r, c, random); };
  const Eigen::HouseholderQR<Eigen::MatrixXd> left(gaussian(rows, rank));
  const Eigen::HouseholderQR<Eigen::MatrixXd> right(gaussian(cols, rank));
  const Eigen::MatrixXd u = left.householderQ() * Eigen::MatrixXd::Identity(rows, rank);
  const Eigen::MatrixXd v = right.householderQ() * Eigen::MatrixXd::Identity(cols, rank);
  Eigen::VectorXd singular(rank);
  for (int h = 0; h < rank; ++h) singular(h) = 10 - h;
  return u * singular.asDiagonal() * v.transpose() + noise * gaussian(rows, cols);
}

TEST(RankSelectionTest, SingularValuesOfAKnownMatrix) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(2, 3);
  m(0, 1) = 3;
  m(1, 0) = -4;
  EXPECT_THAT(SingularValues(m), ElementsAre(DoubleNear(4, 1e-12), DoubleNear(3, 1e-12)));
  EXPECT_THAT(SingularValues(m.transpose()),
              ElementsAre(DoubleNear(4, 1e-12), DoubleNear(3, 1e-12)));
}

TEST(RankSelectionTest, EvbmfRecoversTheRankUnderNoise) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const Eigen::MatrixXd m = LowRankPlusNoise(50, 200, 4, 0.05, seed);
    EXPECT_EQ(EvbmfRank(m), 4) << "seed " << seed;
    EXPECT_EQ(EvbmfRank(m.transpose()), 4) << "seed " << seed;
  }
  // Square, and noise strong enough to bury the weaker components: fewer are kept.
  EXPECT_EQ(EvbmfRank(LowRankPlusNoise(64, 64, 6, 0.05, 4)), 6);
  EXPECT_LT(EvbmfRank(LowRankPlusNoise(64, 64, 6, 1.0, 4)), 6);
}

TEST(RankSelectionTest, EvbmfFindsNothingInPureNoise) {
  for (unsigned seed : {5u, 6u, 7u}) {
    std::mt19937 random(seed);
    EXPECT_EQ(EvbmfRank(Gaussian(40, 120, random)), 0) << "seed " << seed;
    EXPECT_EQ(EvbmfRank(Gaussian(64, 64, random)), 0) << "seed " << seed;
  }
  EXPECT_EQ(EvbmfRank(Eigen::MatrixXd::Zero(5, 7)), 0);
  EXPECT_EQ(EvbmfRank(Eigen::MatrixXd::Ones(1, 30)), 0);  // one row: nothing to tell noise from
}

TEST(RankSelectionTest, EnergyRankKeepsTheAskedShare) {
  const std::vector<double> s = {3, 2, 1};  // energies 9, 4, 1 of 14
  EXPECT_EQ(EnergyRank(s, 9.0 / 14), 1);
  EXPECT_EQ(EnergyRank(s, 0.7), 2);
  EXPECT_EQ(EnergyRank(s, 13.0 / 14), 2);
  EXPECT_EQ(EnergyRank(s, 0.95), 3);
  EXPECT_EQ(EnergyRank(s, 1.0), 3);
  EXPECT_EQ(EnergyRank({0, 0}, 0.5), 1);
}

}  // namespace
}  // namespace sentio::cnn::transforms
