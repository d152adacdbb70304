#include "features/log_mel_spectrogram.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "features/kaldi_fbank.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kRateHz = 16000;

// A chirp-like mix of two tones plus a deterministic ramp, at 16-bit integer scale.
std::vector<float> TestSignal(int n) {
  std::vector<float> samples(n);
  for (int i = 0; i < n; ++i) {
    const double t = i / kRateHz;
    samples[i] = static_cast<float>(8000 * std::sin(2 * M_PI * (300 + 2000 * t) * t) +
                                    2000 * std::sin(2 * M_PI * 2500 * t) + (i % 37) - 18);
  }
  return samples;
}

TEST(LogMelSpectrogramTest, ShapeIsOneByOneByFramesByMelBins) {
  LogMelSpectrogramOptions options;
  options.mel.num_bins = 40;
  auto spectrogram = LogMelSpectrogram::Create(options, kRateHz);
  ASSERT_TRUE(spectrogram.ok()) << spectrogram.status();
  EXPECT_EQ(spectrogram->num_mel_bins(), 40);
  // 0.5 s: 1 + (8000 - 400) / 160 = 48 frames with snip_edges.
  auto tensor = spectrogram->Compute(TestSignal(8000));
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_THAT(tensor->shape, ElementsAre(1, 1, 48, 40));
  EXPECT_EQ(tensor->values.size(), 48u * 40u);
  EXPECT_EQ(tensor->num_frames(), 48);
  EXPECT_EQ(tensor->num_mel_bins(), 40);
}

TEST(LogMelSpectrogramTest, EqualsKaldiFbankWithoutNormalisation) {
  LogMelSpectrogramOptions options;
  options.mel.num_bins = 32;
  options.frame.snip_edges = false;
  auto spectrogram = LogMelSpectrogram::Create(options, kRateHz);
  ASSERT_TRUE(spectrogram.ok());
  KaldiFbankOptions fbank_options;
  fbank_options.frame = options.frame;
  fbank_options.mel = options.mel;
  auto fbank = KaldiFbank::Create(fbank_options, kRateHz);
  ASSERT_TRUE(fbank.ok());

  const std::vector<float> samples = TestSignal(12345);
  auto tensor = spectrogram->Compute(samples);
  auto frames = fbank->Compute(samples);
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  ASSERT_TRUE(frames.ok());
  ASSERT_EQ(tensor->num_frames(), static_cast<int64_t>(frames->size()));
  ASSERT_EQ(tensor->num_mel_bins(), 32);
  for (size_t f = 0; f < frames->size(); ++f) {
    for (int b = 0; b < 32; ++b) {
      ASSERT_EQ(tensor->at(f, b), (*frames)[f][b]) << "frame " << f << " bin " << b;
    }
  }
}

TEST(LogMelSpectrogramTest, NormalisedBinsHaveMeanZeroAndVarianceOne) {
  LogMelSpectrogramOptions options;
  options.normalize = true;
  auto spectrogram = LogMelSpectrogram::Create(options, kRateHz);
  ASSERT_TRUE(spectrogram.ok());
  auto tensor = spectrogram->Compute(TestSignal(16000));
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  const int64_t frames = tensor->num_frames();
  ASSERT_EQ(frames, 98);
  for (int64_t b = 0; b < tensor->num_mel_bins(); ++b) {
    double sum = 0, sum_squares = 0;
    for (int64_t f = 0; f < frames; ++f) sum += tensor->at(f, b);
    const double mean = sum / frames;
    for (int64_t f = 0; f < frames; ++f) sum_squares += std::pow(tensor->at(f, b) - mean, 2);
    EXPECT_NEAR(mean, 0.0, 1e-5) << "bin " << b;
    EXPECT_NEAR(sum_squares / frames, 1.0, 1e-4) << "bin " << b;
  }
}

TEST(LogMelSpectrogramTest, NormalisationOnlyCentresConstantBins) {
  LogMelSpectrogramOptions options;
  options.normalize = true;
  auto spectrogram = LogMelSpectrogram::Create(options, kRateHz);
  ASSERT_TRUE(spectrogram.ok());
  auto tensor = spectrogram->Compute(TestSignal(400));  // exactly one frame
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_THAT(tensor->shape, ElementsAre(1, 1, 1, 23));
  for (float v : tensor->values) EXPECT_EQ(v, 0.0f);
}

TEST(LogMelSpectrogramTest, RejectsEmptyShortAndNonFiniteAudio) {
  auto spectrogram = LogMelSpectrogram::Create(LogMelSpectrogramOptions(), kRateHz);
  ASSERT_TRUE(spectrogram.ok());
  auto empty = spectrogram->Compute({});
  EXPECT_FALSE(empty.ok());
  EXPECT_THAT(std::string(empty.status().message()), HasSubstr("empty audio"));
  auto short_audio = spectrogram->Compute(TestSignal(399));
  EXPECT_FALSE(short_audio.ok());
  EXPECT_THAT(std::string(short_audio.status().message()),
              HasSubstr("399 samples is too short for one frame (400 samples every 160"));
  std::vector<float> samples = TestSignal(1000);
  samples[500] = std::numeric_limits<float>::quiet_NaN();
  auto not_finite = spectrogram->Compute(samples);
  EXPECT_FALSE(not_finite.ok());
  EXPECT_THAT(std::string(not_finite.status().message()), HasSubstr("sample 500"));
}

TEST(LogMelSpectrogramTest, EmptyAudioFailsWithoutSnipEdgesToo) {
  LogMelSpectrogramOptions options;
  options.frame.snip_edges = false;
  auto spectrogram = LogMelSpectrogram::Create(options, kRateHz);
  ASSERT_TRUE(spectrogram.ok());
  EXPECT_THAT(std::string(spectrogram->Compute({}).status().message()), HasSubstr("empty audio"));
  // Without snip_edges the first frame needs half a shift (80 samples).
  auto short_audio = spectrogram->Compute(TestSignal(50));
  EXPECT_FALSE(short_audio.ok());
  EXPECT_THAT(std::string(short_audio.status().message()),
              HasSubstr("50 samples is too short for one frame"));
  EXPECT_TRUE(spectrogram->Compute(TestSignal(80)).ok());
}

TEST(LogMelSpectrogramTest, RejectsBadOptions) {
  LogMelSpectrogramOptions options;
  options.mel.num_bins = 2;
  EXPECT_THAT(std::string(LogMelSpectrogram::Create(options, kRateHz).status().message()),
              HasSubstr("at least 3 mel bins"));
}

}  // namespace
}  // namespace sentio
