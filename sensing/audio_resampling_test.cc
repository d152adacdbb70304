#include "sensing/audio_resampling.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

AudioClip Tone(int rate, double hz, double seconds, int channels = 1) {
  AudioClip clip;
  clip.sample_rate_hz = rate;
  clip.channels = channels;
  const int64_t frames = std::llround(rate * seconds);
  for (int64_t t = 0; t < frames; ++t) {
    for (int c = 0; c < channels; ++c) {
      clip.samples.push_back(
          static_cast<float>((c + 1) * 0.25 * std::sin(2 * M_PI * hz * t / rate)));
    }
  }
  return clip;
}

// The largest difference from the ideal tone, away from the edges the filter cannot see past.
double ToneError(const AudioClip& clip, double hz, int channel = 0) {
  double worst = 0;
  const int64_t frames = clip.num_frames();
  for (int64_t t = frames / 10; t < frames - frames / 10; ++t) {
    const double ideal = (channel + 1) * 0.25 * std::sin(2 * M_PI * hz * t / clip.sample_rate_hz);
    worst = std::max(worst, std::abs(clip.samples[t * clip.channels + channel] - ideal));
  }
  return worst;
}

TEST(AudioResamplingTest, UpAndDownKeepATone) {
  const AudioClip up = *ResampleClip(Tone(8000, 440, 0.5), 16000);
  EXPECT_EQ(up.sample_rate_hz, 16000);
  EXPECT_EQ(up.num_frames(), 8000);
  EXPECT_LT(ToneError(up, 440), 0.01);
  const AudioClip down = *ResampleClip(Tone(44100, 1000, 0.5, 2), 16000);
  EXPECT_EQ(down.num_frames(), 8000);
  EXPECT_LT(ToneError(down, 1000, 0), 0.01);
  EXPECT_LT(ToneError(down, 1000, 1), 0.02);  // the second channel is twice as loud
}

TEST(AudioResamplingTest, ToneAboveTheNewNyquistIsRemovedNotFolded) {
  // 7 kHz at 22.05 kHz, down to 8 kHz (Nyquist 4 kHz): it would alias to 1 kHz.
  const AudioClip down = *ResampleClip(Tone(22050, 7000, 0.5), 8000);
  double energy = 0;
  for (int64_t t = 400; t < down.num_frames() - 400; ++t)
    energy += down.samples[t] * down.samples[t];
  EXPECT_LT(std::sqrt(energy / (down.num_frames() - 800)), 0.01);  // the tone's RMS was 0.18
}

TEST(AudioResamplingTest, SameRateIsUnchangedAndBadRatesAreNamed) {
  const AudioClip clip = Tone(16000, 300, 0.01);
  EXPECT_EQ(ResampleClip(clip, 16000)->samples, clip.samples);
  EXPECT_THAT(ResampleClip(clip, 0).status().message(),
              HasSubstr("cannot resample 16000 Hz audio to 0 Hz"));
  EXPECT_THAT(ResampleClip(clip, 8000, 0).status().message(), HasSubstr("half-width 0"));
}

}  // namespace
}  // namespace sentio
