#include "features/channel_stats.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

TEST(ChannelStatsStageTest, EmitsTheWindowsStatisticsWithNames) {
  absl::StatusOr<ImuBlock> window =
      ImuBlock::Create({"x", "y"}, {500, 600, 700}, {1, -1, 2, 0, 6, 4});
  ASSERT_TRUE(window.ok());
  auto stage = FakeStageContext::ForStage("ChannelStatsStage", {});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [features, context] = *stage;
  context->SetInput(0, Packet::Make(500, *window));
  ASSERT_TRUE(features->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 1u);
  const Packet& packet = context->emitted[0].second;
  EXPECT_EQ(packet.timestamp_us(), 500);
  const FeatureVector& vector = *packet.Get<FeatureVector>();
  EXPECT_EQ(vector.values, *ChannelStatsFeatures(*window, SampleRange{0, 3}));
  EXPECT_EQ(vector.names, ChannelStatsFeatureNames({"x", "y"}));
  EXPECT_DOUBLE_EQ(vector.values[0], 3.0);  // mean of x: (1 + 2 + 6) / 3
}

}  // namespace
}  // namespace sentio
