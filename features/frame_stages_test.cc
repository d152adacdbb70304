// DeltaStage and CmvnStage on FrameBlock streams: the same frames as the whole-utterance
// functions whatever the blocks, utterance ends passed on, timestamps increasing.
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
