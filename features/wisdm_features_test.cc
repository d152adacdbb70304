#include "features/wisdm_features.h"

#include <cmath>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kPeriodUs = 50000;  // 20 Hz, as in the paper

// 200 samples (10 s at 20 Hz): x a triangle wave 0 1 2 1 0 -1 -2 -1 (period 8), y = 3, z = 4.
ImuBlock PaperWindow() {
  const float triangle[] = {0, 1, 2, 1, 0, -1, -2, -1};
  std::vector<float> samples;
  for (int i = 0; i < 200; ++i) samples.insert(samples.end(), {triangle[i % 8], 3, 4});
  auto block = ImuBlock::Create({"x", "y", "z"}, ImuBlock::UniformTimestamps(0, kPeriodUs, 200),
                                std::move(samples));
  EXPECT_TRUE(block.ok()) << block.status();
  return *std::move(block);
}

TEST(WisdmFeaturesTest, NamesFollowWisdmFiles) {
  const std::vector<std::string> names = WisdmFeatureNames();
  ASSERT_EQ(names.size(), static_cast<size_t>(kWisdmNumFeatures));
  EXPECT_EQ(names[0], "X0");
  EXPECT_EQ(names[19], "Y9");
  EXPECT_EQ(names[29], "Z9");
  EXPECT_THAT(
      std::vector<std::string>(names.begin() + 30, names.end()),
      ElementsAre("XAVG", "YAVG", "ZAVG", "XPEAK", "YPEAK", "ZPEAK", "XABSOLDEV", "YABSOLDEV",
                  "ZABSOLDEV", "XSTANDDEV", "YSTANDDEV", "ZSTANDDEV", "RESULTANT"));
}

TEST(WisdmFeaturesTest, HandComputedTriangleWave) {
  auto features = WisdmFeatures(PaperWindow(), {0, 200});
  ASSERT_TRUE(features.ok()) << features.status();
  ASSERT_EQ(features->size(), static_cast<size_t>(kWisdmNumFeatures));
  const std::vector<double>& f = *features;
  // x in [-2, 2], bins 0.4 wide: -2 -> 0, -1 -> 2, 0 -> 5, 1 -> 7, 2 -> 9 (the last bin holds
  // the maximum); per period of 8 samples -2 and 2 occur once, -1, 0 and 1 twice.
  EXPECT_THAT(std::vector<double>(f.begin(), f.begin() + 10),
              ElementsAre(0.125, 0, 0.25, 0, 0, 0.25, 0, 0.25, 0, 0.125));
  // Constant axes put every sample in the middle bin, as numpy.histogram does.
  EXPECT_THAT(std::vector<double>(f.begin() + 10, f.begin() + 20),
              ElementsAre(0, 0, 0, 0, 0, 1, 0, 0, 0, 0));
  EXPECT_EQ(f[25], 1);
  EXPECT_THAT(std::vector<double>(f.begin() + 30, f.begin() + 33), ElementsAre(0, 3, 4));
  // x peaks at samples 2, 10, ..., 194: 8 samples = 400 ms apart; y and z have no peaks.
  EXPECT_DOUBLE_EQ(f[33], 400);
  EXPECT_TRUE(std::isnan(f[34]));
  EXPECT_TRUE(std::isnan(f[35]));
  // |x - 0| per period: 0 1 2 1 0 1 2 1 -> 1; x^2: 0 1 4 1 0 1 4 1 -> std sqrt(12 / 8).
  EXPECT_THAT(std::vector<double>(f.begin() + 36, f.begin() + 42),
              ElementsAre(1, 0, 0, DoubleEq(std::sqrt(1.5)), 0, 0));
  // sqrt(x^2 + 9 + 16) per period: 5 twice, sqrt(26) four times, sqrt(29) twice.
  EXPECT_NEAR(f[42], (10 + 4 * std::sqrt(26.0) + 2 * std::sqrt(29.0)) / 8, 1e-12);
}

TEST(WisdmFeaturesTest, PeakTimesComeFromTimestamps) {
  // x peaks at samples 1 and 3, taken at 100 ms and 600 ms: irregular sampling is measured.
  auto block = ImuBlock::Create({"x", "y", "z"}, {0, 100000, 250000, 600000, 700000},
                                {0, 0, 0, 5, 0, 0, 1, 0, 0, 7, 0, 0, 2, 0, 0});
  ASSERT_TRUE(block.ok()) << block.status();
  auto features = WisdmFeatures(*block, {0, 5});
  ASSERT_TRUE(features.ok()) << features.status();
  EXPECT_DOUBLE_EQ((*features)[33], 500);
  // Only the window's samples count: [1, 4) holds one peak (sample 2 of the block is a valley).
  auto part = WisdmFeatures(*block, {1, 4});
  ASSERT_TRUE(part.ok());
  EXPECT_TRUE(std::isnan((*part)[33]));
  // x there is 5 1 7: bins 0.6 wide from 1 put 1, 5 and 7 in bins 0, 6 and 9.
  const double third = 1.0 / 3;
  EXPECT_THAT(std::vector<double>(part->begin(), part->begin() + 10),
              ElementsAre(third, 0, 0, 0, 0, 0, third, 0, 0, third));
}

TEST(WisdmFeaturesTest, NeedsThreeChannelsAndAWindowInside) {
  auto two = ImuBlock::Create({"x", "y"}, {0, 1}, {1, 2, 3, 4});
  ASSERT_TRUE(two.ok());
  EXPECT_THAT(WisdmFeatures(*two, {0, 2}).status().message(),
              HasSubstr("exactly 3 channels (x, y, z), got 2"));
  EXPECT_THAT(WisdmFeatures(PaperWindow(), {150, 250}).status().message(),
              HasSubstr("window [150, 250) does not fit a block of 200 samples"));
  EXPECT_FALSE(WisdmFeatures(PaperWindow(), {5, 5}).ok());
}

}  // namespace
}  // namespace sentio
