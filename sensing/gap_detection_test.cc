#include "sensing/gap_detection.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(GapDetectionTest, FindsSpacingsAboveTheLimit) {
  // 20 Hz (50 ms) with a 3-period limit: 150 ms is allowed, 151 ms is a gap.
  EXPECT_THAT(FindGaps({0, 50000, 200000, 351000, 400000, 2000000}, 150000), ElementsAre(3, 5));
  EXPECT_THAT(FindGaps({0, 50000}, 150000), IsEmpty());
  EXPECT_THAT(FindGaps({}, 150000), IsEmpty());
}

TEST(GapDetectionTest, SplitsBlocksIntoRunsWithoutGaps) {
  auto block = ImuBlock::Create({"x"}, {0, 10, 20, 100, 110, 500}, {0, 1, 2, 3, 4, 5});
  ASSERT_TRUE(block.ok());
  auto runs = SplitAtGaps(*block, 30);
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 3u);
  EXPECT_THAT((*runs)[0].timestamps_us(), ElementsAre(0, 10, 20));
  EXPECT_THAT((*runs)[1].Channel(0, 0, 2), ElementsAre(3, 4));
  EXPECT_THAT((*runs)[2].timestamps_us(), ElementsAre(500));
  auto whole = SplitAtGaps(*block, 1000);
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ(whole->size(), 1u);
  EXPECT_EQ((*whole)[0].num_samples(), 6);
  auto empty = SplitAtGaps(*ImuBlock::Create({"x"}, {}, {}), 30);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace sentio
