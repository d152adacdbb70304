// Kaldi fbank and MFCC on real recordings (Free Spoken Digit Dataset, 8 kHz) against the
// reference features that tools/make_kaldi_golden.py wrote with torchaudio.compliance.kaldi (set
// to Kaldi's defaults, dither 0): same frame count, and every value within
// max |ours - ref| / max(1, |ref|) <= 1e-3.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "base/file_reading.h"
#include "base/text_parsing.h"
#include "features/kaldi_fbank.h"
#include "features/kaldi_feature_stream.h"
#include "features/kaldi_mfcc.h"
#include "gtest/gtest.h"
#include "sensing/wav_reader.h"

namespace sentio {
namespace {

constexpr char kFsddDir[] = "external/shared_data/audio/fsdd/";
constexpr char kGoldenDir[] = "features/testdata/";
constexpr double kTolerance = 1e-3;

// The recording's samples at 16-bit integer scale, as Kaldi reads WAV.
std::vector<float> ReadRecording(const std::string& name, int expected_rate) {
  auto clip = ReadWavFile(kFsddDir + name + ".wav");
  EXPECT_TRUE(clip.ok()) << clip.status();
  if (!clip.ok()) return {};
  EXPECT_EQ(clip->sample_rate_hz, expected_rate);
  EXPECT_EQ(clip->channels, 1);
  std::vector<float> samples = clip->samples;
  for (float& v : samples) v *= 32768.0f;
  return samples;
}

FeatureFrames ReadGolden(const std::string& file_name) {
  auto text = ReadWholeFile(kGoldenDir + file_name);
  EXPECT_TRUE(text.ok()) << text.status();
  FeatureFrames frames;
  if (!text.ok()) return frames;
  const std::vector<absl::string_view> lines = SplitLines(*text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i][0] == '#') continue;
    std::vector<float> frame;
    for (absl::string_view field : absl::StrSplit(lines[i], ' ', absl::SkipEmpty())) {
      const std::optional<double> value = ParseFiniteDouble(field);
      EXPECT_TRUE(value.has_value())
          << file_name << ":" << i + 1 << ": bad number '" << field << "'";
      frame.push_back(value.value_or(0));
    }
    frames.push_back(std::move(frame));
  }
  return frames;
}

// The largest |ours - ref| / max(1, |ref|), after checking the shapes agree.
double MaxRelativeError(const FeatureFrames& ours, const FeatureFrames& reference,
                        const std::string& what) {
  EXPECT_EQ(ours.size(), reference.size()) << what << ": frame count";
  double worst = 0;
  for (size_t f = 0; f < std::min(ours.size(), reference.size()); ++f) {
    EXPECT_EQ(ours[f].size(), reference[f].size()) << what << ": frame " << f;
    for (size_t i = 0; i < std::min(ours[f].size(), reference[f].size()); ++i) {
      const double error =
          std::abs(ours[f][i] - reference[f][i]) / std::max(1.0, std::abs(double{reference[f][i]}));
      worst = std::max(worst, error);
    }
  }
  return worst;
}

void ExpectMatchesGolden(KaldiFeatureComputer& computer, const std::string& recording,
                         const std::string& golden_file) {
  const std::vector<float> samples = ReadRecording(recording, 8000);
  ASSERT_FALSE(samples.empty());
  auto features = computer.Compute(samples);
  ASSERT_TRUE(features.ok()) << features.status();
  const FeatureFrames reference = ReadGolden(golden_file);
  ASSERT_FALSE(reference.empty()) << golden_file;
  const double error = MaxRelativeError(*features, reference, golden_file);
  EXPECT_LE(error, kTolerance) << golden_file;
  std::cout << golden_file << ": " << features->size() << " frames, max relative error " << error
            << "\n";
}

const char* const kRecordings[] = {"0_george_0", "1_nicolas_2", "3_jackson_12", "7_theo_5"};

TEST(KaldiFeaturesTest, FbankDefaultsMatchKaldi) {
  auto fbank = KaldiFbank::Create(KaldiFbankOptions(), 8000);
  ASSERT_TRUE(fbank.ok()) << fbank.status();
  for (const std::string name : kRecordings) ExpectMatchesGolden(*fbank, name, name + ".fbank.txt");
}

TEST(KaldiFeaturesTest, MfccDefaultsMatchKaldi) {
  auto mfcc = KaldiMfcc::Create(KaldiMfccOptions(), 8000);
  ASSERT_TRUE(mfcc.ok()) << mfcc.status();
  for (const std::string name : kRecordings) ExpectMatchesGolden(*mfcc, name, name + ".mfcc.txt");
}

// The non-default options of tools/make_kaldi_golden.py (CUSTOM_MFCC, CUSTOM_FBANK).
TEST(KaldiFeaturesTest, MfccWithOtherOptionsMatchesKaldi) {
  KaldiMfccOptions options;
  options.frame.frame_length_ms = 20;
  options.frame.frame_shift_ms = 5;
  options.frame.preemphasis_coefficient = 0.9;
  options.frame.window_type = WindowType::kHamming;
  options.frame.snip_edges = false;
  options.mel.num_bins = 40;
  options.mel.low_freq = 60;
  options.mel.high_freq = -400;
  options.num_ceps = 20;
  options.raw_energy = false;
  auto mfcc = KaldiMfcc::Create(options, 8000);
  ASSERT_TRUE(mfcc.ok()) << mfcc.status();
  ExpectMatchesGolden(*mfcc, "7_theo_5", "7_theo_5.mfcc_custom.txt");
}

TEST(KaldiFeaturesTest, FbankWithOtherOptionsMatchesKaldi) {
  KaldiFbankOptions options;
  options.frame.frame_length_ms = 30;
  options.frame.frame_shift_ms = 12.5;
  options.frame.preemphasis_coefficient = 0;
  options.frame.window_type = WindowType::kHann;
  options.frame.snip_edges = false;
  options.mel.num_bins = 40;
  options.mel.low_freq = 100;
  options.mel.high_freq = 3000;
  options.use_energy = true;
  options.raw_energy = false;
  auto fbank = KaldiFbank::Create(options, 8000);
  ASSERT_TRUE(fbank.ok()) << fbank.status();
  ExpectMatchesGolden(*fbank, "7_theo_5", "7_theo_5.fbank_custom.txt");
}

TEST(KaldiFeaturesTest, StreamingARecordingEqualsTheWholeFile) {
  KaldiMfccOptions options;
  options.frame.snip_edges = false;
  auto mfcc = KaldiMfcc::Create(options, 8000);
  ASSERT_TRUE(mfcc.ok());
  const std::vector<float> samples = ReadRecording("3_jackson_12", 8000);
  auto whole = mfcc->Compute(samples);
  ASSERT_TRUE(whole.ok());
  KaldiFeatureStream stream(&*mfcc);
  FeatureFrames streamed;
  for (size_t start = 0; start < samples.size(); start += 123) {
    auto frames = stream.AcceptSamples(absl::MakeConstSpan(samples).subspan(start, 123));
    ASSERT_TRUE(frames.ok());
    streamed.insert(streamed.end(), frames->begin(), frames->end());
  }
  auto rest = stream.Finish();
  ASSERT_TRUE(rest.ok());
  streamed.insert(streamed.end(), rest->begin(), rest->end());
  EXPECT_EQ(streamed, *whole);
}

}  // namespace
}  // namespace sentio
