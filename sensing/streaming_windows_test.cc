#include "sensing/streaming_windows.h"

#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Two channels; sample i is (i, -i) at timestamps[i].
ImuBlock Series(const std::vector<int64_t>& timestamps, int64_t first_value) {
  std::vector<float> samples;
  for (size_t i = 0; i < timestamps.size(); ++i) {
    samples.push_back(static_cast<float>(first_value + i));
    samples.push_back(-static_cast<float>(first_value + i));
  }
  return *ImuBlock::Create({"x", "y"}, timestamps, samples);
}

// The series cut at `cuts` into consecutive blocks.
std::vector<ImuBlock> Blocks(const std::vector<int64_t>& timestamps, std::vector<size_t> cuts) {
  cuts.insert(cuts.begin(), 0);
  cuts.push_back(timestamps.size());
  std::vector<ImuBlock> blocks;
  for (size_t b = 0; b + 1 < cuts.size(); ++b) {
    blocks.push_back(Series({timestamps.begin() + cuts[b], timestamps.begin() + cuts[b + 1]},
                            static_cast<int64_t>(cuts[b])));
  }
  return blocks;
}

std::vector<std::vector<int64_t>> StreamedWindowTimes(const std::vector<ImuBlock>& blocks,
                                                      const WindowSpec& spec, bool by_time,
                                                      int64_t max_gap_us = 0) {
  StreamingWindows windows = *StreamingWindows::Create(spec, by_time, max_gap_us);
  std::vector<std::vector<int64_t>> times;
  for (const ImuBlock& block : blocks) {
    absl::StatusOr<std::vector<ImuBlock>> done = windows.Append(block);
    EXPECT_TRUE(done.ok()) << done.status();
    for (const ImuBlock& window : *done) {
      times.push_back(window.timestamps_us());
      // Values follow the timestamps: the sample's stream index.
      EXPECT_EQ(window.at(0, 0), -window.at(0, 1));
    }
  }
  return times;
}

std::vector<std::vector<int64_t>> BatchWindowTimes(const std::vector<int64_t>& timestamps,
                                                   const WindowSpec& spec, bool by_time) {
  std::vector<SampleRange> ranges =
      by_time ? *TimeWindows(timestamps, spec.size, spec.hop)
              : *SlidingWindows(static_cast<int64_t>(timestamps.size()), spec);
  std::vector<std::vector<int64_t>> times;
  for (const SampleRange& range : ranges) {
    times.emplace_back(timestamps.begin() + range.begin, timestamps.begin() + range.end);
  }
  return times;
}

TEST(StreamingWindowsTest, WindowLongerThanEveryBlockSpansThem) {
  // 10 samples in blocks of 3: windows of 4 every 2 exist only across blocks.
  std::vector<int64_t> timestamps = ImuBlock::UniformTimestamps(0, 10, 10);
  const auto times = StreamedWindowTimes(Blocks(timestamps, {3, 6, 9}), {4, 2}, false);
  ASSERT_EQ(times.size(), 4u);
  EXPECT_THAT(times[1], ElementsAre(20, 30, 40, 50));
  EXPECT_THAT(times[3], ElementsAre(60, 70, 80, 90));
}

// Random irregular series with gaps, cut at random places: streaming gives the batch windows.
TEST(StreamingWindowsTest, EqualsBatchWindowsForAnyCuts) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = std::uniform_int_distribution<int>(1, 80)(random);
    std::vector<int64_t> timestamps;
    int64_t t = std::uniform_int_distribution<int64_t>(-1000, 1000)(random);
    for (int i = 0; i < n; ++i) {
      t += std::uniform_int_distribution<int>(0, 9)(random) == 0
               ? std::uniform_int_distribution<int64_t>(50, 500)(random)  // a gap
               : std::uniform_int_distribution<int64_t>(8, 12)(random);
      timestamps.push_back(t);
    }
    std::vector<size_t> cuts;
    for (int i = 1; i < n; ++i) {
      if (std::uniform_int_distribution<int>(0, 3)(random) == 0) cuts.push_back(i);
    }
    const bool by_time = trial % 2 == 1;
    WindowSpec spec;
    spec.size = std::uniform_int_distribution<int64_t>(1, by_time ? 120 : 12)(random);
    spec.hop = std::uniform_int_distribution<int64_t>(1, by_time ? 150 : 15)(random);
    EXPECT_EQ(StreamedWindowTimes(Blocks(timestamps, cuts), spec, by_time),
              BatchWindowTimes(timestamps, spec, by_time))
        << "trial " << trial << (by_time ? " by time" : " by samples") << ", size " << spec.size
        << ", hop " << spec.hop;
  }
}

// With a largest gap: the batch windows of each stretch between gaps.
TEST(StreamingWindowsTest, GapsEndStretchesAsSeparateRecordings) {
  std::mt19937 random(11);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = std::uniform_int_distribution<int>(1, 80)(random);
    std::vector<int64_t> timestamps;
    int64_t t = 0;
    for (int i = 0; i < n; ++i) {
      t += std::uniform_int_distribution<int>(0, 7)(random) == 0
               ? std::uniform_int_distribution<int64_t>(30, 300)(random)
               : std::uniform_int_distribution<int64_t>(8, 12)(random);
      timestamps.push_back(t);
    }
    std::vector<size_t> cuts;
    for (int i = 1; i < n; ++i) {
      if (std::uniform_int_distribution<int>(0, 3)(random) == 0) cuts.push_back(i);
    }
    const bool by_time = trial % 2 == 1;
    const WindowSpec spec{std::uniform_int_distribution<int64_t>(1, by_time ? 60 : 6)(random),
                          std::uniform_int_distribution<int64_t>(1, by_time ? 40 : 4)(random)};
    const int64_t max_gap = 25;
    std::vector<std::vector<int64_t>> expected;
    size_t stretch = 0;
    for (size_t i = 1; i <= timestamps.size(); ++i) {
      if (i < timestamps.size() && timestamps[i] - timestamps[i - 1] <= max_gap) continue;
      const auto part =
          BatchWindowTimes({timestamps.begin() + stretch, timestamps.begin() + i}, spec, by_time);
      expected.insert(expected.end(), part.begin(), part.end());
      stretch = i;
    }
    EXPECT_EQ(StreamedWindowTimes(Blocks(timestamps, cuts), spec, by_time, max_gap), expected)
        << "trial " << trial;
  }
}

TEST(StreamingWindowsTest, KeepsOnlyWhatLaterWindowsNeed) {
  StreamingWindows windows = *StreamingWindows::Create({4, 2}, false);
  for (int b = 0; b < 100; ++b) {
    ASSERT_TRUE(windows.Append(Series(ImuBlock::UniformTimestamps(b * 50, 10, 5), b * 5)).ok());
    EXPECT_LE(windows.buffered_samples(), 4);
  }
}

TEST(StreamingWindowsTest, LongGapIsOneStep) {
  StreamingWindows windows = *StreamingWindows::Create({10, 1}, true);
  ASSERT_TRUE(windows.Append(Series({0, 5}, 0)).ok());
  absl::StatusOr<std::vector<ImuBlock>> done = windows.Append(Series({int64_t{1} << 60}, 2));
  ASSERT_TRUE(done.ok());
  // Starts 0..5 hold the first samples; then the one window that ends at the far sample.
  ASSERT_EQ(done->size(), 7u);
  EXPECT_THAT((*done)[0].timestamps_us(), ElementsAre(0, 5));
  EXPECT_THAT((*done)[5].timestamps_us(), ElementsAre(5));
  EXPECT_THAT((*done)[6].timestamps_us(), ElementsAre(int64_t{1} << 60));
}

TEST(StreamingWindowsTest, RejectsBadSpecsAndBlocks) {
  EXPECT_THAT(StreamingWindows::Create({0, 1}, false).status().message(),
              HasSubstr("must both be positive"));
  StreamingWindows windows = *StreamingWindows::Create({2, 1}, false);
  ASSERT_TRUE(windows.Append(Series({10, 20, 30}, 0)).ok());
  EXPECT_THAT(windows.Append(Series({30, 40}, 3)).status().message(),
              HasSubstr("a block starts at 30 us, not after the previous block's last sample"));
  EXPECT_THAT(windows.Append(*ImuBlock::Create({"z"}, {50}, {1})).status().message(),
              HasSubstr("a block's channels (z) differ from the stream's (x, y)"));
}

}  // namespace
}  // namespace sentio
