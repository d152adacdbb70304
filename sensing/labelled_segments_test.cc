#include "sensing/labelled_segments.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;

TEST(LabelledSegmentsTest, LabelOfTheSegmentHoldingATime) {
  LabelledSegments segments;
  segments.Add(Packet::Make(100, SegmentLabel{"walk", 199, ""}));
  segments.Add(Packet::Make(10, SegmentLabel{"sit", 50, ""}));  // out of order
  segments.Add(Packet::Make(300, SegmentLabel{"walk", 400, ""}));
  EXPECT_EQ(*segments.LabelAt(10), "sit");
  EXPECT_EQ(*segments.LabelAt(50), "sit");
  EXPECT_EQ(segments.LabelAt(51), nullptr);  // between segments
  EXPECT_EQ(*segments.LabelAt(199), "walk");
  EXPECT_EQ(segments.LabelAt(5), nullptr);    // before all
  EXPECT_EQ(segments.LabelAt(401), nullptr);  // after all
  EXPECT_THAT(segments.Labels(), ElementsAre("sit", "walk"));
  EXPECT_EQ(segments.size(), 3);
}

}  // namespace
}  // namespace sentio
