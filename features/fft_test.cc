#include "features/fft.h"

#include <cmath>
#include <complex>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

TEST(RealFftTest, RejectsOddAndTinySizes) {
  EXPECT_FALSE(RealFft::Create(0).ok());
  EXPECT_FALSE(RealFft::Create(7).ok());
  EXPECT_THAT(std::string(RealFft::Create(-4).status().message()), testing::HasSubstr("even"));
  EXPECT_TRUE(RealFft::Create(2).ok());
}

TEST(RealFftTest, CosineLandsInOneBin) {
  const int n = 64;
  const int bin = 5;
  std::vector<float> x(n);
  for (int i = 0; i < n; ++i) x[i] = std::cos(2 * M_PI * bin * i / n);
  auto fft = RealFft::Create(n);
  ASSERT_TRUE(fft.ok());
  std::vector<float> power(fft->num_bins());
  fft->PowerSpectrum(x, absl::MakeSpan(power));
  for (int k = 0; k < fft->num_bins(); ++k) {
    // A unit cosine of n samples puts amplitude n / 2 in its bin: power n^2 / 4.
    EXPECT_NEAR(power[k], k == bin ? n * n / 4.0 : 0.0, 1e-3) << "bin " << k;
  }
}

TEST(RealFftTest, TransformMatchesDirectDftForNonPowerOfTwo) {
  const int n = 30;
  std::vector<float> x(n);
  for (int i = 0; i < n; ++i) x[i] = std::sin(0.37 * i * i) + 0.1f * i;
  auto fft = RealFft::Create(n);
  ASSERT_TRUE(fft.ok());
  std::vector<std::complex<float>> spectrum(fft->num_bins());
  fft->Transform(x, absl::MakeSpan(spectrum));
  for (int k = 0; k <= n / 2; ++k) {
    std::complex<double> direct = 0;
    for (int i = 0; i < n; ++i) direct += double(x[i]) * std::polar(1.0, -2 * M_PI * k * i / n);
    EXPECT_NEAR(spectrum[k].real(), direct.real(), 1e-4) << "bin " << k;
    EXPECT_NEAR(spectrum[k].imag(), direct.imag(), 1e-4) << "bin " << k;
  }
}

TEST(RealFftTest, ParsevalHolds) {
  const int n = 256;
  std::vector<float> x(n);
  double time_energy = 0;
  for (int i = 0; i < n; ++i) {
    x[i] = std::sin(0.1 * i) + 0.5f * std::cos(1.3 * i + 0.2) + ((i * 7919) % 13) / 13.0f;
    time_energy += double(x[i]) * x[i];
  }
  auto fft = RealFft::Create(n);
  ASSERT_TRUE(fft.ok());
  std::vector<float> power(fft->num_bins());
  fft->PowerSpectrum(x, absl::MakeSpan(power));
  // The bins strictly between DC and Nyquist stand for their negative-frequency twins too.
  double spectral_energy = power[0] + power[n / 2];
  for (int k = 1; k < n / 2; ++k) spectral_energy += 2.0 * power[k];
  EXPECT_NEAR(spectral_energy / n, time_energy, 1e-4 * time_energy);
}

TEST(RealFftTest, MagnitudeIsSquareRootOfPower) {
  const int n = 16;
  std::vector<float> x = {1, -2, 3, 0.5f, 0, 0, 7, 1, -1, 2, 2, 2, -3, 0, 1, 4};
  auto fft = RealFft::Create(n);
  ASSERT_TRUE(fft.ok());
  std::vector<float> power(fft->num_bins()), magnitude(fft->num_bins());
  fft->PowerSpectrum(x, absl::MakeSpan(power));
  fft->MagnitudeSpectrum(x, absl::MakeSpan(magnitude));
  float sum = 0;
  for (float v : x) sum += v;
  EXPECT_NEAR(magnitude[0], std::abs(sum), 1e-5);  // DC is the sum of the samples
  for (int k = 0; k < fft->num_bins(); ++k) {
    EXPECT_NEAR(magnitude[k] * magnitude[k], power[k], 1e-3 * (1 + power[k])) << "bin " << k;
  }
}

TEST(RealFftTest, PlanIsReusableAndMovable) {
  auto created = RealFft::Create(8);
  ASSERT_TRUE(created.ok());
  RealFft fft = std::move(*created);
  std::vector<float> impulse = {1, 0, 0, 0, 0, 0, 0, 0};
  std::vector<float> power(fft.num_bins());
  for (int round = 0; round < 3; ++round) {
    fft.PowerSpectrum(impulse, absl::MakeSpan(power));
    for (float p : power) EXPECT_FLOAT_EQ(p, 1.0f);  // an impulse has a flat spectrum
  }
}

}  // namespace
}  // namespace sentio
