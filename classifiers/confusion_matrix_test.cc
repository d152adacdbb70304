#include "classifiers/confusion_matrix.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

TEST(ConfusionMatrixTest, CountsAccuracyPrecisionRecall) {
  ConfusionMatrix matrix({"cat", "dog"});
  matrix.Add(0, 0);
  matrix.Add(0, 0);
  matrix.Add(0, 1);
  matrix.Add(1, 1, 0.5);
  EXPECT_DOUBLE_EQ(matrix.total(), 3.5);
  EXPECT_DOUBLE_EQ(matrix.correct(), 2.5);
  EXPECT_DOUBLE_EQ(matrix.accuracy(), 2.5 / 3.5);
  EXPECT_DOUBLE_EQ(matrix.Precision(0), 1.0);
  EXPECT_DOUBLE_EQ(matrix.Recall(0), 2.0 / 3);
  EXPECT_DOUBLE_EQ(matrix.Precision(1), 0.5 / 1.5);
  EXPECT_DOUBLE_EQ(matrix.Recall(1), 1.0);
  EXPECT_EQ(matrix.count(0, 1), 1);
}

TEST(ConfusionMatrixTest, MergeAddsCounts) {
  ConfusionMatrix a({"x", "y"}), b({"x", "y"});
  a.Add(0, 1);
  b.Add(0, 1);
  b.Add(1, 1);
  a.Merge(b);
  EXPECT_EQ(a.count(0, 1), 2);
  EXPECT_EQ(a.count(1, 1), 1);
}

TEST(ConfusionMatrixTest, EmptyMatrixHasZeroAccuracy) {
  ConfusionMatrix matrix({"x"});
  EXPECT_EQ(matrix.accuracy(), 0);
  EXPECT_EQ(matrix.Precision(0), 0);
}

TEST(ConfusionMatrixTest, ReportShowsClassesMatrixAndTotals) {
  ConfusionMatrix matrix({"Standing", "Running"});
  matrix.Add(0, 0);
  matrix.Add(1, 0);
  matrix.Add(1, 1);
  const std::string report = matrix.Report();
  EXPECT_THAT(report, HasSubstr("Standing        1        1    0.5000  1.0000  0.6667"));
  EXPECT_THAT(report, HasSubstr("     a     b   <-- classified as\n"
                                "     1     0 | a = Standing\n"
                                "     1     1 | b = Running\n"));
  EXPECT_THAT(report, HasSubstr("Correctly classified: 2 of 3 (66.6667 %)"));
}

}  // namespace
}  // namespace sentio
