#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Packet FiveSamples() {
  // Two channels; sample i is (i, 10 i), at 1000 + 100 i us.
  return Packet::Make(1000, *ImuBlock::Create({"x", "y"}, ImuBlock::UniformTimestamps(1000, 100, 5),
                                              {0, 0, 1, 10, 2, 20, 3, 30, 4, 40}));
}

TEST(SlidingWindowStageTest, EmitsEachFullWindowAtItsFirstSample) {
  auto stage = FakeStageContext::ForStage("SlidingWindowStage",
                                          {{"window", int64_t{2}}, {"hop", int64_t{2}}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [windows, context] = *stage;
  ASSERT_TRUE(windows->Open(*context).ok());
  context->SetInput(0, FiveSamples());
  ASSERT_TRUE(windows->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 2u);  // the fifth sample makes no full window
  const Packet& second = context->emitted[1].second;
  EXPECT_EQ(second.timestamp_us(), 1200);
  const ImuBlock& block = *second.Get<ImuBlock>();
  EXPECT_THAT(block.channel_names(), ElementsAre("x", "y"));
  EXPECT_THAT(block.timestamps_us(), ElementsAre(1200, 1300));
  EXPECT_THAT(block.samples(), ElementsAre(2, 20, 3, 30));
}

TEST(SlidingWindowStageTest, OverlappingWindows) {
  auto stage = FakeStageContext::ForStage("SlidingWindowStage",
                                          {{"window", int64_t{3}}, {"hop", int64_t{1}}});
  ASSERT_TRUE(stage.ok());
  auto& [windows, context] = *stage;
  ASSERT_TRUE(windows->Open(*context).ok());
  context->SetInput(0, FiveSamples());
  ASSERT_TRUE(windows->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 3u);
  EXPECT_EQ(context->emitted[2].second.timestamp_us(), 1200);
}

TEST(SlidingWindowStageTest, RejectsNonPositiveSizes) {
  auto stage = FakeStageContext::ForStage("SlidingWindowStage",
                                          {{"window", int64_t{0}}, {"hop", int64_t{2}}});
  ASSERT_TRUE(stage.ok());
  auto& [windows, context] = *stage;
  EXPECT_THAT(windows->Open(*context).message(),
              HasSubstr("the window (0) and hop (2) must both be positive"));
}

TEST(SlidingWindowStageTest, WindowsInTime) {
  // Samples at 1000, 1100, ..., 1400 us; 200 us windows every 200 us: [1000,1200) and
  // [1200,1400); [1400,1600) would end after the last sample.
  auto stage = FakeStageContext::ForStage("SlidingWindowStage",
                                          {{"window_us", int64_t{200}}, {"hop_us", int64_t{200}}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [windows, context] = *stage;
  ASSERT_TRUE(windows->Open(*context).ok());
  context->SetInput(0, FiveSamples());
  ASSERT_TRUE(windows->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 2u);
  EXPECT_THAT(context->emitted[0].second.Get<ImuBlock>()->timestamps_us(), ElementsAre(1000, 1100));
  EXPECT_THAT(context->emitted[1].second.Get<ImuBlock>()->timestamps_us(), ElementsAre(1200, 1300));
}

TEST(SlidingWindowStageTest, BlocksShorterThanAWindowGiveNoneAndAWarning) {
  auto stage = FakeStageContext::ForStage("SlidingWindowStage",
                                          {{"window", int64_t{8}}, {"hop", int64_t{4}}});
  ASSERT_TRUE(stage.ok());
  auto& [windows, context] = *stage;
  ASSERT_TRUE(windows->Open(*context).ok());
  context->SetInput(0, FiveSamples());
  ASSERT_TRUE(windows->Process(*context).ok());
  ASSERT_TRUE(windows->Close(*context).ok());
  EXPECT_TRUE(context->emitted.empty());
  ASSERT_EQ(context->warnings.size(), 1u);
  EXPECT_EQ(context->warnings[0],
            "1 of 1 blocks were shorter than one window (8 samples) and gave none; if the blocks "
            "are chunks of one recording, set span_blocks: true");
}

TEST(SlidingWindowStageTest, SpanBlocksCutsWindowsAcrossBlocks) {
  auto stage = FakeStageContext::ForStage(
      "SlidingWindowStage", {{"window", int64_t{4}}, {"hop", int64_t{3}}, {"span_blocks", true}});
  ASSERT_TRUE(stage.ok());
  auto& [windows, context] = *stage;
  ASSERT_TRUE(windows->Open(*context).ok());
  // Samples 0..4 at 1000..1400 us, then 5..9 at 1500..1900 us.
  context->SetInput(0, FiveSamples());
  ASSERT_TRUE(windows->Process(*context).ok());
  context->SetInput(
      0, Packet::Make(1500, *ImuBlock::Create({"x", "y"}, ImuBlock::UniformTimestamps(1500, 100, 5),
                                              {5, 50, 6, 60, 7, 70, 8, 80, 9, 90})));
  ASSERT_TRUE(windows->Process(*context).ok());
  ASSERT_TRUE(windows->Close(*context).ok());
  EXPECT_TRUE(context->warnings.empty());
  ASSERT_EQ(context->emitted.size(), 3u);  // starting at samples 0, 3, 6
  const Packet& second = context->emitted[1].second;
  EXPECT_EQ(second.timestamp_us(), 1300);
  EXPECT_THAT(second.Get<ImuBlock>()->samples(), ElementsAre(3, 30, 4, 40, 5, 50, 6, 60));
}

TEST(SlidingWindowStageTest, NeedsOnePairOfSizeAndHop) {
  using Options = std::map<std::string, OptionValue>;
  for (const Options& options : std::vector<Options>{
           {},
           {{"window", int64_t{2}}},
           {{"window", int64_t{2}}, {"hop_us", int64_t{2}}},
           {{"window", int64_t{2}}, {"hop", int64_t{2}}, {"window_us", int64_t{2}}}}) {
    auto stage = FakeStageContext::ForStage("SlidingWindowStage", options);
    ASSERT_TRUE(stage.ok()) << stage.status();
    auto& [windows, context] = *stage;
    EXPECT_THAT(windows->Open(*context).message(),
                HasSubstr("either the options window and hop (samples) or window_us and hop_us"));
  }
}

}  // namespace
}  // namespace sentio
