#include "features/kaldi_mfcc.h"

#include <cmath>
#include <limits>
#include <vector>

#include "features/kaldi_fbank.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::vector<float> Chirp(int n, double rate) {
  std::vector<float> samples(n);
  for (int i = 0; i < n; ++i) {
    const double t = i / rate;
    samples[i] = 8000 * std::sin(2 * M_PI * (200 + 1500 * t) * t) + 300 * std::cos(0.7 * i * i);
  }
  return samples;
}

TEST(KaldiMfccTest, DefaultsGiveThirteenCepstraPerFrame) {
  auto mfcc = KaldiMfcc::Create(KaldiMfccOptions(), 16000);
  ASSERT_TRUE(mfcc.ok()) << mfcc.status();
  EXPECT_EQ(mfcc->dim(), 13);
  auto features = mfcc->Compute(Chirp(16000, 16000));
  ASSERT_TRUE(features.ok());
  EXPECT_EQ(features->size(), 98u);
  for (const auto& frame : *features) EXPECT_EQ(frame.size(), 13u);
}

// MFCC = lifter(k) * sum_n dct(k, n) * log mel(n), with c0 replaced by the raw log energy; the
// log mel energies come from KaldiFbank, the DCT and lifter are written out here.
TEST(KaldiMfccTest, IsTheLiftedOrthonormalDctOfTheLogMelEnergies) {
  KaldiMfccOptions options;
  options.num_ceps = 10;
  options.mel.num_bins = 15;
  options.cepstral_lifter = 18;
  auto mfcc = KaldiMfcc::Create(options, 8000);
  ASSERT_TRUE(mfcc.ok()) << mfcc.status();
  KaldiFbankOptions fbank_options;
  fbank_options.mel = options.mel;
  fbank_options.use_energy = true;  // raw energy in column 0, log mel energies after it
  auto fbank = KaldiFbank::Create(fbank_options, 8000);
  ASSERT_TRUE(fbank.ok());
  const std::vector<float> samples = Chirp(4000, 8000);
  auto cepstra = mfcc->Compute(samples);
  auto log_mel = fbank->Compute(samples);
  ASSERT_TRUE(cepstra.ok() && log_mel.ok());
  ASSERT_EQ(cepstra->size(), log_mel->size());
  const int bins = 15;
  for (size_t f = 0; f < cepstra->size(); ++f) {
    EXPECT_FLOAT_EQ((*cepstra)[f][0], (*log_mel)[f][0]) << "frame " << f;
    for (int k = 1; k < 10; ++k) {
      double c = 0;
      for (int n = 0; n < bins; ++n) {
        c += std::sqrt(2.0 / bins) * std::cos(M_PI * k * (n + 0.5) / bins) * (*log_mel)[f][n + 1];
      }
      c *= 1 + 9 * std::sin(M_PI * k / 18);
      EXPECT_NEAR((*cepstra)[f][k], c, 1e-4 * (1 + std::abs(c))) << "frame " << f << " c" << k;
    }
  }
}

TEST(KaldiMfccTest, SilenceWithoutEnergyIsAScaledConstantCepstrum) {
  // Every log mel energy is log(FLT_EPSILON), so c0 = sqrt(23) log(FLT_EPSILON), the rest 0.
  KaldiMfccOptions options;
  options.use_energy = false;
  auto mfcc = KaldiMfcc::Create(options, 8000);
  ASSERT_TRUE(mfcc.ok());
  auto features = mfcc->Compute(std::vector<float>(400, 0.0f));
  ASSERT_TRUE(features.ok());
  ASSERT_EQ(features->size(), 3u);
  const double floor = std::log(std::numeric_limits<float>::epsilon());
  EXPECT_NEAR((*features)[0][0], std::sqrt(23.0) * floor, 1e-4);
  for (int k = 1; k < 13; ++k) EXPECT_NEAR((*features)[0][k], 0.0, 1e-4) << k;
}

TEST(KaldiMfccTest, EnergyAfterWindowDiffersFromRawEnergy) {
  KaldiMfccOptions raw;
  KaldiMfccOptions windowed;
  windowed.raw_energy = false;
  auto raw_mfcc = KaldiMfcc::Create(raw, 8000);
  auto windowed_mfcc = KaldiMfcc::Create(windowed, 8000);
  ASSERT_TRUE(raw_mfcc.ok() && windowed_mfcc.ok());
  const std::vector<float> samples = Chirp(200, 8000);
  auto a = raw_mfcc->Compute(samples);
  auto b = windowed_mfcc->Compute(samples);
  ASSERT_TRUE(a.ok() && b.ok());
  // The Povey window and pre-emphasis lower the energy; the other cepstra are the same.
  EXPECT_LT((*b)[0][0], (*a)[0][0] - 0.1);
  for (int k = 1; k < 13; ++k) EXPECT_EQ((*a)[0][k], (*b)[0][k]);
}

TEST(KaldiMfccTest, RejectsBadOptions) {
  KaldiMfccOptions options;
  options.num_ceps = 24;
  EXPECT_THAT(std::string(KaldiMfcc::Create(options, 8000).status().message()),
              HasSubstr("num_ceps 24 is not between 1 and the number of mel bins (23)"));
  options.num_ceps = 0;
  EXPECT_FALSE(KaldiMfcc::Create(options, 8000).ok());
  options = KaldiMfccOptions();
  options.cepstral_lifter = -1;
  EXPECT_THAT(std::string(KaldiMfcc::Create(options, 8000).status().message()),
              HasSubstr("cepstral lifter"));
  options = KaldiMfccOptions();
  options.mel.low_freq = 5000;
  EXPECT_THAT(std::string(KaldiMfcc::Create(options, 8000).status().message()),
              HasSubstr("Nyquist"));
}

}  // namespace
}  // namespace sentio
