#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Packet ImuPacket(std::vector<int64_t> timestamps, std::vector<float> samples) {
  const int64_t start = timestamps.front();
  return Packet::Make(start, *ImuBlock::Create({"x"}, std::move(timestamps), std::move(samples)));
}

TEST(ResampleStageTest, ResamplesEachBlockOntoTheRate) {
  auto stage = FakeStageContext::ForStage("ResampleStage", {{"rate_hz", 100.0}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [resample, context] = *stage;
  ASSERT_TRUE(resample->Open(*context).ok());
  context->SetInput(0, ImuPacket({0, 13000, 25000}, {0, 13, 25}));
  ASSERT_TRUE(resample->Process(*context).ok());
  context->SetInput(0, ImuPacket({31000, 42000, 52000}, {31, 42, 52}));
  ASSERT_TRUE(resample->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 2u);
  const ImuBlock& first = *context->emitted[0].second.Get<ImuBlock>();
  EXPECT_THAT(first.timestamps_us(), ElementsAre(0, 10000, 20000));
  EXPECT_THAT(first.Channel(0, 0, 3), ElementsAre(0, 10, 20));
  // The second segment's grid starts at its own first sample.
  EXPECT_EQ(context->emitted[1].second.timestamp_us(), 31000);
  EXPECT_THAT(context->emitted[1].second.Get<ImuBlock>()->timestamps_us(),
              ElementsAre(31000, 41000, 51000));
  EXPECT_THAT(context->emitted[1].second.Get<ImuBlock>()->Channel(0, 0, 3),
              ElementsAre(31, 41, 51));
}

TEST(ResampleStageTest, RejectsBadRate) {
  for (double rate : {0.0, -1.0, 2e6}) {
    auto stage = FakeStageContext::ForStage("ResampleStage", {{"rate_hz", rate}});
    ASSERT_TRUE(stage.ok());
    EXPECT_THAT(stage->first->Open(*stage->second).message(), HasSubstr("option rate_hz="));
  }
}

}  // namespace
}  // namespace sentio
