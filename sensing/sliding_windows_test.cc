#include "sensing/sliding_windows.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(SlidingWindowsTest, OverlappingWindowsDropThePartialTail) {
  auto windows = SlidingWindows(10, {4, 2});
  ASSERT_TRUE(windows.ok());
  EXPECT_THAT(*windows, ElementsAre(SampleRange{0, 4}, SampleRange{2, 6}, SampleRange{4, 8},
                                    SampleRange{6, 10}));
}

TEST(SlidingWindowsTest, WindowEqualToSeriesGivesOneWindow) {
  EXPECT_THAT(*SlidingWindows(5, {5, 1}), ElementsAre(SampleRange{0, 5}));
}

TEST(SlidingWindowsTest, WindowLongerThanSeriesGivesNone) {
  EXPECT_THAT(*SlidingWindows(3, {4, 1}), IsEmpty());
  EXPECT_THAT(*SlidingWindows(0, {1, 1}), IsEmpty());
}

TEST(SlidingWindowsTest, HopLargerThanWindowSkipsSamples) {
  EXPECT_THAT(*SlidingWindows(11, {2, 5}),
              ElementsAre(SampleRange{0, 2}, SampleRange{5, 7}));
  // The third window would start at 10 and need samples 10 and 11.
  EXPECT_THAT(*SlidingWindows(12, {2, 5}),
              ElementsAre(SampleRange{0, 2}, SampleRange{5, 7}, SampleRange{10, 12}));
}

TEST(SlidingWindowsTest, RejectsNonPositiveSizeOrHop) {
  EXPECT_THAT(SlidingWindows(10, {0, 1}).status().message(),
              HasSubstr("window size (0) and hop (1) must be positive"));
  EXPECT_FALSE(SlidingWindows(10, {3, 0}).ok());
  EXPECT_FALSE(SlidingWindows(10, {-3, 1}).ok());
}

}  // namespace
}  // namespace sentio
