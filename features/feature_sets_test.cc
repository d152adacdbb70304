#include "features/feature_sets.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "features/channel_stats.h"
#include "features/wisdm_features.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// 8 samples at 10 Hz of x (peaks at 2 and 6), y = 2x and z = 1 (constant).
ImuBlock ThreeAxes() {
  const float x[] = {0, 1, 3, 1, 0, 2, 4, 2};
  std::vector<float> samples;
  for (float v : x) samples.insert(samples.end(), {v, 2 * v, 1});
  auto block = ImuBlock::Create({"x", "y", "z"}, ImuBlock::UniformTimestamps(0, 100000, 8),
                                std::move(samples));
  EXPECT_TRUE(block.ok()) << block.status();
  return *std::move(block);
}

const FeatureSet& Set(const std::string& name) {
  absl::StatusOr<const FeatureSet*> set = FindFeatureSet(name);
  EXPECT_TRUE(set.ok()) << set.status();
  return **set;
}

// The value of feature `name` of `set` over the whole of `block`.
double Feature(const FeatureSet& set, const ImuBlock& block, const std::string& name) {
  const std::vector<std::string> names = *set.FeatureNames(block.channel_names());
  const std::vector<double> values = *set.Compute(block, {0, block.num_samples()});
  const auto at = std::find(names.begin(), names.end(), name);
  EXPECT_NE(at, names.end()) << name;
  return at == names.end() ? std::nan("") : values[at - names.begin()];
}

TEST(FeatureSetsTest, RegistryByName) {
  EXPECT_THAT(FeatureSetNames(), ElementsAre("stats", "time", "wisdm"));
  for (const std::string& name : FeatureSetNames()) EXPECT_EQ(Set(name).name(), name);
  EXPECT_THAT(FindFeatureSet("mfcc").status().message(),
              HasSubstr("unknown feature set 'mfcc' (known: stats, time, wisdm)"));
}

TEST(FeatureSetsTest, NamesMatchValuesForEverySet) {
  const ImuBlock block = ThreeAxes();
  for (const std::string& name : FeatureSetNames()) {
    auto names = Set(name).FeatureNames(block.channel_names());
    auto values = Set(name).Compute(block, {1, 7});
    ASSERT_TRUE(names.ok()) << name << ": " << names.status();
    ASSERT_TRUE(values.ok()) << name << ": " << values.status();
    EXPECT_EQ(names->size(), values->size()) << name;
  }
  EXPECT_EQ(Set("time").FeatureNames(block.channel_names())->size(), 3 * 28 + 3 + 1u);
  EXPECT_EQ(Set("time").FeatureNames({"a", "b", "c", "d"})->size(), 4 * 28 + 6u);  // no triple
}

TEST(FeatureSetsTest, StatsAndWisdmAreTheFoundationsAndThePapers) {
  const ImuBlock block = ThreeAxes();
  EXPECT_EQ(*Set("stats").Compute(block, {2, 6}), *ChannelStatsFeatures(block, {2, 6}));
  EXPECT_EQ(*Set("stats").FeatureNames({"a"}), ChannelStatsFeatureNames({"a"}));
  EXPECT_EQ(*Set("wisdm").FeatureNames(block.channel_names()), WisdmFeatureNames());
  const std::vector<double> wisdm = *Set("wisdm").Compute(block, {0, 8});
  const std::vector<double> direct = *WisdmFeatures(block, {0, 8});
  ASSERT_EQ(wisdm.size(), direct.size());
  for (size_t i = 0; i < wisdm.size(); ++i) {
    EXPECT_TRUE(wisdm[i] == direct[i] || (std::isnan(wisdm[i]) && std::isnan(direct[i]))) << i;
  }
  EXPECT_THAT(Set("wisdm").FeatureNames({"a", "b"}).status().message(),
              HasSubstr("needs exactly 3 channels (x, y, z), got 2: [a, b]"));
}

TEST(FeatureSetsTest, TimeSetHandComputed) {
  const ImuBlock block = ThreeAxes();
  const FeatureSet& time = Set("time");
  EXPECT_DOUBLE_EQ(Feature(time, block, "x.mean"), 13.0 / 8);
  EXPECT_DOUBLE_EQ(Feature(time, block, "x.max"), 4);
  EXPECT_DOUBLE_EQ(Feature(time, block, "x.median"), 1.5);
  EXPECT_DOUBLE_EQ(Feature(time, block, "x.peaks"), 2);
  EXPECT_DOUBLE_EQ(Feature(time, block, "x.peak_interval_ms"), 400);
  EXPECT_DOUBLE_EQ(Feature(time, block, "x.zcr"), 0);
  EXPECT_DOUBLE_EQ(Feature(time, block, "x.bin9"), 1.0 / 8);
  EXPECT_DOUBLE_EQ(Feature(time, block, "corr.x.y"), 1);
  EXPECT_TRUE(std::isnan(Feature(time, block, "corr.x.z")));  // z is constant
  EXPECT_TRUE(std::isnan(Feature(time, block, "z.skewness")));
  EXPECT_TRUE(std::isnan(Feature(time, block, "z.peak_interval_ms")));
  // Resultant sqrt(x^2 + 4x^2 + 1) averaged over the 8 samples.
  double resultant = 0;
  for (double x : {0, 1, 3, 1, 0, 2, 4, 2}) resultant += std::sqrt(5 * x * x + 1) / 8;
  EXPECT_DOUBLE_EQ(Feature(time, block, "resultant.x.y.z"), resultant);
}

TEST(FeatureSetsTest, WindowsThatDoNotFitOrAreTooShortAreErrors) {
  const ImuBlock block = ThreeAxes();
  EXPECT_THAT(Set("time").Compute(block, {3, 4}).status().message(),
              HasSubstr("needs windows of at least 2 samples, got 1"));
  for (const std::string& name : FeatureSetNames()) {
    EXPECT_THAT(Set(name).Compute(block, {4, 9}).status().message(),
                HasSubstr("window [4, 9) does not fit a block of 8 samples"))
        << name;
  }
  auto two = ImuBlock::Create({"a", "b"}, {0, 1}, {1, 2, 3, 4});
  ASSERT_TRUE(two.ok());
  EXPECT_THAT(Set("wisdm").Compute(*two, {0, 2}).status().message(),
              HasSubstr("exactly 3 channels"));
}

}  // namespace
}  // namespace sentio
