#include "cnn/caching/block_changes.h"

#include <limits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::caching {
namespace {

using ::testing::HasSubstr;

// A 3 x 40 x 50 frame (3 x 4 blocks of 16, the last row and column partial) of a gradient.
std::vector<float> Frame() {
  std::vector<float> frame(3 * 40 * 50);
  for (size_t i = 0; i < frame.size(); ++i) frame[i] = static_cast<float>(i % 97) / 97;
  return frame;
}

std::vector<bool> Changed(BlockChangeDetector& detector, const std::vector<float>& frame) {
  absl::StatusOr<BlockChanges> changes = detector.Compare(frame.data(), 3, 40, 50);
  EXPECT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(changes->block_rows, 3);
  EXPECT_EQ(changes->block_cols, 4);
  return changes->changed;
}

TEST(BlockChangesTest, FirstFrameChangedThenOnlyTheBlockThatMoved) {
  BlockChangeDetector detector({});
  std::vector<float> frame = Frame();
  EXPECT_EQ(Changed(detector, frame), std::vector<bool>(12, true));
  EXPECT_EQ(Changed(detector, frame), std::vector<bool>(12, false));
  // A bright square in block (1, 2) (rows 16..31, columns 32..47) of the green plane.
  for (int y = 20; y < 28; ++y) {
    for (int x = 36; x < 44; ++x) frame[1 * 2000 + y * 50 + x] = 1.0f;
  }
  std::vector<bool> expected(12, false);
  expected[1 * 4 + 2] = true;
  EXPECT_EQ(Changed(detector, frame), expected);
  detector.Reset();
  EXPECT_EQ(Changed(detector, frame), std::vector<bool>(12, true));
}

TEST(BlockChangesTest, RebaseMakesTheLastFrameTheReference) {
  BlockChangeOptions options;
  options.threshold = 0.02;
  std::vector<float> a(3 * 40 * 50, 0.5f), b = a, c = a;
  for (int x = 0; x < 10; ++x) b[x] = c[x] = 0.9f;  // 10 of block 0's values: distance 0.013
  for (int x = 0; x < 10; ++x) c[50 + x] = 0.9f;    // 20 off a (0.026), 10 off b
  for (bool rebase : {false, true}) {
    BlockChangeDetector detector(options);
    Changed(detector, a);
    EXPECT_FALSE(Changed(detector, b)[0]);
    if (rebase) detector.Rebase();
    EXPECT_EQ(Changed(detector, c)[0], !rebase);
  }
}

TEST(BlockChangesTest, ThresholdAndDrift) {
  BlockChangeOptions options;
  options.threshold = 0.02;
  BlockChangeDetector detector(options);
  std::vector<float> frame(3 * 40 * 50, 0.5f);
  Changed(detector, frame);
  // One value of block 0's 768 moves to another bin: distance about 1 / 768 < 0.02.
  frame[0] = 0.9f;
  EXPECT_EQ(Changed(detector, frame), std::vector<bool>(12, false));
  // Drift adds up against the block as it was last computed: 30 values moved, distance 0.042.
  for (int x = 1; x < 16; ++x) frame[x] = 0.9f;
  for (int x = 0; x < 15; ++x) frame[50 + x] = 0.9f;
  EXPECT_TRUE(Changed(detector, frame)[0]);
  EXPECT_EQ(Changed(detector, frame), std::vector<bool>(12, false));
}

TEST(BlockChangesTest, ValuesOutsideTheRangeAndNaNGoToTheEndBins) {
  BlockChangeDetector detector({});
  std::vector<float> frame(3 * 40 * 50, -3.0f);
  Changed(detector, frame);
  for (float& v : frame) v = std::numeric_limits<float>::quiet_NaN();  // bin 0 as well
  EXPECT_EQ(Changed(detector, frame), std::vector<bool>(12, false));
  for (float& v : frame) v = 7.0f;
  EXPECT_EQ(Changed(detector, frame), std::vector<bool>(12, true));
}

TEST(BlockChangesTest, AnotherFrameSizeIsAnError) {
  BlockChangeDetector detector({});
  std::vector<float> frame = Frame();
  ASSERT_TRUE(detector.Compare(frame.data(), 3, 40, 50).ok());
  absl::StatusOr<BlockChanges> other = detector.Compare(frame.data(), 3, 50, 40);
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("a frame of 3x50x40 after frames of 3x40x50"));
}

TEST(BlockChangesTest, OptionsOutOfRange) {
  BlockChangeOptions options;
  options.threshold = 1.5;
  EXPECT_THAT(CheckBlockChangeOptions(options).message(), HasSubstr("1.5 is not in [0, 1]"));
  options.threshold = -0.1;
  EXPECT_FALSE(CheckBlockChangeOptions(options).ok());
  options = {};
  options.block_size = 0;
  EXPECT_FALSE(CheckBlockChangeOptions(options).ok());
  options = {};
  options.low = 1;
  EXPECT_FALSE(CheckBlockChangeOptions(options).ok());
  EXPECT_TRUE(CheckBlockChangeOptions({}).ok());
}

}  // namespace
}  // namespace sentio::cnn::caching
