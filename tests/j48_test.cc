// C4.5 against Weka 3.6's J48 on the shared ARFF data sets: the tree built on the full training set
// equals J48's printout (classifiers/testdata/j48, from tools/make_j48_golden.sh), and 10-fold
// cross-validation lands within 2 points of J48's reference accuracy (J48_REFERENCE.md; the folds
// differ from Weka's, so equality is not expected there).
#include <ostream>
#include <string>

#include "base/file_reading.h"
#include "classifiers/c45_tree.h"
#include "classifiers/evaluation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/arff_reader.h"

namespace sentio {
namespace {

struct J48Reference {
  const char* name;  // under external/shared_data/arff, without ".arff"
  int leaves;
  int size;
  double cv_accuracy_percent;
  double cv_tolerance = 2.0;  // percentage points
};

void PrintTo(const J48Reference& reference, std::ostream* os) { *os << reference.name; }

absl::StatusOr<Dataset> ReadDataSet(const std::string& name) {
  return ReadArffFile("external/shared_data/arff/" + name + ".arff");
}

ClassifierFactory DefaultC45() {
  return []() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<C45Classifier>();
  };
}

class J48Test : public ::testing::TestWithParam<J48Reference> {};

TEST_P(J48Test, FullDataTreeEqualsJ48) {
  const J48Reference& reference = GetParam();
  const absl::StatusOr<Dataset> data = ReadDataSet(reference.name);
  ASSERT_TRUE(data.ok()) << data.status();
  C45Classifier c45;
  ASSERT_TRUE(c45.Train(*data).ok());
  EXPECT_EQ(c45.NumLeaves(), reference.leaves);
  EXPECT_EQ(c45.TreeSize(), reference.size);

  const absl::StatusOr<std::string> golden =
      ReadWholeFile(std::string("classifiers/testdata/j48/") + reference.name + ".txt");
  ASSERT_TRUE(golden.ok()) << golden.status();
  const absl::StatusOr<std::string> tree = c45.ToJ48String();
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(*tree, *golden);
}

TEST_P(J48Test, CrossValidationIsCloseToJ48) {
  const J48Reference& reference = GetParam();
  const absl::StatusOr<Dataset> data = ReadDataSet(reference.name);
  ASSERT_TRUE(data.ok()) << data.status();
  const absl::StatusOr<ConfusionMatrix> matrix = CrossValidate(DefaultC45(), *data, 10, 1);
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_NEAR(100 * matrix->accuracy(), reference.cv_accuracy_percent, reference.cv_tolerance);
}

INSTANTIATE_TEST_SUITE_P(
    ReferenceTable, J48Test,
    ::testing::Values(
        J48Reference{"iris", 5, 9, 96}, J48Reference{"diabetes", 20, 39, 73.8281},
        J48Reference{"glass", 30, 59, 66.8224}, J48Reference{"ionosphere", 18, 35, 91.453},
        J48Reference{"breast-cancer", 4, 6, 75.5245}, J48Reference{"vote", 6, 11, 96.3218},
        J48Reference{"soybean", 61, 93, 91.5081},
        // labor has 57 instances, so one of them is 1.75 points and the folds decide: J48's own
        // 10-fold CV gives 73.68 % to 82.46 % for seeds 1 to 10. On this test's folds, written out
        // as ARFF and given to J48, J48 also classifies 47 of 57 correctly (82.46 %), the same as
        // this C4.5.
        J48Reference{"labor", 3, 5, 73.6842, 9.0}, J48Reference{"credit-g", 103, 140, 70.5},
        J48Reference{"weather.numeric", 5, 8, 64.2857},
        J48Reference{"segment-challenge", 34, 67, 95.7333}),
    [](const ::testing::TestParamInfo<J48Reference>& info) {
      std::string name = info.param.name;
      for (char& c : name) {
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(J48Test, IrisTreeIsPrintedExactlyLikeJ48) {
  const absl::StatusOr<Dataset> data = ReadDataSet("iris");
  ASSERT_TRUE(data.ok()) << data.status();
  C45Classifier c45;
  ASSERT_TRUE(c45.Train(*data).ok());
  EXPECT_EQ(*c45.ToJ48String(),
            "J48 pruned tree\n"
            "------------------\n"
            "\n"
            "petalwidth <= 0.6: Iris-setosa (50.0)\n"
            "petalwidth > 0.6\n"
            "|   petalwidth <= 1.7\n"
            "|   |   petallength <= 4.9: Iris-versicolor (48.0/1.0)\n"
            "|   |   petallength > 4.9\n"
            "|   |   |   petalwidth <= 1.5: Iris-virginica (3.0)\n"
            "|   |   |   petalwidth > 1.5: Iris-versicolor (3.0/1.0)\n"
            "|   petalwidth > 1.7: Iris-virginica (46.0/1.0)\n"
            "\n"
            "Number of Leaves  : \t5\n"
            "\n"
            "Size of the tree : \t9\n");
}

TEST(J48Test, SegmentTestAccuracyIsCloseToJ48) {
  const absl::StatusOr<Dataset> train = ReadDataSet("segment-challenge");
  const absl::StatusOr<Dataset> test = ReadDataSet("segment-test");
  ASSERT_TRUE(train.ok()) << train.status();
  ASSERT_TRUE(test.ok()) << test.status();
  const absl::StatusOr<ConfusionMatrix> matrix = EvaluateOnTestSet(DefaultC45(), *train, *test);
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_NEAR(100 * matrix->accuracy(), 96.1728, 2.0);  // J48: 779 of 810
}

}  // namespace
}  // namespace sentio
