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

TEST(TimeWindowsTest, RegularSamplesMatchWindowsInSamples) {
  // 10 samples every 100 us; 400 us windows every 200 us hold 4 samples every 2.
  std::vector<int64_t> timestamps;
  for (int i = 0; i < 10; ++i) timestamps.push_back(1000 + 100 * i);
  EXPECT_THAT(*TimeWindows(timestamps, 400, 200), ElementsAre(SampleRange{0, 4}, SampleRange{2, 6},
                                                              SampleRange{4, 8}));
  EXPECT_THAT(*SlidingWindows(10, {4, 2}), ElementsAre(SampleRange{0, 4}, SampleRange{2, 6},
                                                       SampleRange{4, 8}, SampleRange{6, 10}));
}

TEST(TimeWindowsTest, IrregularSamplesAndGaps) {
  // Samples at 0, 10, 15, 40 and (after a gap) 100, 105 us; windows of 20 us every 20 us.
  const std::vector<int64_t> timestamps = {0, 10, 15, 40, 100, 105};
  // [0,20): 0 10 15; [20,40): none; [40,60): 40; [60,80), [80,100): none; [100,120) would end
  // after the last sample (105), so it is not produced.
  EXPECT_THAT(*TimeWindows(timestamps, 20, 20), ElementsAre(SampleRange{0, 3}, SampleRange{3, 4}));
  // A window may end exactly at the last sample's time + 1.
  EXPECT_THAT(*TimeWindows(timestamps, 6, 100), ElementsAre(SampleRange{0, 1}, SampleRange{4, 6}));
}

TEST(TimeWindowsTest, EdgesAndErrors) {
  EXPECT_THAT(*TimeWindows({}, 10, 10), IsEmpty());
  EXPECT_THAT(*TimeWindows({5}, 10, 10), IsEmpty());    // one sample spans no 10 us
  EXPECT_THAT(*TimeWindows({0, 50}, 10, 100), ElementsAre(SampleRange{0, 1}));
  EXPECT_THAT(TimeWindows({0, 1}, 0, 1).status().message(),
              HasSubstr("window length (0 us) and hop (1 us) must be positive"));
  EXPECT_FALSE(TimeWindows({0, 1}, 1, -1).ok());
}

}  // namespace
}  // namespace sentio
