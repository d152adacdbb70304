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

}  // namespace
}  // namespace sentio
