#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Packet ImuPacket(std::vector<int64_t> timestamps) {
  const int64_t start = timestamps.front();
  std::vector<float> samples(timestamps.size(), 1.0f);
  return Packet::Make(start, *ImuBlock::Create({"x"}, std::move(timestamps), std::move(samples)));
}

// 20 Hz, so with the default 3 periods a spacing above 150 ms is a gap.
TEST(GapDetectionStageTest, SplitModeCutsBlocksAtGaps) {
  auto stage = FakeStageContext::ForStage("GapDetectionStage", {{"rate_hz", 20.0}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [gaps, context] = *stage;
  ASSERT_TRUE(gaps->Open(*context).ok());
  context->SetInput(0, ImuPacket({0, 50000, 200000, 400000, 450000}));
  ASSERT_TRUE(gaps->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 2u);
  EXPECT_EQ(context->emitted[0].first, 0);
  EXPECT_THAT(context->emitted[0].second.Get<ImuBlock>()->timestamps_us(),
              ElementsAre(0, 50000, 200000));
  EXPECT_EQ(context->emitted[1].second.timestamp_us(), 400000);
  EXPECT_THAT(context->emitted[1].second.Get<ImuBlock>()->timestamps_us(),
              ElementsAre(400000, 450000));
}

TEST(GapDetectionStageTest, FlagModePassesBlocksAndReportsTheirGaps) {
  auto stage = FakeStageContext::ForStage(
      "GapDetectionStage",
      {{"rate_hz", 20.0}, {"max_periods", 2.0}, {"mode", std::string("flag")}});
  ASSERT_TRUE(stage.ok());
  auto& [gaps, context] = *stage;
  ASSERT_TRUE(gaps->Open(*context).ok());
  context->SetInput(0, ImuPacket({0, 50000, 200000, 250000, 400001}));
  ASSERT_TRUE(gaps->Process(*context).ok());
  // The time between two blocks (segments) is no gap.
  context->SetInput(0, ImuPacket({900000, 950000}));
  ASSERT_TRUE(gaps->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 4u);
  EXPECT_EQ(context->emitted[0].first, 1);
  EXPECT_EQ(context->emitted[0].second.timestamp_us(), 50000);
  EXPECT_EQ(context->emitted[0].second.Get<SegmentLabel>()->label, "gap");
  EXPECT_EQ(context->emitted[0].second.Get<SegmentLabel>()->end_us, 200000);
  EXPECT_EQ(context->emitted[1].first, 1);
  EXPECT_EQ(context->emitted[1].second.timestamp_us(), 250000);
  EXPECT_EQ(context->emitted[1].second.Get<SegmentLabel>()->end_us, 400001);
  EXPECT_EQ(context->emitted[2].first, 0);
  EXPECT_EQ(context->emitted[2].second.Get<ImuBlock>()->num_samples(), 5);
  EXPECT_EQ(context->emitted[3].first, 0);
  EXPECT_EQ(context->emitted[3].second.timestamp_us(), 900000);
}

TEST(GapDetectionStageTest, RejectsBadOptions) {
  for (const auto& [options, message] :
       std::vector<std::pair<std::map<std::string, OptionValue>, std::string>>{
           {{{"rate_hz", -5.0}}, "rate_hz=-5"},
           {{{"rate_hz", 20.0}, {"max_periods", 0.5}}, "max_periods=0.5"},
           {{{"rate_hz", 20.0}, {"mode", std::string("drop")}}, "mode='drop'"}}) {
    auto stage = FakeStageContext::ForStage("GapDetectionStage", options);
    ASSERT_TRUE(stage.ok());
    EXPECT_THAT(stage->first->Open(*stage->second).message(), HasSubstr(message));
  }
}

}  // namespace
}  // namespace sentio
