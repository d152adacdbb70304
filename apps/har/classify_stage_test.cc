#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "classifiers/knn.h"
#include "classifiers/model_file.h"
#include "features/channel_stats.h"
#include "features/window_features.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Two classes: "low" cases hover around 0, "high" ones around 10.
std::string TrainingFile() {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/train.ts";
  std::ofstream(path) << "@problemName levels\n@dimensions 1\n@classLabel true low high\n@data\n"
                         "0,1,0,1:low\n1,0,1,0:low\n10,11,10,11:high\n11,10,11,10:high\n";
  return path;
}

Packet FeaturesOf(int64_t timestamp_us, std::vector<float> samples) {
  const int64_t n = static_cast<int64_t>(samples.size());
  ImuBlock window =
      *ImuBlock::Create({"dim_0"}, ImuBlock::UniformTimestamps(0, 1, n), std::move(samples));
  return Packet::Make(timestamp_us,
                      FeatureVector{*ChannelStatsFeatures(window, SampleRange{0, n}),
                                    ChannelStatsFeatureNames({"dim_0"})});
}

TEST(ClassifyStageTest, TrainsOnTheFilesWindowsAndPredicts) {
  auto stage = FakeStageContext::ForStage(
      "ClassifyStage", {{"train", TrainingFile()},
                        {"window", int64_t{2}},
                        {"hop", int64_t{2}},
                        {"classifier_options", std::string("k=1")}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [classify, context] = *stage;
  ASSERT_TRUE(classify->Open(*context).ok());
  context->SetInput(0, FeaturesOf(7, {10, 12}));
  ASSERT_TRUE(classify->Process(*context).ok());
  context->SetInput(0, FeaturesOf(9, {1, 0}));
  ASSERT_TRUE(classify->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 2u);
  const Packet& high = context->emitted[0].second;
  EXPECT_EQ(high.timestamp_us(), 7);
  EXPECT_EQ(high.Get<Prediction>()->label, "high");
  EXPECT_THAT(high.Get<Prediction>()->class_labels, ElementsAre("low", "high"));
  const std::vector<double>& probabilities = high.Get<Prediction>()->probabilities;
  ASSERT_EQ(probabilities.size(), 2u);
  EXPECT_GT(probabilities[1], probabilities[0]);
  EXPECT_DOUBLE_EQ(probabilities[0] + probabilities[1], 1.0);
  EXPECT_EQ(context->emitted[1].second.Get<Prediction>()->label, "low");
}

// A 1-NN model file trained on TrainingFile()'s windows of 2 samples, as `sentio train` writes.
std::string ModelFile() {
  auto train = ReadTsFile(TrainingFile());
  EXPECT_TRUE(train.ok()) << train.status();
  auto windows = ExtractWindowFeatures(*train, {0, 1, 2, 3}, {2, 2});
  EXPECT_TRUE(windows.ok()) << windows.status();
  KnnClassifier knn(1);
  EXPECT_TRUE(knn.Train(windows->windows).ok());
  auto model = MakeModelFile(windows->windows, "knn", {{"k", "1"}}, knn);
  EXPECT_TRUE(model.ok()) << model.status();
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/levels.model";
  EXPECT_TRUE(WriteModelFile(*model, path).ok());
  return path;
}

TEST(ClassifyStageTest, PredictsWithAModelFile) {
  auto stage = FakeStageContext::ForStage("ClassifyStage", {{"model", ModelFile()}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [classify, context] = *stage;
  ASSERT_TRUE(classify->Open(*context).ok());
  context->SetInput(0, FeaturesOf(3, {11, 10}));
  ASSERT_TRUE(classify->Process(*context).ok());
  context->SetInput(0, FeaturesOf(5, {0, 1}));
  ASSERT_TRUE(classify->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 2u);
  EXPECT_EQ(context->emitted[0].second.Get<Prediction>()->label, "high");
  EXPECT_EQ(context->emitted[1].second.Get<Prediction>()->label, "low");
}

TEST(ClassifyStageTest, NeedsExactlyOneOfModelAndTrain) {
  using Options = std::map<std::string, OptionValue>;
  for (const Options& options :
       std::vector<Options>{{}, {{"model", ModelFile()}, {"train", TrainingFile()}}}) {
    auto stage = FakeStageContext::ForStage("ClassifyStage", options);
    ASSERT_TRUE(stage.ok()) << stage.status();
    auto& [classify, context] = *stage;
    EXPECT_THAT(classify->Open(*context).message(), HasSubstr("exactly one of the options"));
  }
  auto no_window = FakeStageContext::ForStage("ClassifyStage", {{"train", TrainingFile()}});
  ASSERT_TRUE(no_window.ok());
  auto& [classify, context] = *no_window;
  EXPECT_THAT(classify->Open(*context).message(), HasSubstr("needs the options window and hop"));
}

TEST(ClassifyStageTest, MissingModelFileIsNamed) {
  auto stage = FakeStageContext::ForStage("ClassifyStage", {{"model", std::string("/no/model")}});
  ASSERT_TRUE(stage.ok());
  auto& [classify, context] = *stage;
  EXPECT_THAT(classify->Open(*context).message(), HasSubstr("/no/model"));
}

TEST(ClassifyStageTest, RejectsFeaturesItWasNotTrainedOn) {
  auto stage = FakeStageContext::ForStage(
      "ClassifyStage", {{"train", TrainingFile()}, {"window", int64_t{2}}, {"hop", int64_t{2}}});
  ASSERT_TRUE(stage.ok());
  auto& [classify, context] = *stage;
  ASSERT_TRUE(classify->Open(*context).ok());
  context->SetInput(0, Packet::Make(0, FeatureVector{{1, 2}, {"a", "b"}}));
  EXPECT_THAT(classify->Process(*context).message(),
              HasSubstr("features [a, b] are not the ones the classifier was trained on"));
}

TEST(ClassifyStageTest, BadClassifierSettingsFailOpen) {
  for (const auto& [classifier, options, message] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"knn", "k", "'k' is not name=value"},
           {"knn", "q=1", "no option 'q'"},
           {"nope", "", "nope"}}) {
    auto stage = FakeStageContext::ForStage("ClassifyStage", {{"train", TrainingFile()},
                                                              {"window", int64_t{2}},
                                                              {"hop", int64_t{2}},
                                                              {"classifier", classifier},
                                                              {"classifier_options", options}});
    ASSERT_TRUE(stage.ok());
    auto& [classify, context] = *stage;
    EXPECT_THAT(classify->Open(*context).message(), HasSubstr(message));
  }
}

TEST(ClassifyStageTest, WindowLongerThanTrainingCasesFailsOpen) {
  auto stage = FakeStageContext::ForStage(
      "ClassifyStage", {{"train", TrainingFile()}, {"window", int64_t{9}}, {"hop", int64_t{2}}});
  ASSERT_TRUE(stage.ok());
  auto& [classify, context] = *stage;
  EXPECT_THAT(classify->Open(*context).message(), HasSubstr("fewer than one window of 9"));
}

}  // namespace
}  // namespace sentio
