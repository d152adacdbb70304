#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

TEST(ConsoleSinkTest, PrintsEachPredictionWithItsTime) {
  auto stage = FakeStageContext::ForStage("ConsoleSink", {});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [sink, context] = *stage;
  ASSERT_TRUE(sink->Open(*context).ok());
  context->SetInput(
      0, Packet::Make(12500000, Prediction{"Walking", {"Running", "Walking"}, {0.17, 0.83}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  // A label outside the class list has no probability to show.
  context->SetInput(0, Packet::Make(13000000, Prediction{"Other", {"Running"}, {1}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  EXPECT_EQ(context->printed.str(),
            "    12.500 s  Walking  (p=0.83)\n"
            "    13.000 s  Other\n");
}

TEST(ConsoleSinkTest, TopKAddsTheNextMostProbableClasses) {
  auto stage = FakeStageContext::ForStage("ConsoleSink", {{"top_k", int64_t{3}}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [sink, context] = *stage;
  ASSERT_TRUE(sink->Open(*context).ok());
  context->SetInput(0, Packet::Make(500000, Prediction{"cat",
                                                       {"ant", "bee", "cat", "dog", "eel"},
                                                       {0.05, 0.2, 0.5, 0.2, 0.05}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  // Fewer classes than k: all of them.
  context->SetInput(0, Packet::Make(600000, Prediction{"b", {"a", "b"}, {0.4, 0.6}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  EXPECT_EQ(context->printed.str(),
            "     0.500 s  cat  (p=0.50)  bee  (p=0.20)  dog  (p=0.20)\n"
            "     0.600 s  b  (p=0.60)  a  (p=0.40)\n");

  auto zero = FakeStageContext::ForStage("ConsoleSink", {{"top_k", int64_t{0}}});
  ASSERT_TRUE(zero.ok());
  EXPECT_THAT(zero->first->Open(*zero->second).message(),
              ::testing::HasSubstr("option top_k 0: at least 1"));
}

}  // namespace
}  // namespace sentio
