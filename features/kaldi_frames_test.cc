#include "features/kaldi_frames.h"

#include <cmath>
#include <limits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(KaldiFrameExtractorTest, DefaultGeometry) {
  auto at8k = KaldiFrameExtractor::Create(KaldiFrameOptions(), 8000);
  ASSERT_TRUE(at8k.ok()) << at8k.status();
  EXPECT_EQ(at8k->frame_length(), 200);
  EXPECT_EQ(at8k->frame_shift(), 80);
  EXPECT_EQ(at8k->padded_length(), 256);
  auto at16k = KaldiFrameExtractor::Create(KaldiFrameOptions(), 16000);
  ASSERT_TRUE(at16k.ok()) << at16k.status();
  EXPECT_EQ(at16k->frame_length(), 400);
  EXPECT_EQ(at16k->frame_shift(), 160);
  EXPECT_EQ(at16k->padded_length(), 512);
  KaldiFrameOptions unrounded;
  unrounded.round_to_power_of_two = false;
  EXPECT_EQ(KaldiFrameExtractor::Create(unrounded, 8000)->padded_length(), 200);
}

TEST(KaldiFrameExtractorTest, FrameCountWithSnipEdges) {
  auto extractor = KaldiFrameExtractor::Create(KaldiFrameOptions(), 8000);
  ASSERT_TRUE(extractor.ok());
  EXPECT_EQ(extractor->NumFrames(0), 0);
  EXPECT_EQ(extractor->NumFrames(199), 0);  // shorter than one frame: none, as in Kaldi
  EXPECT_EQ(extractor->NumFrames(200), 1);
  EXPECT_EQ(extractor->NumFrames(279), 1);
  EXPECT_EQ(extractor->NumFrames(280), 2);
  EXPECT_EQ(extractor->FirstSampleOfFrame(3), 240);
}

TEST(KaldiFrameExtractorTest, FrameCountWithoutSnipEdges) {
  KaldiFrameOptions options;
  options.snip_edges = false;
  auto extractor = KaldiFrameExtractor::Create(options, 8000);
  ASSERT_TRUE(extractor.ok());
  // (num_samples + shift / 2) / shift, with frame f centred on f * 80 + 40.
  EXPECT_EQ(extractor->NumFrames(0), 0);
  EXPECT_EQ(extractor->NumFrames(39), 0);
  EXPECT_EQ(extractor->NumFrames(40), 1);
  EXPECT_EQ(extractor->NumFrames(199), 2);
  EXPECT_EQ(extractor->NumFrames(200), 3);
  EXPECT_EQ(extractor->FirstSampleOfFrame(0), -60);
  EXPECT_EQ(extractor->FirstSampleOfFrame(2), 100);
}

TEST(KaldiFrameExtractorTest, ReflectIndexMirrorsAtBothEnds) {
  EXPECT_EQ(KaldiFrameExtractor::ReflectIndex(4, 10), 4);
  EXPECT_EQ(KaldiFrameExtractor::ReflectIndex(-1, 10), 0);
  EXPECT_EQ(KaldiFrameExtractor::ReflectIndex(-3, 10), 2);
  EXPECT_EQ(KaldiFrameExtractor::ReflectIndex(10, 10), 9);
  EXPECT_EQ(KaldiFrameExtractor::ReflectIndex(12, 10), 7);
  // More than one bounce for a signal shorter than the reach: -12 -> 11 -> -2 -> 1.
  EXPECT_EQ(KaldiFrameExtractor::ReflectIndex(-12, 5), 1);
}

// 1 kHz with 4 ms frames: 4 samples a frame, 2 a shift, FFT size 4.
KaldiFrameOptions TinyFrames() {
  KaldiFrameOptions options;
  options.frame_length_ms = 4;
  options.frame_shift_ms = 2;
  options.window_type = WindowType::kRectangular;
  options.preemphasis_coefficient = 0;
  options.snip_edges = false;
  return options;
}

TEST(KaldiFrameExtractorTest, CopyFrameMirrorsOutsideTheSignal) {
  auto extractor = KaldiFrameExtractor::Create(TinyFrames(), 1000);
  ASSERT_TRUE(extractor.ok());
  const std::vector<float> samples = {10, 11, 12, 13, 14};
  // 3 frames starting at -1, 1, 3.
  ASSERT_EQ(extractor->NumFrames(samples.size()), 3);
  std::vector<float> frame;
  extractor->CopyFrame(samples, 0, frame);
  EXPECT_THAT(frame, ElementsAre(10, 10, 11, 12));
  extractor->CopyFrame(samples, 1, frame);
  EXPECT_THAT(frame, ElementsAre(11, 12, 13, 14));
  extractor->CopyFrame(samples, 2, frame);
  EXPECT_THAT(frame, ElementsAre(13, 14, 14, 13));
}

TEST(KaldiFrameExtractorTest, ProcessFrameRemovesDcTakesEnergyThenPreemphasises) {
  KaldiFrameOptions options = TinyFrames();
  options.preemphasis_coefficient = 0.5;
  options.frame_length_ms = 5;  // 5 samples, FFT size 8
  auto extractor = KaldiFrameExtractor::Create(options, 1000);
  ASSERT_TRUE(extractor.ok());
  const std::vector<float> raw = {1, 2, 3, 6, 3};  // mean 3 -> -2 -1 0 3 0, energy 14
  std::vector<float> frame = {7, 7};               // resized, old contents overwritten
  float log_energy = 0;
  extractor->ProcessFrame(raw, frame, &log_energy);
  EXPECT_FLOAT_EQ(log_energy, std::log(14.0f));
  // x[i] - 0.5 x[i-1], and x[0] - 0.5 x[0]; then zero padding to 8.
  EXPECT_THAT(frame, ElementsAre(-1, 0, 0.5, 3, -1.5, 0, 0, 0));
  EXPECT_THAT(raw, ElementsAre(1, 2, 3, 6, 3));
}

TEST(KaldiFrameExtractorTest, ProcessFrameAppliesTheWindow) {
  KaldiFrameOptions options = TinyFrames();
  options.remove_dc_offset = false;
  options.window_type = WindowType::kHann;
  options.frame_length_ms = 5;
  auto extractor = KaldiFrameExtractor::Create(options, 1000);
  ASSERT_TRUE(extractor.ok());
  std::vector<float> frame(100, 9.0f);  // longer than padded_length: shrunk, padding zeroed
  extractor->ProcessFrame(std::vector<float>{4, 4, 4, 4, 4}, frame, nullptr);
  EXPECT_THAT(frame, ElementsAre(0, 2, 4, 2, 0, 0, 0, 0));  // Hann of 5: 0 .5 1 .5 0
}

TEST(KaldiFrameExtractorTest, SilentFrameEnergyIsFlooredAtFloatEpsilon) {
  EXPECT_FLOAT_EQ(KaldiLogEnergy(std::vector<float>(10, 0.0f)),
                  std::log(std::numeric_limits<float>::epsilon()));
}

TEST(KaldiFrameExtractorTest, RejectsBadOptions) {
  KaldiFrameOptions options;
  options.frame_length_ms = 0.1;  // 0.8 samples at 8 kHz
  EXPECT_THAT(std::string(KaldiFrameExtractor::Create(options, 8000).status().message()),
              HasSubstr("frame length 0.1 ms"));
  options = KaldiFrameOptions();
  options.frame_shift_ms = 0;
  EXPECT_THAT(std::string(KaldiFrameExtractor::Create(options, 8000).status().message()),
              HasSubstr("frame shift 0 ms"));
  options = KaldiFrameOptions();
  options.preemphasis_coefficient = 1.5;
  EXPECT_THAT(std::string(KaldiFrameExtractor::Create(options, 8000).status().message()),
              HasSubstr("pre-emphasis coefficient 1.5"));
  EXPECT_FALSE(KaldiFrameExtractor::Create(KaldiFrameOptions(), 0).ok());
  EXPECT_FALSE(KaldiFrameExtractor::Create(KaldiFrameOptions(), NAN).ok());
}

TEST(CheckFiniteSamplesTest, NamesTheFirstBadSample) {
  EXPECT_TRUE(CheckFiniteSamples(std::vector<float>{1, -2, 3}).ok());
  const std::vector<float> samples = {1, std::numeric_limits<float>::infinity(), NAN};
  const absl::Status status = CheckFiniteSamples(samples, 100);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("sample 101 is inf"));
}

}  // namespace
}  // namespace sentio
