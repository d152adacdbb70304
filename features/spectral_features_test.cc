#include "features/spectral_features.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kPi = 3.14159265358979323846;

// `n` samples at `rate_hz` of offset + sum of amplitude * sin(2 pi f t) over (f, amplitude).
std::vector<double> Tones(int n, double rate_hz, double offset,
                          const std::vector<std::pair<double, double>>& tones) {
  std::vector<double> x(n, offset);
  for (int t = 0; t < n; ++t) {
    for (const auto& [frequency, amplitude] : tones) {
      x[t] += amplitude * std::sin(2 * kPi * frequency * t / rate_hz);
    }
  }
  return x;
}

TEST(SpectralFeaturesTest, PureToneLandsInItsBin) {
  // 200 samples at 20 Hz: bins 0.1 Hz apart, 2 Hz is bin 20. A sine of amplitude 3 has energy
  // n * 9 / 2 = 900 whatever its offset, which the mean removal takes out.
  SpectralOptions options;
  options.bands = {{0, 1.5}, {1.5, 2.5}, {2.5, 10.01}};
  auto f = ComputeSpectralFeatures(Tones(200, 20, 9.8, {{2, 3}}), 20, options);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_DOUBLE_EQ(f->dominant_frequency_hz, 2.0);
  EXPECT_NEAR(f->energy, 900, 900 * 1e-4);
  EXPECT_NEAR(f->centroid_hz, 2.0, 1e-4);
  EXPECT_DOUBLE_EQ(f->rolloff_hz, 2.0);
  EXPECT_LT(f->entropy, 1e-3);
  EXPECT_THAT(f->band_energies,
              ElementsAre(DoubleNear(0, 1e-3), DoubleNear(900, 0.1), DoubleNear(0, 1e-3)));
}

TEST(SpectralFeaturesTest, TwoTonesHandComputed) {
  // 1 Hz amplitude 2 (energy 400) and 4 Hz amplitude 1 (energy 100) over 200 samples at 20 Hz.
  const std::vector<double> x = Tones(200, 20, 0, {{1, 2}, {4, 1}});
  auto f = ComputeSpectralFeatures(x, 20);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_DOUBLE_EQ(f->dominant_frequency_hz, 1.0);
  EXPECT_NEAR(f->energy, 500, 0.05);
  EXPECT_NEAR(f->centroid_hz, (1 * 400 + 4 * 100) / 500.0, 1e-4);
  // 80 % of the energy lies at 1 Hz, so the 85 % roll-off is at 4 Hz and a 75 % one at 1 Hz.
  EXPECT_DOUBLE_EQ(f->rolloff_hz, 4.0);
  SpectralOptions options;
  options.rolloff_fraction = 0.75;
  EXPECT_DOUBLE_EQ(ComputeSpectralFeatures(x, 20, options)->rolloff_hz, 1.0);
  // -(0.8 ln 0.8 + 0.2 ln 0.2) / ln 100.
  EXPECT_NEAR(f->entropy, -(0.8 * std::log(0.8) + 0.2 * std::log(0.2)) / std::log(100.0), 1e-5);
}

TEST(SpectralFeaturesTest, NyquistToneCountsOnce) {
  // +1 -1 ... at 8 Hz is a 4 Hz tone on the Nyquist bin, which is not doubled: energy 8.
  auto f = ComputeSpectralFeatures(std::vector<double>{1, -1, 1, -1, 1, -1, 1, -1}, 8);
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ(f->dominant_frequency_hz, 4.0);
  EXPECT_NEAR(f->energy, 8, 1e-5);
}

TEST(SpectralFeaturesTest, OddLengthKeepsParsevalEnergy) {
  // Nine samples are zero-padded to ten; the energy is still sum (x - mean)^2.
  const std::vector<double> x = {3, -1, 4, 1, -5, 9, 2, -6, 5};
  double mean = 0, sum_of_squares = 0;
  for (double v : x) mean += v / x.size();
  for (double v : x) sum_of_squares += (v - mean) * (v - mean);
  auto f = ComputeSpectralFeatures(x, 10);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_NEAR(f->energy, sum_of_squares, sum_of_squares * 1e-6);
  EXPECT_GT(f->rolloff_hz, 0);
  EXPECT_LE(f->rolloff_hz, 5.0);
}

TEST(SpectralFeaturesTest, WhiteNoiseEntropyIsNearItsMaximum) {
  // The periodogram of white noise is exponentially distributed per bin, so its normalised
  // entropy tends to 1 - (1 - Euler's gamma) / ln K, 0.944 for K = 2048 bins.
  std::mt19937 generator(5);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> noise(4096);
  for (double& v : noise) v = normal(generator);
  auto f = ComputeSpectralFeatures(noise, 100);
  ASSERT_TRUE(f.ok());
  EXPECT_GT(f->entropy, 0.92);
  EXPECT_LT(f->entropy, 0.97);
  EXPECT_NEAR(f->centroid_hz, 25, 2);  // half the 50 Hz Nyquist frequency
}

TEST(SpectralFeaturesTest, ConstantWindowHasNoSpectrum) {
  SpectralOptions options;
  options.bands = {{0, 1}};
  auto f = ComputeSpectralFeatures(std::vector<double>(16, 0.1), 10, options);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->energy, 0);
  EXPECT_THAT(f->band_energies, ElementsAre(0));
  EXPECT_TRUE(std::isnan(f->dominant_frequency_hz));
  EXPECT_TRUE(std::isnan(f->entropy));
  EXPECT_TRUE(std::isnan(f->centroid_hz));
  EXPECT_TRUE(std::isnan(f->rolloff_hz));
}

TEST(SpectralFeaturesTest, BadInputIsAnError) {
  const std::vector<double> ok = {1, 2, 3, 4};
  EXPECT_THAT(ComputeSpectralFeatures(std::vector<double>{1, 2}, 10).status().message(),
              HasSubstr("at least 3 samples, got 2"));
  EXPECT_THAT(
      ComputeSpectralFeatures(std::vector<double>{1, 2, std::nan(""), 4}, 10).status().message(),
      HasSubstr("sample 2 is nan"));
  EXPECT_THAT(ComputeSpectralFeatures(ok, 0).status().message(), HasSubstr("sample rate"));
  EXPECT_FALSE(ComputeSpectralFeatures(ok, std::numeric_limits<double>::infinity()).ok());
  SpectralOptions bad_rolloff;
  bad_rolloff.rolloff_fraction = 1.5;
  EXPECT_THAT(ComputeSpectralFeatures(ok, 10, bad_rolloff).status().message(),
              HasSubstr("roll-off fraction"));
  SpectralOptions bad_band;
  bad_band.bands = {{2, 1}};
  EXPECT_THAT(ComputeSpectralFeatures(ok, 10, bad_band).status().message(),
              HasSubstr("band [2, 1) Hz"));
}

}  // namespace
}  // namespace sentio
