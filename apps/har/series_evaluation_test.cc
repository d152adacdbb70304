#include "apps/har/series_evaluation.h"

#include <cmath>

#include "classifiers/knn.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

// Class 0 ("still"): a small constant; class 1 ("shaking"): a square wave of amplitude 1 + case
// number / 10, so the classes differ in deviation and energy but not in mean.
TimeSeriesCase MakeCase(int label, int number) {
  std::vector<float> samples;
  for (int i = 0; i < 40; ++i) {
    const float level = label == 0 ? 0.01f * number : (1 + number / 10.0f) * (i % 2 ? 1 : -1);
    samples.push_back(level);
  }
  auto block = ImuBlock::Create({"acc"}, ImuBlock::UniformTimestamps(0, 20000, 40), samples);
  EXPECT_TRUE(block.ok());
  return {*std::move(block), label};
}

TimeSeriesDataset MakeData(int cases_per_class) {
  TimeSeriesDataset data;
  data.problem_name = "toy";
  data.class_labels = {"still", "shaking"};
  for (int n = 0; n < cases_per_class; ++n) {
    data.cases.push_back(MakeCase(0, n));
    data.cases.push_back(MakeCase(1, n));
  }
  return data;
}

ClassifierFactory OneNearestNeighbour() {
  return []() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<KnnClassifier>(1);
  };
}

TEST(SeriesEvaluationTest, ClassifiesEveryTestCaseOnce) {
  auto matrix = EvaluateSeriesOnTestSet(OneNearestNeighbour(), MakeData(5), MakeData(3), {10, 5});
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->total(), 6);  // cases, not windows
  EXPECT_EQ(matrix->accuracy(), 1.0);
}

TEST(SeriesEvaluationTest, CrossValidationCoversEveryCase) {
  auto matrix = CrossValidateSeries(OneNearestNeighbour(), MakeData(5), {20, 10}, 5, 1);
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->total(), 10);
  EXPECT_EQ(matrix->accuracy(), 1.0);
}

TEST(SeriesEvaluationTest, LeaveOneGroupOutClassifiesEveryLabelledCaseOnce) {
  TimeSeriesDataset data = MakeData(6);
  data.cases[3].label = -1;
  std::vector<int> groups;
  for (size_t c = 0; c < data.cases.size(); ++c) groups.push_back(static_cast<int>(c / 4));
  auto matrix = LeaveOneGroupOutSeries(OneNearestNeighbour(), data, groups, {20, 10});
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->total(), 11);
  EXPECT_EQ(matrix->accuracy(), 1.0);
}

TEST(SeriesEvaluationTest, LeaveOneGroupOutNeverTrainsOnTheHeldOutGroup) {
  // The same recording labelled "still" in group 0 and "shaking" in group 1: each is classified
  // by the other's label only if its own group is left out of training.
  TimeSeriesDataset data = MakeData(1);
  data.cases[1] = data.cases[0];
  data.cases[1].label = 1;
  auto matrix = LeaveOneGroupOutSeries(OneNearestNeighbour(), data, {0, 1}, {20, 10});
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->total(), 2);
  EXPECT_EQ(matrix->accuracy(), 0.0);
  EXPECT_THAT(
      LeaveOneGroupOutSeries(OneNearestNeighbour(), data, {0, 0}, {20, 10}).status().message(),
      HasSubstr("at least 2 groups, there are 1"));
  EXPECT_THAT(LeaveOneGroupOutSeries(OneNearestNeighbour(), data, {0}, {20, 10}).status().message(),
              HasSubstr("1 groups for 2 cases"));
}

TEST(SeriesEvaluationTest, UnlabelledTestCasesAreNotCounted) {
  TimeSeriesDataset test = MakeData(2);
  test.cases[0].label = -1;
  auto matrix = EvaluateSeriesOnTestSet(OneNearestNeighbour(), MakeData(3), test, {10, 10});
  ASSERT_TRUE(matrix.ok());
  EXPECT_EQ(matrix->total(), 3);
}

TEST(SeriesEvaluationTest, Errors) {
  TimeSeriesDataset other_classes = MakeData(1);
  other_classes.class_labels = {"still", "walking"};
  EXPECT_THAT(
      EvaluateSeriesOnTestSet(OneNearestNeighbour(), MakeData(2), other_classes, {10, 5})
          .status()
          .message(),
      HasSubstr("training data declares classes [still, shaking], test data [still, walking]"));
  EXPECT_THAT(EvaluateSeriesOnTestSet(OneNearestNeighbour(), MakeData(2), MakeData(1), {50, 5})
                  .status()
                  .message(),
              HasSubstr("fewer than one window of 50"));
  EXPECT_FALSE(CrossValidateSeries(OneNearestNeighbour(), MakeData(2), {10, 5}, 5, 1).ok());
}

}  // namespace
}  // namespace sentio
