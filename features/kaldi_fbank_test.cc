#include "features/kaldi_fbank.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const KaldiMelOptions& options, double rate, int fft_size) {
  return std::string(KaldiMelBanks::Create(options, rate, fft_size).status().message());
}

TEST(KaldiMelBanksTest, RejectsRangesOutsideNyquistAndTooFewBins) {
  KaldiMelOptions options;
  options.high_freq = 4500;  // Nyquist is 4000 at 8 kHz
  EXPECT_THAT(ErrorOf(options, 8000, 256), HasSubstr("not within 0 to Nyquist (4000 Hz)"));
  options = KaldiMelOptions();
  options.low_freq = 4000;
  EXPECT_THAT(ErrorOf(options, 8000, 256), HasSubstr("low_freq=4000"));
  options = KaldiMelOptions();
  options.high_freq = -4100;  // an offset below zero Hz
  EXPECT_THAT(ErrorOf(options, 8000, 256), HasSubstr("high_freq=-4100"));
  options = KaldiMelOptions();
  options.low_freq = 2000;
  options.high_freq = 1000;
  EXPECT_THAT(ErrorOf(options, 8000, 256), HasSubstr("low < high"));
  options = KaldiMelOptions();
  options.num_bins = 2;
  EXPECT_THAT(ErrorOf(options, 8000, 256), HasSubstr("at least 3 mel bins"));
  options = KaldiMelOptions();
  options.num_bins = 200;
  EXPECT_THAT(ErrorOf(options, 8000, 256), HasSubstr("covers no FFT bin"));
}

TEST(KaldiMelBanksTest, CentresAreEquallySpacedInMel) {
  KaldiMelOptions options;
  options.high_freq = -400;  // 20 .. 3600 Hz
  auto banks = KaldiMelBanks::Create(options, 8000, 256);
  ASSERT_TRUE(banks.ok()) << banks.status();
  ASSERT_EQ(banks->num_bins(), 23);
  auto mel = [](double hz) { return 1127.0 * std::log(1.0 + hz / 700.0); };
  const double delta = (mel(3600) - mel(20)) / 24;
  for (int b = 0; b < 23; ++b) {
    EXPECT_NEAR(mel(banks->center_frequencies()[b]), mel(20) + (b + 1) * delta, 1e-2) << b;
  }
}

TEST(KaldiMelBanksTest, FiltersAreTrianglesOfHeightAtMostOne) {
  auto banks = KaldiMelBanks::Create(KaldiMelOptions(), 16000, 512);
  ASSERT_TRUE(banks.ok());
  // A flat spectrum measures each filter's total weight; a spectrum that is 1 at one bin only
  // measures each filter's weight there, which is in [0, 1) and non-zero for at most two filters.
  std::vector<float> energies(23);
  for (int bin = 0; bin < 256; bin += 5) {
    std::vector<float> spike(257, 0.0f);
    spike[bin] = 1.0f;
    banks->Compute(spike, absl::MakeSpan(energies));
    int nonzero = 0;
    for (float e : energies) {
      EXPECT_GE(e, 0.0f);
      EXPECT_LT(e, 1.0f);
      nonzero += e > 0;
    }
    EXPECT_LE(nonzero, 2) << "bin " << bin;
  }
  std::vector<float> nyquist_only(257, 0.0f);
  nyquist_only[256] = 1e6f;  // Kaldi's filters leave the Nyquist bin out
  banks->Compute(nyquist_only, absl::MakeSpan(energies));
  for (float e : energies) EXPECT_EQ(e, 0.0f);
}

// Kaldi's triangular filter b at FFT bin i (mel-computations.cc, in float), written out directly.
float KaldiWeight(const KaldiMelOptions& options, double rate, int fft_size, int b, int i) {
  auto mel = [](float hz) { return 1127.0f * std::log(1.0f + hz / 700.0f); };
  const float high = options.high_freq > 0 ? options.high_freq : rate / 2 + options.high_freq;
  const float mel_low = mel(options.low_freq), mel_high = mel(high);
  const float delta = (mel_high - mel_low) / (options.num_bins + 1);
  const float left = mel_low + b * delta, center = mel_low + (b + 1) * delta,
              right = mel_low + (b + 2) * delta;
  const float m = mel(static_cast<float>(rate / fft_size) * i);
  if (i >= fft_size / 2 || m <= left || m >= right) return 0.0f;
  return m <= center ? (m - left) / (center - left) : (right - m) / (right - center);
}

TEST(KaldiMelBanksTest, MatchesKaldisFiltersForSmallAndLargeFfts) {
  // Tiny FFTs make the filters' padded windows longer than the spectrum; large ones put the last
  // windows against its end.
  for (const int fft_size : {8, 16, 32, 64, 512, 1024}) {
    KaldiMelOptions options;
    options.num_bins = fft_size < 128 ? 3 : 23;
    options.low_freq = fft_size == 8 ? 1000 : 0;  // so that each of the 3 filters covers a bin
    auto banks = KaldiMelBanks::Create(options, 16000, fft_size);
    ASSERT_TRUE(banks.ok()) << fft_size << ": " << banks.status();
    std::vector<float> spectrum(fft_size / 2 + 1);
    for (size_t i = 0; i < spectrum.size(); ++i) spectrum[i] = 1.0f + (i * 37 % 11);
    std::vector<float> energies(options.num_bins);
    banks->Compute(spectrum, absl::MakeSpan(energies));
    for (int b = 0; b < options.num_bins; ++b) {
      double expected = 0;
      for (int i = 0; i <= fft_size / 2; ++i) {
        expected += double{KaldiWeight(options, 16000, fft_size, b, i)} * spectrum[i];
      }
      EXPECT_NEAR(energies[b], expected, 1e-5 * expected) << "FFT " << fft_size << " bin " << b;
    }
  }
}

TEST(KaldiMelBanksTest, AnInfiniteBinOnlyReachesTheFiltersThatCoverIt) {
  // Each filter is summed over a zero-padded window of the spectrum; 0 * inf there must not turn
  // a neighbouring filter's energy into NaN.
  const KaldiMelOptions options;
  auto banks = KaldiMelBanks::Create(options, 16000, 512);
  ASSERT_TRUE(banks.ok());
  std::vector<float> flat(257, 1.0f), flat_energies(23), energies(23);
  banks->Compute(flat, absl::MakeSpan(flat_energies));
  for (int bin = 0; bin < 257; ++bin) {
    std::vector<float> spectrum = flat;
    spectrum[bin] = std::numeric_limits<float>::infinity();
    banks->Compute(spectrum, absl::MakeSpan(energies));
    for (int b = 0; b < 23; ++b) {
      if (KaldiWeight(options, 16000, 512, b, bin) > 0) {
        EXPECT_EQ(energies[b], std::numeric_limits<float>::infinity()) << bin << " " << b;
      } else {
        EXPECT_FLOAT_EQ(energies[b], flat_energies[b]) << "bin " << bin << " filter " << b;
      }
    }
  }
}

std::vector<float> Tone(double hz, double rate, int n, double amplitude) {
  std::vector<float> samples(n);
  for (int i = 0; i < n; ++i) samples[i] = amplitude * std::sin(2 * M_PI * hz * i / rate);
  return samples;
}

TEST(KaldiFbankTest, ToneEnergyPeaksInTheFilterCentredNearIt) {
  auto fbank = KaldiFbank::Create(KaldiFbankOptions(), 16000);
  ASSERT_TRUE(fbank.ok()) << fbank.status();
  EXPECT_EQ(fbank->dim(), 23);
  auto features = fbank->Compute(Tone(1000, 16000, 16000, 10000));
  ASSERT_TRUE(features.ok());
  EXPECT_EQ(features->size(), 98u);  // 1 + (16000 - 400) / 160
  auto banks = KaldiMelBanks::Create(KaldiMelOptions(), 16000, 512);
  const std::vector<float>& centres = banks->center_frequencies();
  const int closest =
      std::min_element(centres.begin(), centres.end(),
                       [](float a, float b) { return std::abs(a - 1000) < std::abs(b - 1000); }) -
      centres.begin();
  for (const std::vector<float>& frame : *features) {
    EXPECT_EQ(std::max_element(frame.begin(), frame.end()) - frame.begin(), closest);
  }
}

TEST(KaldiFbankTest, SilenceIsTheLogOfFloatEpsilon) {
  KaldiFbankOptions options;
  options.use_energy = true;
  auto fbank = KaldiFbank::Create(options, 8000);
  ASSERT_TRUE(fbank.ok());
  EXPECT_EQ(fbank->dim(), 24);
  auto features = fbank->Compute(std::vector<float>(1000, 0.0f));
  ASSERT_TRUE(features.ok());
  ASSERT_EQ(features->size(), 11u);
  for (float v : (*features)[0])
    EXPECT_FLOAT_EQ(v, std::log(std::numeric_limits<float>::epsilon()));
}

TEST(KaldiFbankTest, RawEnergyComesFirstAndIgnoresDcOffset) {
  KaldiFbankOptions options;
  options.use_energy = true;
  auto fbank = KaldiFbank::Create(options, 8000);
  ASSERT_TRUE(fbank.ok());
  std::vector<float> samples = Tone(440, 8000, 200, 1000);
  for (float& v : samples) v += 5000;  // a DC offset that the energy must not see
  auto features = fbank->Compute(samples);
  ASSERT_TRUE(features.ok());
  ASSERT_EQ(features->size(), 1u);
  double mean = 0, energy = 0;
  for (float v : samples) mean += v / 200.0;
  for (float v : samples) energy += (v - mean) * (v - mean);
  EXPECT_NEAR((*features)[0][0], std::log(energy), 1e-4);
}

TEST(KaldiFbankTest, RejectsBadInput) {
  auto fbank = KaldiFbank::Create(KaldiFbankOptions(), 8000);
  ASSERT_TRUE(fbank.ok());
  std::vector<float> samples(400, 1.0f);
  samples[123] = NAN;
  EXPECT_THAT(std::string(fbank->Compute(samples).status().message()), HasSubstr("sample 123"));
  auto empty = fbank->Compute({});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  auto too_short = fbank->Compute(std::vector<float>(199, 1.0f));
  ASSERT_TRUE(too_short.ok());
  EXPECT_TRUE(too_short->empty());
  KaldiFbankOptions beyond_nyquist;
  beyond_nyquist.mel.high_freq = 8000;
  EXPECT_THAT(std::string(KaldiFbank::Create(beyond_nyquist, 8000).status().message()),
              HasSubstr("Nyquist"));
}

}  // namespace
}  // namespace sentio
