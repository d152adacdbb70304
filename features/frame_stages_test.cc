// DeltaStage and CmvnStage on FrameBlock streams: the same frames as the whole-utterance
// functions whatever the blocks, utterance ends passed on, timestamps increasing.
#include <cmath>
#include <random>
#include <vector>

#include "features/cmvn.h"
#include "features/kaldi_deltas.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

constexpr int kDim = 3;

// Two utterances of random frames cut into random blocks, as FrameBlock packets; the first
// utterance ends with an empty block (as a feature stage's can).
struct Utterances {
  std::vector<Frames> frames;
  std::vector<Packet> packets;
};

Utterances MakeUtterances() {
  std::mt19937 random(9);
  std::normal_distribution<float> value(1.0f, 3.0f);
  Utterances result;
  int64_t start_us = 0;
  for (int count : {23, 6}) {
    const bool empty_end = result.frames.empty();
    Frames frames{kDim, {}};
    for (int i = 0; i < count * kDim; ++i) frames.values.push_back(value(random));
    for (int next = 0; next < count;) {
      const int end = std::min(count, next + std::uniform_int_distribution<int>(1, 5)(random));
      FrameBlock block;
      block.dim = kDim;
      block.frame_shift_us = 10000;
      block.values.assign(frames.values.begin() + next * kDim, frames.values.begin() + end * kDim);
      block.utterance_end = end == count && !empty_end;
      result.packets.push_back(Packet::Make(start_us + next * 10000, block));
      next = end;
    }
    if (empty_end) {
      FrameBlock block;
      block.dim = kDim;
      block.frame_shift_us = 10000;
      block.utterance_end = true;
      result.packets.push_back(Packet::Make(start_us + count * 10000, block));
    }
    result.frames.push_back(std::move(frames));
    start_us += count * 10000 + 5000;
  }
  return result;
}

// Runs the stage over the packets; returns each utterance's output frames.
std::vector<std::vector<float>> RunStage(const std::string& stage_type,
                                         const std::map<std::string, OptionValue>& options,
                                         const std::vector<Packet>& packets) {
  auto stage = FakeStageContext::ForStage(stage_type, options);
  EXPECT_TRUE(stage.ok()) << stage.status();
  auto& [process, context] = *stage;
  EXPECT_TRUE(process->Open(*context).ok());
  for (const Packet& packet : packets) {
    context->SetInput(0, packet);
    absl::Status status = process->Process(*context);
    EXPECT_TRUE(status.ok()) << status;
  }
  std::vector<std::vector<float>> utterances(1);
  int64_t last = INT64_MIN;
  for (const auto& [port, packet] : context->emitted) {
    EXPECT_GT(packet.timestamp_us(), last);
    last = packet.timestamp_us();
    const FrameBlock& block = *packet.Get<FrameBlock>();
    utterances.back().insert(utterances.back().end(), block.values.begin(), block.values.end());
    if (block.utterance_end) utterances.emplace_back();
  }
  utterances.pop_back();
  return utterances;
}

TEST(FrameStagesTest, DeltaStageEqualsAddDeltasPerUtterance) {
  const Utterances input = MakeUtterances();
  const auto output =
      RunStage("DeltaStage", {{"order", int64_t{2}}, {"window", int64_t{2}}}, input.packets);
  ASSERT_EQ(output.size(), 2u);
  for (int u = 0; u < 2; ++u) {
    EXPECT_EQ(output[u], ComputeDeltas(input.frames[u], {2, 2})->values) << "utterance " << u;
  }
}

TEST(FrameStagesTest, CmvnStagePerUtteranceEqualsApplyCmvn) {
  const Utterances input = MakeUtterances();
  const auto output = RunStage("CmvnStage", {{"norm_vars", true}}, input.packets);
  ASSERT_EQ(output.size(), 2u);
  for (int u = 0; u < 2; ++u) {
    Frames expected = input.frames[u];
    ApplyUtteranceCmvn(true, expected);
    EXPECT_EQ(output[u], expected.values) << "utterance " << u;
  }
}

TEST(FrameStagesTest, SlidingCmvnCarriesAcrossUtterances) {
  const Utterances input = MakeUtterances();
  const auto output = RunStage(
      "CmvnStage", {{"mode", std::string("sliding")}, {"window", int64_t{10}}}, input.packets);
  ASSERT_EQ(output.size(), 2u);
  SlidingCmn cmn = *SlidingCmn::Create(10, kDim, false);
  for (int u = 0; u < 2; ++u) {
    std::vector<float> expected = input.frames[u].values;
    cmn.Apply(expected);
    EXPECT_EQ(output[u], expected) << "utterance " << u;
  }
}

// Frames of two values, the first the log energy: `energies` in blocks of 7, one utterance.
std::vector<Packet> EnergyFrames(const std::vector<float>& energies) {
  std::vector<Packet> packets;
  for (size_t start = 0; start < energies.size(); start += 7) {
    FrameBlock block;
    block.dim = 2;
    block.frame_shift_us = 10000;
    for (size_t i = start; i < std::min(energies.size(), start + 7); ++i) {
      block.values.push_back(energies[i]);
      block.values.push_back(static_cast<float>(i));  // the frame's index, to check which leave
    }
    block.utterance_end = start + 7 >= energies.size();
    packets.push_back(Packet::Make(static_cast<int64_t>(start) * 10000, block));
  }
  return packets;
}

TEST(FrameStagesTest, VadCutsSpeechWithHangoverAndDropsShortBursts) {
  std::vector<float> energies(50, 0.0f);      // silence: the noise floor
  energies.insert(energies.end(), 30, 5.0f);  // speech: 21.7 dB above it
  energies.insert(energies.end(), 50, 0.5f);  // silence again, a little louder
  energies.insert(energies.end(), 5, 5.0f);   // a click, under min_frames
  energies.insert(energies.end(), 40, 0.0f);
  energies.insert(energies.end(), 20, 4.0f);  // speech up to the stream's end
  const auto output = RunStage("VadStage", {{"hangover", int64_t{20}}, {"min_frames", int64_t{10}}},
                               EnergyFrames(energies));
  ASSERT_EQ(output.size(), 2u);
  // The first: its 30 speech frames and 20 of hangover, frames 50 to 99.
  ASSERT_EQ(output[0].size(), 100u);
  EXPECT_EQ(output[0][1], 50.0f);
  EXPECT_EQ(output[0][99], 99.0f);
  // The second ends with the input's utterance: frames 175 to 194.
  ASSERT_EQ(output[1].size(), 40u);
  EXPECT_EQ(output[1][1], 175.0f);
}

TEST(FrameStagesTest, PoolingGivesMeanAndStdPerUtterance) {
  const Utterances input = MakeUtterances();
  auto stage = FakeStageContext::ForStage("UtterancePoolingStage", {});
  ASSERT_TRUE(stage.ok());
  auto& [pool, context] = *stage;
  ASSERT_TRUE(pool->Open(*context).ok());
  for (const Packet& packet : input.packets) {
    context->SetInput(0, packet);
    ASSERT_TRUE(pool->Process(*context).ok());
  }
  ASSERT_EQ(context->emitted.size(), 2u);
  for (int u = 0; u < 2; ++u) {
    const FeatureVector& features = *context->emitted[u].second.Get<FeatureVector>();
    ASSERT_EQ(features.values.size(), 2u * kDim);
    EXPECT_EQ(features.names[1], "c0.std");
    const Frames& frames = input.frames[u];
    for (int d = 0; d < kDim; ++d) {
      double mean = 0, squares = 0;
      for (int64_t t = 0; t < frames.size(); ++t) mean += frames.values[t * kDim + d];
      mean /= frames.size();
      for (int64_t t = 0; t < frames.size(); ++t) {
        squares += std::pow(frames.values[t * kDim + d] - mean, 2);
      }
      EXPECT_NEAR(features.values[2 * d], mean, 1e-9);
      EXPECT_NEAR(features.values[2 * d + 1], std::sqrt(squares / frames.size()), 1e-9);
    }
  }
  // Stamped with each utterance's first frame: the second starts at 23 frames + 5 ms.
  EXPECT_EQ(context->emitted[0].second.timestamp_us(), 0);
  EXPECT_EQ(context->emitted[1].second.timestamp_us(), 235000);
}

TEST(FrameStagesTest, BadOptionsAreNamed) {
  auto deltas = FakeStageContext::ForStage("DeltaStage", {{"order", int64_t{11}}});
  ASSERT_TRUE(deltas.ok());
  EXPECT_THAT(deltas->first->Open(*deltas->second).message(), HasSubstr("delta order 11"));
  auto cmvn = FakeStageContext::ForStage("CmvnStage", {{"mode", std::string("global")}});
  ASSERT_TRUE(cmvn.ok());
  EXPECT_THAT(cmvn->first->Open(*cmvn->second).message(),
              HasSubstr("'global' is neither utterance nor sliding"));
}

}  // namespace
}  // namespace sentio
