#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Changes(int64_t min_repeats, const std::vector<std::string>& labels) {
  auto stage = FakeStageContext::ForStage("LabelChangeStage", {{"min_repeats", min_repeats}});
  EXPECT_TRUE(stage.ok()) << stage.status();
  auto& [changes, context] = *stage;
  EXPECT_TRUE(changes->Open(*context).ok());
  for (size_t i = 0; i < labels.size(); ++i) {
    context->SetInput(0, Packet::Make(static_cast<int64_t>(i), Prediction{labels[i], {}, {}}));
    EXPECT_TRUE(changes->Process(*context).ok());
  }
  std::vector<std::string> out;
  for (const auto& [port, packet] : context->emitted) {
    out.push_back(absl::StrCat(packet.Get<Prediction>()->label, "@", packet.timestamp_us()));
  }
  return out;
}

TEST(LabelChangeStageTest, ReportsEachChangeOnce) {
  EXPECT_THAT(Changes(1, {"Walk", "Walk", "Run", "Run", "Walk"}),
              ElementsAre("Walk@0", "Run@2", "Walk@4"));
}

TEST(LabelChangeStageTest, IgnoresFlickerShorterThanMinRepeats) {
  EXPECT_THAT(Changes(2, {"Walk", "Walk", "Run", "Walk", "Run", "Run", "Run"}),
              ElementsAre("Walk@1", "Run@5"));
}

TEST(LabelChangeStageTest, RejectsZeroRepeats) {
  auto stage = FakeStageContext::ForStage("LabelChangeStage", {{"min_repeats", int64_t{0}}});
  ASSERT_TRUE(stage.ok());
  EXPECT_THAT(stage->first->Open(*stage->second).message(), HasSubstr("min_repeats=0"));
}

}  // namespace
}  // namespace sentio
