#include "classifiers/evaluation.h"

#include <map>

#include "classifiers/knn.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

TEST(StratifiedFoldsTest, EveryFoldGetsItsShareOfEachClass) {
  std::vector<int> labels;
  for (int i = 0; i < 30; ++i) labels.push_back(i < 20 ? 0 : 1);  // 20 of class 0, 10 of class 1
  auto folds = StratifiedFolds(labels, 5, 7);
  ASSERT_TRUE(folds.ok());
  std::map<std::pair<int, int>, int> per_fold_and_class;
  for (int i = 0; i < 30; ++i) ++per_fold_and_class[{(*folds)[i], labels[i]}];
  for (int fold = 0; fold < 5; ++fold) {
    EXPECT_EQ((per_fold_and_class[{fold, 0}]), 4) << "fold " << fold;
    EXPECT_EQ((per_fold_and_class[{fold, 1}]), 2) << "fold " << fold;
  }
}

TEST(StratifiedFoldsTest, SeedDecidesTheAssignmentDeterministically) {
  std::vector<int> labels(20, 0);
  EXPECT_EQ(*StratifiedFolds(labels, 4, 1), *StratifiedFolds(labels, 4, 1));
  EXPECT_NE(*StratifiedFolds(labels, 4, 1), *StratifiedFolds(labels, 4, 2));
}

TEST(StratifiedFoldsTest, RejectsImpossibleFoldCounts) {
  EXPECT_THAT(StratifiedFolds({0, 1, 0}, 4, 1).status().message(),
              HasSubstr("needs 2 to 3 folds for 3 items, got 4"));
  EXPECT_FALSE(StratifiedFolds({0, 1, 0}, 1, 1).ok());
}

// Class = whether x > 50; a separable problem that 1-NN learns almost perfectly.
Dataset Threshold(int n) {
  Dataset data;
  data.relation = "threshold";
  data.attributes = {{"x", AttributeType::kNumeric, {}, ""},
                     {"big", AttributeType::kNominal, {"no", "yes"}, ""}};
  data.class_index = 1;
  for (int i = 0; i < n; ++i) {
    const double x = (i * 37) % 100;
    data.instances.push_back({{x, x > 50 ? 1.0 : 0.0}, 1});
  }
  return data;
}

ClassifierFactory OneNearestNeighbour() {
  return []() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<KnnClassifier>(1);
  };
}

TEST(EvaluationTest, CrossValidationCountsEveryInstanceOnce) {
  auto matrix = CrossValidate(OneNearestNeighbour(), Threshold(100), 10, 1);
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->total(), 100);
  EXPECT_GE(matrix->accuracy(), 0.97);
}

TEST(EvaluationTest, TestSetSkipsMissingClassesAndChecksTheHeader) {
  Dataset test = Threshold(10);
  test.instances[0].values[1] = kMissingValue;
  auto matrix = EvaluateOnTestSet(OneNearestNeighbour(), Threshold(100), test);
  ASSERT_TRUE(matrix.ok());
  EXPECT_EQ(matrix->total(), 9);
  EXPECT_EQ(matrix->accuracy(), 1.0);

  Dataset other = Threshold(10);
  other.attributes[0].name = "y";
  EXPECT_THAT(EvaluateOnTestSet(OneNearestNeighbour(), Threshold(100), other).status().message(),
              HasSubstr("attribute 1 differs"));
}

TEST(EvaluationTest, ClassifierErrorsPropagate) {
  ClassifierFactory broken = []() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<KnnClassifier>(0);
  };
  EXPECT_THAT(CrossValidate(broken, Threshold(20), 2, 1).status().message(), HasSubstr("k >= 1"));
}

// Five points on a line in three groups (7, 3, 9); 1-NN, trained on the other groups each time:
//   group 7 out: 0 -> 2 (no) right, 10 -> 12 (yes, 2 away; 6.5 is 3.5 away) right
//   group 3 out: 2 -> 0 (no) right, 12 -> 10 (yes) right
//   group 9 out: 6.5 (no) -> 10 (yes, 3.5 away; 2 is 4.5 away) wrong
// With 10 and 6.5 in one group, 6.5 is classified from 2 (4.5 away; 12 is 5.5): right.
TEST(EvaluationTest, LeaveOneGroupOutByHand) {
  Dataset data = Threshold(0);
  for (const auto& [x, yes] : {std::pair{0.0, 0.0}, {10.0, 1.0}, {2.0, 0.0}, {12.0, 1.0},
                               {6.5, 0.0}}) {
    data.instances.push_back({{x, yes}, 1});
  }
  auto matrix = LeaveOneGroupOut(OneNearestNeighbour(), data, {7, 7, 3, 3, 9});
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->count(0, 0), 2);
  EXPECT_EQ(matrix->count(0, 1), 1);
  EXPECT_EQ(matrix->count(1, 0), 0);
  EXPECT_EQ(matrix->count(1, 1), 2);

  auto regrouped = LeaveOneGroupOut(OneNearestNeighbour(), data, {7, 9, 3, 3, 9});
  ASSERT_TRUE(regrouped.ok()) << regrouped.status();
  EXPECT_EQ(regrouped->correct(), 5);
}

TEST(EvaluationTest, LeaveOneGroupOutRejectsBadGroups) {
  EXPECT_THAT(LeaveOneGroupOut(OneNearestNeighbour(), Threshold(4), {1, 2}).status().message(),
              HasSubstr("2 groups for 4 instances of 'threshold'"));
  EXPECT_THAT(
      LeaveOneGroupOut(OneNearestNeighbour(), Threshold(3), {5, 5, 5}).status().message(),
      HasSubstr("needs at least 2 groups, 'threshold' has 1"));
}

}  // namespace
}  // namespace sentio
