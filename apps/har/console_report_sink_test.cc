#include "classifiers/confusion_matrix.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

constexpr int kPredictions = 0, kLabels = 1;

Packet Guess(int64_t t, double p_walk) {
  return Packet::Make(t, Prediction{p_walk >= 0.5 ? "walk" : "run", {"walk", "run"},
                                    {p_walk, 1 - p_walk}});
}

Packet Truth(int64_t start, int64_t end, const std::string& label) {
  return Packet::Make(start, SegmentLabel{label, end});
}

TEST(ConsoleReportSinkTest, ScoresEachSegmentBySummedProbabilities) {
  auto stage = FakeStageContext::ForStage("ConsoleReportSink", {});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [sink, context] = *stage;
  const std::vector<std::pair<int, Packet>> arrivals = {
      {kLabels, Truth(0, 99, "walk")},
      {kPredictions, Guess(0, 0.4)},     // walk segment: 0.4 + 0.9 -> walk
      {kPredictions, Guess(50, 0.9)},
      {kPredictions, Guess(120, 0.0)},   // between segments: not scored
      {kPredictions, Guess(200, 0.3)},   // before its segment's label: kept until it comes
      {kLabels, Truth(200, 299, "walk")},
      {kPredictions, Guess(250, 0.4)},   // walk segment: 0.3 + 0.4 -> run (wrong)
      {kLabels, Truth(300, 399, "run")},
      {kPredictions, Guess(300, 0.1)},   // run segment -> run
  };
  for (const auto& [port, packet] : arrivals) {
    context->SetInput(port, packet);
    ASSERT_TRUE(sink->Process(*context).ok());
  }
  ASSERT_TRUE(sink->Close(*context).ok());
  ConfusionMatrix expected({"walk", "run"});
  expected.Add(0, 0);
  expected.Add(0, 1);
  expected.Add(1, 1);
  const std::string printed = context->printed.str();
  EXPECT_THAT(printed, HasSubstr("Scored 3 labelled segments from 5 window predictions"));
  EXPECT_THAT(printed, EndsWith(expected.Report() + "accuracy=0.6667\n"));
}

TEST(ConsoleReportSinkTest, SegmentsWithoutPredictionsAreCountedNotScored) {
  auto stage = FakeStageContext::ForStage("ConsoleReportSink", {});
  ASSERT_TRUE(stage.ok());
  auto& [sink, context] = *stage;
  context->SetInput(kLabels, Truth(0, 99, "walk"));
  ASSERT_TRUE(sink->Process(*context).ok());
  context->SetInput(kLabels, Truth(100, 199, "run"));
  ASSERT_TRUE(sink->Process(*context).ok());
  context->SetInput(kPredictions, Guess(150, 0.2));
  ASSERT_TRUE(sink->Process(*context).ok());
  ASSERT_TRUE(sink->Close(*context).ok());
  const std::string printed = context->printed.str();
  EXPECT_THAT(printed, HasSubstr("Scored 1 labelled segments from 1 window predictions; 1 "
                                 "segments had no prediction"));
  EXPECT_THAT(printed, EndsWith("accuracy=1.0000\n"));
}

TEST(ConsoleReportSinkTest, UnknownSegmentLabelIsAnError) {
  auto stage = FakeStageContext::ForStage("ConsoleReportSink", {});
  ASSERT_TRUE(stage.ok());
  auto& [sink, context] = *stage;
  context->SetInput(kLabels, Truth(0, 99, "swim"));
  ASSERT_TRUE(sink->Process(*context).ok());
  context->SetInput(kPredictions, Guess(10, 0.2));
  ASSERT_TRUE(sink->Process(*context).ok());
  EXPECT_THAT(sink->Close(*context).message(),
              HasSubstr("segment label 'swim' is not one of the predicted classes [walk, run]"));
}

TEST(ConsoleReportSinkTest, ChangingClassesIsAnError) {
  auto stage = FakeStageContext::ForStage("ConsoleReportSink", {});
  ASSERT_TRUE(stage.ok());
  auto& [sink, context] = *stage;
  context->SetInput(kPredictions, Guess(0, 0.2));
  ASSERT_TRUE(sink->Process(*context).ok());
  context->SetInput(kPredictions, Packet::Make(1, Prediction{"a", {"a"}, {1.0}}));
  EXPECT_THAT(sink->Process(*context).message(), HasSubstr("differ from the earlier [walk, run]"));
}

TEST(ConsoleReportSinkTest, NoPredictionsIsAnError) {
  auto stage = FakeStageContext::ForStage("ConsoleReportSink", {});
  ASSERT_TRUE(stage.ok());
  auto& [sink, context] = *stage;
  EXPECT_THAT(sink->Close(*context).message(), HasSubstr("no predictions arrived"));
}

}  // namespace
}  // namespace sentio
