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
  EXPECT_THAT(report, HasSubstr("Correctly classified: 2 of 3 (66.6667 %)\n"
                                "Cohen's kappa: 0.4000\n"  // see KappaAndMacroF1ByHand
                                "Macro-averaged F1: 0.6667\n"));
}

TEST(ConfusionMatrixTest, KappaAndMacroF1ByHand) {
  // Rows (actual) 1 0 / 1 1: observed agreement 2/3; actual totals (1, 2), predicted (2, 1), so
  // chance agreement 1/3 * 2/3 + 2/3 * 1/3 = 4/9 and kappa (2/3 - 4/9) / (5/9) = 0.4. F1 is
  // 2/3 for both classes (precision 1/2 and recall 1, then the other way round).
  ConfusionMatrix small({"a", "b"});
  small.Add(0, 0);
  small.Add(1, 0);
  small.Add(1, 1);
  EXPECT_DOUBLE_EQ(small.Kappa(), 0.4);
  EXPECT_DOUBLE_EQ(small.F1(0), 2.0 / 3);
  EXPECT_DOUBLE_EQ(small.MacroF1(), 2.0 / 3);

  // Rows 4 1 0 / 2 3 0 / 0 0 0: observed 0.7, chance 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa 0.4.
  // F1(x) = 2 * (4/6) * (4/5) / (4/6 + 4/5) = 8/11, F1(y) = 2 * (3/4) * (3/5) / (3/4 + 3/5) =
  // 2/3; z never occurs and does not count: macro-F1 = (8/11 + 2/3) / 2 = 23/33.
  ConfusionMatrix three({"x", "y", "z"});
  three.Add(0, 0, 4);
  three.Add(0, 1);
  three.Add(1, 1, 3);
  three.Add(1, 0, 2);
  EXPECT_DOUBLE_EQ(three.Kappa(), 0.4);
  EXPECT_DOUBLE_EQ(three.F1(0), 8.0 / 11);
  EXPECT_DOUBLE_EQ(three.F1(1), 2.0 / 3);
  EXPECT_DOUBLE_EQ(three.F1(2), 0);
  EXPECT_DOUBLE_EQ(three.MacroF1(), 23.0 / 33);
}

TEST(ConfusionMatrixTest, KappaEdgeCases) {
  ConfusionMatrix empty({"x", "y"});
  EXPECT_EQ(empty.Kappa(), 0);
  EXPECT_EQ(empty.MacroF1(), 0);
  ConfusionMatrix one_class({"x", "y"});
  one_class.Add(0, 0, 5);  // chance agreement is 1 already
  EXPECT_EQ(one_class.Kappa(), 1);
  EXPECT_EQ(one_class.MacroF1(), 1);
  ConfusionMatrix always_wrong({"x", "y"});
  always_wrong.Add(0, 1, 2);
  always_wrong.Add(1, 0, 2);
  EXPECT_DOUBLE_EQ(always_wrong.Kappa(), -1);  // observed 0, chance 0.5
  EXPECT_EQ(always_wrong.MacroF1(), 0);
}

}  // namespace
}  // namespace sentio
