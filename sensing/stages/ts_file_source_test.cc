#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"
#include "sensing/replay_clock.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

constexpr char kTwoCases[] =
    "@problemName tiny\n@timeStamps false\n@univariate false\n@dimensions 2\n"
    "@equalLength false\n@classLabel true walk run\n@data\n"
    "1,2,3:4,5,6:walk\n"
    "7,8:9,10:run\n";

TEST(TsFileSourceTest, ReplaysCasesEndToEndWithTheirLabels) {
  auto stage = FakeStageContext::ForStage(
      "TsFileSource", {{"path", WriteFile("two.ts", kTwoCases)}, {"rate_hz", 10.0}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_FALSE(context->source_done);
  ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_TRUE(context->source_done);

  ASSERT_EQ(context->emitted.size(), 4u);
  // Case 0: samples at 0, 0.1 s, 0.2 s; case 1 starts one period (0.1 s) later.
  const auto& [port0, imu0] = context->emitted[0];
  EXPECT_EQ(port0, 0);
  EXPECT_EQ(imu0.timestamp_us(), 0);
  EXPECT_THAT(imu0.Get<ImuBlock>()->timestamps_us(), ElementsAre(0, 100000, 200000));
  EXPECT_EQ(imu0.Get<ImuBlock>()->at(2, 1), 6.0f);
  const auto& [port1, label0] = context->emitted[1];
  EXPECT_EQ(port1, 1);
  EXPECT_EQ(label0.timestamp_us(), 0);
  EXPECT_EQ(label0.Get<SegmentLabel>()->label, "walk");
  EXPECT_EQ(label0.Get<SegmentLabel>()->end_us, 200000);
  const Packet& imu1 = context->emitted[2].second;
  EXPECT_EQ(imu1.timestamp_us(), 300000);
  EXPECT_THAT(imu1.Get<ImuBlock>()->timestamps_us(), ElementsAre(300000, 400000));
  EXPECT_EQ(context->emitted[3].second.Get<SegmentLabel>()->label, "run");
  EXPECT_EQ(context->emitted[3].second.Get<SegmentLabel>()->end_us, 400000);
}

TEST(TsFileSourceTest, RealtimeReplayWaitsForEachCasesStart) {
  SimulatedClock clock;
  ScopedSourceClock scoped(&clock);
  auto stage =
      FakeStageContext::ForStage("TsFileSource", {{"path", WriteFile("realtime.ts", kTwoCases)},
                                                  {"rate_hz", 10.0},
                                                  {"replay", std::string("realtime")}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_TRUE(clock.sleeps_us().empty());
  ASSERT_TRUE(source->Process(*context).ok());
  // Case 1 starts 0.3 s after case 0.
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(300000));
}

TEST(TsFileSourceTest, FastReplayIsTheDefaultAndNeverWaits) {
  SimulatedClock clock;
  ScopedSourceClock scoped(&clock);
  auto stage =
      FakeStageContext::ForStage("TsFileSource", {{"path", WriteFile("fast.ts", kTwoCases)}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  while (!context->source_done) ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_TRUE(clock.sleeps_us().empty());
}

TEST(TsFileSourceTest, RepeatPlaysTheFileAgainWithTheClockRunningOn) {
  auto stage = FakeStageContext::ForStage(
      "TsFileSource",
      {{"path", WriteFile("again.ts", kTwoCases)}, {"rate_hz", 10.0}, {"repeat", int64_t{3}}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  while (!context->source_done) ASSERT_TRUE(source->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 12u);  // 3 plays x 2 cases x (IMU, label)
  // The second play's first case starts one period after the first play's last sample (0.4 s).
  EXPECT_EQ(context->emitted[4].second.timestamp_us(), 500000);
  EXPECT_EQ(context->emitted[5].second.Get<SegmentLabel>()->label, "walk");
  EXPECT_EQ(context->emitted[11].second.Get<SegmentLabel>()->end_us, 1400000);

  auto zero = FakeStageContext::ForStage(
      "TsFileSource", {{"path", WriteFile("zero.ts", kTwoCases)}, {"repeat", int64_t{0}}});
  ASSERT_TRUE(zero.ok());
  EXPECT_THAT(zero->first->Open(*zero->second).message(), HasSubstr("option repeat=0"));
}

TEST(TsFileSourceTest, RejectsUnknownReplayMode) {
  auto stage = FakeStageContext::ForStage(
      "TsFileSource", {{"path", WriteFile("mode.ts", kTwoCases)}, {"replay", std::string("slow")}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  EXPECT_THAT(source->Open(*context).message(), HasSubstr("replay='slow'"));
}

TEST(TsFileSourceTest, UnlabelledCasesHaveNoLabelPacket) {
  auto stage = FakeStageContext::ForStage(
      "TsFileSource",
      {{"path", WriteFile("unlabelled.ts", "@dimensions 1\n@classLabel false\n@data\n1,2\n")}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_TRUE(context->source_done);
  ASSERT_EQ(context->emitted.size(), 1u);
  EXPECT_EQ(context->emitted[0].first, 0);
}

TEST(TsFileSourceTest, MalformedFileFailsOpenNamingFileAndLine) {
  auto stage = FakeStageContext::ForStage(
      "TsFileSource", {{"path", WriteFile("bad.ts",
                                          "@dimensions 1\n@classLabel true a\n@data\n"
                                          "1,x:a\n")}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  EXPECT_THAT(source->Open(*context).message(), HasSubstr("bad.ts:4"));
}

TEST(TsFileSourceTest, MissingFileFailsOpen) {
  auto stage = FakeStageContext::ForStage("TsFileSource", {{"path", std::string("/no/such.ts")}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  EXPECT_THAT(source->Open(*context).message(), HasSubstr("/no/such.ts"));
}

TEST(TsFileSourceTest, RejectsNonPositiveRate) {
  auto stage = FakeStageContext::ForStage(
      "TsFileSource", {{"path", WriteFile("rate.ts", kTwoCases)}, {"rate_hz", 0.0}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  EXPECT_THAT(source->Open(*context).message(), HasSubstr("rate_hz=0"));
}

}  // namespace
}  // namespace sentio
