// End to end on real recordings: the UEA BasicMotions smartwatch data (accelerometer and
// gyroscope, 10 Hz) through windows, per-channel statistics and kNN.
#include <memory>

#include "apps/har/series_evaluation.h"
#include "classifiers/knn.h"
#include "gtest/gtest.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

constexpr char kTrain[] = "external/shared_data/har/BasicMotions_TRAIN.ts";
constexpr char kTest[] = "external/shared_data/har/BasicMotions_TEST.ts";

ClassifierFactory Knn(int k) {
  return [k]() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<KnnClassifier>(k);
  };
}

TEST(BasicMotionsTest, TrainOnTrainClassifyEveryTestCase) {
  TsReadOptions options;
  options.sample_rate_hz = 10;
  auto train = ReadTsFile(kTrain, options);
  ASSERT_TRUE(train.ok()) << train.status();
  auto test = ReadTsFile(kTest, options);
  ASSERT_TRUE(test.ok()) << test.status();

  auto matrix = EvaluateSeriesOnTestSet(Knn(1), *train, *test, {50, 25});
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->total(), 40);
  EXPECT_GE(matrix->accuracy(), 0.8) << matrix->Report();
  // Standing is the easiest class: no movement at all.
  EXPECT_EQ(matrix->Recall(0), 1.0) << matrix->Report();
}

TEST(BasicMotionsTest, CrossValidationOverTrainingCases) {
  TsReadOptions options;
  options.sample_rate_hz = 10;
  auto train = ReadTsFile(kTrain, options);
  ASSERT_TRUE(train.ok()) << train.status();
  auto matrix = CrossValidateSeries(Knn(1), *train, {50, 25}, 10, 1);
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  EXPECT_EQ(matrix->total(), 40);
  EXPECT_GE(matrix->accuracy(), 0.8) << matrix->Report();
}

}  // namespace
}  // namespace sentio
