#include "features/channel_stats.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ChannelStatsTest, HandComputedValues) {
  // x = 1, 2, 3, 6: mean 3; deviations -2 -1 0 3; squares 4 1 0 9 -> variance 14/4 = 3.5;
  // |deviations| sum 6 -> MAD 1.5; energy (1 + 4 + 9 + 36) / 4 = 12.5.
  const std::vector<float> x = {1, 2, 3, 6};
  auto stats = ComputeChannelStats(x);
  ASSERT_TRUE(stats.ok());
  EXPECT_DOUBLE_EQ(stats->mean, 3.0);
  EXPECT_DOUBLE_EQ(stats->std_dev, std::sqrt(3.5));
  EXPECT_DOUBLE_EQ(stats->min, 1.0);
  EXPECT_DOUBLE_EQ(stats->max, 6.0);
  EXPECT_DOUBLE_EQ(stats->mean_abs_dev, 1.5);
  EXPECT_DOUBLE_EQ(stats->energy, 12.5);
}

TEST(ChannelStatsTest, SingleAndNegativeSamples) {
  auto one = ComputeChannelStats(std::vector<float>{-2});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->mean, -2);
  EXPECT_EQ(one->std_dev, 0);
  EXPECT_EQ(one->mean_abs_dev, 0);
  EXPECT_EQ(one->energy, 4);
  EXPECT_EQ(one->min, -2);
  EXPECT_EQ(one->max, -2);
}

TEST(ChannelStatsTest, LargeOffsetKeepsPrecision) {
  // 1e4 + {0.5, -0.5}: variance 0.25 exactly, lost by the naive one-pass formula in float.
  auto stats = ComputeChannelStats(std::vector<float>{10000.5f, 9999.5f});
  ASSERT_TRUE(stats.ok());
  EXPECT_DOUBLE_EQ(stats->std_dev, 0.5);
}

TEST(ChannelStatsTest, EmptyWindowIsAnError) {
  EXPECT_THAT(ComputeChannelStats({}).status().message(), HasSubstr("empty window"));
}

TEST(ChannelStatsTest, FeaturesOfEachChannelInNameOrder) {
  // Channel a: 1 3 (window of the last two: 3 5); channel b: 0 0 -> 0 4.
  auto block = ImuBlock::Create({"a", "b"}, {0, 1, 2}, {1, 0, 3, 0, 5, 4});
  ASSERT_TRUE(block.ok());
  auto features = ChannelStatsFeatures(*block, {1, 3});
  ASSERT_TRUE(features.ok());
  EXPECT_THAT(*features, ElementsAre(4, 1, 3, 5, 1, 17,   // a: 3 5
                                     2, 2, 0, 4, 2, 8));  // b: 0 4
  EXPECT_THAT(ChannelStatsFeatureNames({"a", "b"}),
              ElementsAre("a.mean", "a.std", "a.min", "a.max", "a.mad", "a.energy", "b.mean",
                          "b.std", "b.min", "b.max", "b.mad", "b.energy"));
}

TEST(ChannelStatsTest, WindowOutsideBlockIsAnError) {
  auto block = ImuBlock::Create({"a"}, {0, 1}, {1, 2});
  ASSERT_TRUE(block.ok());
  EXPECT_THAT(ChannelStatsFeatures(*block, {1, 3}).status().message(),
              HasSubstr("window [1, 3) does not fit a block of 2 samples"));
  EXPECT_FALSE(ChannelStatsFeatures(*block, {1, 1}).ok());
}

}  // namespace
}  // namespace sentio
