#include <cmath>
#include <random>
#include <vector>

#include "features/kaldi_fbank.h"
#include "features/kaldi_mfcc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

// Noise plus a tone, in [-0.5, 0.5].
std::vector<float> Signal(int frames, uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> noise(-0.1f, 0.1f);
  std::vector<float> samples(frames);
  for (int t = 0; t < frames; ++t) samples[t] = 0.4f * std::sin(0.05f * t) + noise(random);
  return samples;
}

Packet Chunk(int64_t time_us, std::vector<float> samples, bool end, int rate = 8000) {
  AudioChunk chunk;
  chunk.sample_rate_hz = rate;
  chunk.channels = 1;
  chunk.samples = std::move(samples);
  chunk.first_sample_us = time_us;
  chunk.utterance_end = end;
  return Packet::Make(time_us, std::move(chunk));
}

// Two utterances in random chunks: each utterance's frames equal the whole-file features.
void CheckStreamingEqualsWholeFile(const std::map<std::string, OptionValue>& options,
                                   KaldiFeatureComputer& whole_file) {
  auto stage = FakeStageContext::ForStage("KaldiFeatureStage", options);
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [features, context] = *stage;
  ASSERT_TRUE(features->Open(*context).ok());
  std::mt19937 random(5);
  const std::vector<std::vector<float>> utterances = {Signal(4321, 1), Signal(1000, 2)};
  int64_t start_us = 0;
  for (const std::vector<float>& utterance : utterances) {
    context->emitted.clear();
    size_t next = 0;
    while (next < utterance.size()) {
      const size_t size = std::uniform_int_distribution<size_t>(1, 700)(random);
      const size_t end = std::min(utterance.size(), next + size);
      context->SetInput(
          0, Chunk(start_us + static_cast<int64_t>(next) * 125,
                   {utterance.begin() + next, utterance.begin() + end}, end == utterance.size()));
      ASSERT_TRUE(features->Process(*context).ok());
      next = end;
    }
    std::vector<float> scaled(utterance);
    for (float& s : scaled) s *= 32768.0f;
    const FeatureFrames expected = *whole_file.Compute(scaled);
    std::vector<float> streamed;
    for (size_t i = 0; i < context->emitted.size(); ++i) {
      const FrameBlock& block = *context->emitted[i].second.Get<FrameBlock>();
      EXPECT_EQ(block.dim, whole_file.dim());
      EXPECT_EQ(block.utterance_end, i + 1 == context->emitted.size());
      EXPECT_DOUBLE_EQ(block.frame_shift_us, 10000);
      if (i > 0) {
        EXPECT_GT(context->emitted[i].second.timestamp_us(),
                  context->emitted[i - 1].second.timestamp_us());
      }
      streamed.insert(streamed.end(), block.values.begin(), block.values.end());
    }
    std::vector<float> flat;
    for (const auto& frame : expected) flat.insert(flat.end(), frame.begin(), frame.end());
    EXPECT_EQ(streamed, flat);
    EXPECT_EQ(context->emitted.front().second.timestamp_us(), start_us);
    start_us += static_cast<int64_t>(utterance.size()) * 125 + 125;
  }
}

TEST(KaldiFeatureStageTest, MfccStreamEqualsWholeUtteranceFeatures) {
  KaldiMfcc mfcc = *KaldiMfcc::Create(KaldiMfccOptions(), 8000);
  CheckStreamingEqualsWholeFile({}, mfcc);
}

TEST(KaldiFeatureStageTest, FbankWithOptionsEqualsWholeUtteranceFeatures) {
  KaldiFbankOptions options;
  options.mel.num_bins = 40;
  options.frame.snip_edges = false;
  KaldiFbank fbank = *KaldiFbank::Create(options, 8000);
  CheckStreamingEqualsWholeFile(
      {{"type", std::string("fbank")}, {"num_mel_bins", int64_t{40}}, {"snip_edges", false}},
      fbank);
}

TEST(KaldiFeatureStageTest, ShortUtteranceEndsWithAnEmptyBlock) {
  auto stage = FakeStageContext::ForStage("KaldiFeatureStage", {});
  ASSERT_TRUE(stage.ok());
  auto& [features, context] = *stage;
  ASSERT_TRUE(features->Open(*context).ok());
  context->SetInput(0, Chunk(0, Signal(100, 3), true));  // under one 200-sample frame
  ASSERT_TRUE(features->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 1u);
  EXPECT_EQ(context->emitted[0].second.Get<FrameBlock>()->num_frames(), 0);
  EXPECT_TRUE(context->emitted[0].second.Get<FrameBlock>()->utterance_end);
}

TEST(KaldiFeatureStageTest, BadOptionsAndAudioAreNamed) {
  for (const auto& [options, message] :
       std::vector<std::pair<std::map<std::string, OptionValue>, std::string>>{
           {{{"type", std::string("plp")}}, "'plp' is neither mfcc nor fbank"},
           {{{"window_type", std::string("square")}}, "option window_type"},
           {{{"sample_rate_hz", int64_t{8000}}, {"num_ceps", int64_t{40}}}, "num_ceps"}}) {
    auto stage = FakeStageContext::ForStage("KaldiFeatureStage", options);
    ASSERT_TRUE(stage.ok());
    auto& [features, context] = *stage;
    EXPECT_THAT(features->Open(*context).message(), HasSubstr(message));
  }
  auto stage = FakeStageContext::ForStage("KaldiFeatureStage", {{"channel", int64_t{1}}});
  ASSERT_TRUE(stage.ok());
  auto& [features, context] = *stage;
  ASSERT_TRUE(features->Open(*context).ok());
  context->SetInput(0, Chunk(0, Signal(300, 4), false));
  EXPECT_THAT(features->Process(*context).message(),
              HasSubstr("option channel=1: the audio has 1 channel(s)"));
  auto fixed =
      FakeStageContext::ForStage("KaldiFeatureStage", {{"sample_rate_hz", int64_t{16000}}});
  ASSERT_TRUE(fixed.ok());
  auto& [fixed_features, fixed_context] = *fixed;
  ASSERT_TRUE(fixed_features->Open(*fixed_context).ok());
  fixed_context->SetInput(0, Chunk(0, Signal(300, 4), false));
  EXPECT_THAT(fixed_features->Process(*fixed_context).message(),
              HasSubstr("audio at 8000 Hz, but the features are made for 16000 Hz"));
}

// The source's stream header tells the rate and the channels before any chunk: a mismatch fails
// Open, before the graph runs.
TEST(KaldiFeatureStageTest, StreamHeaderMismatchesFailWhenTheGraphOpens) {
  auto fixed =
      FakeStageContext::ForStage("KaldiFeatureStage", {{"sample_rate_hz", int64_t{16000}}});
  ASSERT_TRUE(fixed.ok());
  fixed->second->input_headers[0] = StreamHeader{8000, 1};
  EXPECT_THAT(fixed->first->Open(*fixed->second).message(),
              HasSubstr("the audio stream brings 8000 Hz, but the features are made for 16000 Hz"));

  auto channel = FakeStageContext::ForStage("KaldiFeatureStage", {{"channel", int64_t{1}}});
  ASSERT_TRUE(channel.ok());
  channel->second->input_headers[0] = StreamHeader{8000, 1};
  EXPECT_THAT(channel->first->Open(*channel->second).message(),
              HasSubstr("option channel=1: the audio stream has 1 channel(s)"));

  // Without sample_rate_hz the header's rate is taken: a chunk at another rate is refused.
  auto adopted = FakeStageContext::ForStage("KaldiFeatureStage", {});
  ASSERT_TRUE(adopted.ok());
  auto& [features, context] = *adopted;
  context->input_headers[0] = StreamHeader{16000, 1};
  ASSERT_TRUE(features->Open(*context).ok());
  context->SetInput(0, Chunk(0, Signal(300, 4), false));
  EXPECT_THAT(features->Process(*context).message(),
              HasSubstr("audio at 8000 Hz, but the features are made for 16000 Hz"));
}

}  // namespace
}  // namespace sentio
