// The random forest on real data: 10-fold cross-validation (seed 1) on UCI iris and
// segment-challenge, and its out-of-bag error estimate on iris.
#include <string>

#include "classifiers/classifier_registry.h"
#include "classifiers/evaluation.h"
#include "classifiers/random_forest.h"
#include "gtest/gtest.h"
#include "sensing/arff_reader.h"

namespace sentio {
namespace {

double CrossValidatedAccuracy(const std::string& file, const ClassifierOptions& options) {
  auto data = ReadArffFile("external/shared_data/arff/" + file + ".arff");
  EXPECT_TRUE(data.ok()) << data.status();
  auto factory = ClassifierFactoryFor("rf", options);
  EXPECT_TRUE(factory.ok()) << factory.status();
  if (!data.ok() || !factory.ok()) return 0;
  auto matrix = CrossValidate(*factory, *data, 10, 1);
  EXPECT_TRUE(matrix.ok()) << matrix.status();
  if (!matrix.ok()) return 0;
  EXPECT_EQ(matrix->total(), data->num_instances());
  return matrix->accuracy();
}

TEST(RandomForestRealDataTest, IrisCrossValidation) {
  EXPECT_GE(CrossValidatedAccuracy("iris", {}), 0.93);
}

// 50 trees rather than the default 100 keep the test fast (500 trees over 1350 instances); both
// give 0.975 or more.
TEST(RandomForestRealDataTest, SegmentChallengeCrossValidation) {
  EXPECT_GE(CrossValidatedAccuracy("segment-challenge", {{"num_trees", "50"}}), 0.95);
}

TEST(RandomForestRealDataTest, IrisOutOfBagErrorIsPlausible) {
  auto data = ReadArffFile("external/shared_data/arff/iris.arff");
  ASSERT_TRUE(data.ok()) << data.status();
  RandomForestClassifier forest;
  ASSERT_TRUE(forest.Train(*data).ok());
  const double error = *forest.OutOfBagError();
  EXPECT_GT(error, 0);
  EXPECT_LT(error, 0.1);
}

}  // namespace
}  // namespace sentio
