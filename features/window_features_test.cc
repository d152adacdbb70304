#include "features/window_features.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TimeSeriesCase MakeCase(std::vector<std::string> channels, std::vector<float> samples,
                        int label) {
  const int64_t n = samples.size() / channels.size();
  auto block = ImuBlock::Create(std::move(channels), ImuBlock::UniformTimestamps(0, 100000, n),
                                std::move(samples));
  EXPECT_TRUE(block.ok()) << block.status();
  return {*std::move(block), label};
}

TimeSeriesDataset TwoCases() {
  TimeSeriesDataset data;
  data.problem_name = "toy";
  data.class_labels = {"rest", "walk"};
  data.cases.push_back(MakeCase({"x"}, {1, 1, 1, 1}, 0));
  data.cases.push_back(MakeCase({"x"}, {0, 2, 0, 2, 0}, 1));
  return data;
}

TEST(WindowFeaturesTest, OneLabelledInstancePerWindow) {
  auto features = ExtractWindowFeatures(TwoCases(), {0, 1}, {2, 2});
  ASSERT_TRUE(features.ok()) << features.status();
  const Dataset& windows = features->windows;
  EXPECT_EQ(windows.num_attributes(), 7);  // 6 statistics of x, then the class
  EXPECT_EQ(windows.attributes[0].name, "x.mean");
  EXPECT_EQ(windows.class_attribute().values, (std::vector<std::string>{"rest", "walk"}));
  EXPECT_TRUE(windows.ValidateForClassification().ok());
  ASSERT_EQ(windows.num_instances(), 4);  // 2 windows per case; case 1's last sample is left out
  EXPECT_THAT(features->case_of_window, ElementsAre(0, 0, 1, 1));
  EXPECT_THAT(windows.instances[2].values, ElementsAre(1, 1, 0, 2, 1, 2, 1));
  EXPECT_EQ(windows.ClassOf(0), 0);
}

TEST(WindowFeaturesTest, SelectsCasesAndKeepsUnlabelledOnesMissing) {
  TimeSeriesDataset data = TwoCases();
  data.cases[1].label = -1;
  auto features = ExtractWindowFeatures(data, {1}, {5, 1});
  ASSERT_TRUE(features.ok());
  ASSERT_EQ(features->windows.num_instances(), 1);
  EXPECT_EQ(features->windows.ClassOf(0), -1);
  EXPECT_THAT(features->case_of_window, ElementsAre(1));
}

TEST(WindowFeaturesTest, CaseShorterThanWindowIsNamed) {
  EXPECT_THAT(ExtractWindowFeatures(TwoCases(), {1, 0}, {5, 1}).status().message(),
              HasSubstr("toy case 0 has 4 samples, fewer than one window of 5"));
}

TEST(WindowFeaturesTest, MismatchedChannelsAreNamed) {
  TimeSeriesDataset data = TwoCases();
  data.cases.push_back(MakeCase({"y"}, {1, 2}, 0));
  EXPECT_THAT(ExtractWindowFeatures(data, {0, 2}, {2, 1}).status().message(),
              HasSubstr("case 2 has channels [y], expected [x]"));
}

TEST(WindowFeaturesTest, AnyFeatureSetByName) {
  TimeSeriesDataset data = TwoCases();
  auto time = FindFeatureSet("time");
  ASSERT_TRUE(time.ok());
  auto features = ExtractWindowFeatures(data, {0, 1}, {4, 4}, **time);
  ASSERT_TRUE(features.ok()) << features.status();
  EXPECT_EQ(features->windows.attributes[0].name, "x.mean");
  EXPECT_EQ(features->windows.attributes[1].name, "x.std");
  EXPECT_EQ(features->windows.num_attributes(), 28 + 1);
  ASSERT_EQ(features->windows.num_instances(), 2);
  EXPECT_EQ(features->windows.instances[1].values[0], 1);  // mean of 0 2 0 2
  auto wisdm = FindFeatureSet("wisdm");
  ASSERT_TRUE(wisdm.ok());
  EXPECT_THAT(ExtractWindowFeatures(data, {0}, {4, 4}, **wisdm).status().message(),
              HasSubstr("needs exactly 3 channels"));
}

TEST(WindowFeaturesTest, BadWindowSpecAndNoCases) {
  EXPECT_FALSE(ExtractWindowFeatures(TwoCases(), {0}, {0, 1}).ok());
  EXPECT_FALSE(ExtractWindowFeatures(TwoCases(), {}, {2, 1}).ok());
}

}  // namespace
}  // namespace sentio
