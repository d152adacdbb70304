// The feature sets of features/feature_sets.h on real recordings: UEA BasicMotions (smartwatch
// accelerometer dims 0-2 and gyroscope dims 3-5 at 10 Hz), windows of 50 samples every 25, each
// window of the test recordings classified by 1-NN against the training windows.
#include <cmath>
#include <memory>
#include <vector>

#include "classifiers/evaluation.h"
#include "classifiers/knn.h"
#include "features/feature_sets.h"
#include "features/window_features.h"
#include "gtest/gtest.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

constexpr char kTrain[] = "external/shared_data/har/BasicMotions_TRAIN.ts";
constexpr char kTest[] = "external/shared_data/har/BasicMotions_TEST.ts";
constexpr WindowSpec kWindows = {50, 25};

TimeSeriesDataset Read(const char* path) {
  TsReadOptions options;
  options.sample_rate_hz = 10;
  absl::StatusOr<TimeSeriesDataset> data = ReadTsFile(path, options);
  EXPECT_TRUE(data.ok()) << data.status();
  return *std::move(data);
}

// The accelerometer only: the first three channels, as x, y, z.
TimeSeriesDataset Accelerometer(const TimeSeriesDataset& data) {
  TimeSeriesDataset accelerometer{data.problem_name, data.class_labels, {}};
  for (const TimeSeriesCase& c : data.cases) {
    std::vector<float> samples;
    for (int64_t i = 0; i < c.series.num_samples(); ++i) {
      for (int channel = 0; channel < 3; ++channel) samples.push_back(c.series.at(i, channel));
    }
    auto block = ImuBlock::Create({"x", "y", "z"}, c.series.timestamps_us(), std::move(samples));
    EXPECT_TRUE(block.ok()) << block.status();
    accelerometer.cases.push_back({*std::move(block), c.label});
  }
  return accelerometer;
}

std::vector<int> AllCases(const TimeSeriesDataset& data) {
  std::vector<int> cases(data.cases.size());
  for (size_t i = 0; i < cases.size(); ++i) cases[i] = static_cast<int>(i);
  return cases;
}

// Window-level 1-NN accuracy of `set_name` from train to test, after checking every value is
// finite or (for undefined features) missing.
double WindowAccuracy(const std::string& set_name, const TimeSeriesDataset& train,
                      const TimeSeriesDataset& test) {
  absl::StatusOr<const FeatureSet*> set = FindFeatureSet(set_name);
  EXPECT_TRUE(set.ok()) << set.status();
  auto train_windows = ExtractWindowFeatures(train, AllCases(train), kWindows, **set);
  auto test_windows = ExtractWindowFeatures(test, AllCases(test), kWindows, **set);
  EXPECT_TRUE(train_windows.ok()) << train_windows.status();
  EXPECT_TRUE(test_windows.ok()) << test_windows.status();
  EXPECT_EQ(train_windows->windows.num_instances(), 120);  // 3 windows per 100-sample recording
  for (const Instance& instance : train_windows->windows.instances) {
    for (double v : instance.values) EXPECT_FALSE(std::isinf(v));
  }
  auto matrix = EvaluateOnTestSet(
      []() -> absl::StatusOr<std::unique_ptr<Classifier>> {
        return std::make_unique<KnnClassifier>(1);
      },
      train_windows->windows, test_windows->windows);
  EXPECT_TRUE(matrix.ok()) << matrix.status();
  testing::Test::RecordProperty(set_name + "_window_accuracy", std::to_string(matrix->accuracy()));
  return matrix->accuracy();
}

TEST(FeatureSetsRealDataTest, EverySetSeparatesTheActivities) {
  const TimeSeriesDataset train = Read(kTrain), test = Read(kTest);
  EXPECT_GE(WindowAccuracy("stats", train, test), 0.85);
  EXPECT_GE(WindowAccuracy("time", train, test), 0.85);
  EXPECT_GE(WindowAccuracy("wisdm", Accelerometer(train), Accelerometer(test)), 0.75);
}

}  // namespace
}  // namespace sentio
