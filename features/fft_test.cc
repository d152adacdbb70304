#include "features/fft.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
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

// Deterministic input in [-1, 1) from a 31-bit linear congruential generator.
std::vector<float> PseudoRandom(int n) {
  std::vector<float> x(n);
  uint32_t state = 12345;
  for (float& v : x) {
    state = (state * 1103515245u + 12345u) & 0x7FFFFFFFu;
    v = static_cast<float>(state) / (1u << 30) - 1.0f;
  }
  return x;
}

std::vector<std::complex<double>> DirectDft(const std::vector<float>& x) {
  const int n = x.size();
  std::vector<std::complex<double>> bins(n / 2 + 1);
  for (int k = 0; k <= n / 2; ++k) {
    for (int i = 0; i < n; ++i) {
      // k * i mod n keeps the angle small, so the reference itself stays accurate.
      bins[k] += double{x[i]} * std::polar(1.0, -2 * M_PI * ((int64_t{k} * i) % n) / n);
    }
  }
  return bins;
}

// Every size class of the split: size / 2 odd or even, with or without a pair of bins (2, 4),
// powers of two and not (6, 10, 30, 400, 1000), and the MFCC's 512.
class RealFftSizeTest : public testing::TestWithParam<int> {};

TEST_P(RealFftSizeTest, MatchesDirectDft) {
  const int n = GetParam();
  const std::vector<float> x = PseudoRandom(n);
  const std::vector<std::complex<double>> direct = DirectDft(x);
  double largest = 0;
  for (const auto& bin : direct) largest = std::max(largest, std::abs(bin));
  const double tolerance = 1e-5 * (1 + largest);

  auto fft = RealFft::Create(n);
  ASSERT_TRUE(fft.ok()) << fft.status();
  ASSERT_EQ(fft->num_bins(), n / 2 + 1);
  std::vector<std::complex<float>> spectrum(fft->num_bins());
  std::vector<float> power(fft->num_bins()), magnitude(fft->num_bins());
  fft->Transform(x, absl::MakeSpan(spectrum));
  fft->PowerSpectrum(x, absl::MakeSpan(power));
  fft->MagnitudeSpectrum(x, absl::MakeSpan(magnitude));
  for (int k = 0; k <= n / 2; ++k) {
    EXPECT_NEAR(spectrum[k].real(), direct[k].real(), tolerance) << "size " << n << " bin " << k;
    EXPECT_NEAR(spectrum[k].imag(), direct[k].imag(), tolerance) << "size " << n << " bin " << k;
    EXPECT_NEAR(magnitude[k], std::abs(direct[k]), tolerance) << "size " << n << " bin " << k;
    // The power is re^2 + im^2 of the same bins, to float rounding.
    const double norm = std::norm(std::complex<double>(spectrum[k]));
    EXPECT_NEAR(power[k], norm, 1e-6 * (1 + norm)) << "size " << n << " bin " << k;
  }
  // DC and Nyquist of a real signal are real.
  EXPECT_EQ(spectrum[0].imag(), 0.0f);
  EXPECT_EQ(spectrum[n / 2].imag(), 0.0f);
}

INSTANTIATE_TEST_SUITE_P(EvenSizes, RealFftSizeTest,
                         testing::Values(2, 4, 6, 8, 10, 30, 64, 400, 512, 1000, 4096));

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
