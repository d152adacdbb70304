#include <cstdlib>
#include <fstream>
#include <string>
#include <tuple>

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

// User 33 jogs then walks; user 7's phone clock is far behind, so its segment is shifted.
constexpr char kThreeSegments[] =
    "33,Jogging,49105962326000,-0.6946377,12.680544,0.50395286;\n"
    "33,Jogging,49106012271000,5.012288,11.264028,0.95342433;\n"
    "33,Walking,49106062167000,4.903325,10.882658,-0.08172209\n"
    "33,Walking,49106112167000,,10.882658,-0.08172209\n"
    "7,Sitting,1000000000,0.0,9.8,0.1;\n"
    "7,Sitting,1050000000,0.1,9.7,0.1;\n";

TEST(WisdmFileSourceTest, EmitsSegmentsAndLabelsOnAnIncreasingTimeline) {
  SimulatedClock clock;
  ScopedSourceClock scoped(&clock);
  auto stage = FakeStageContext::ForStage("WisdmFileSource",
                                          {{"path", WriteFile("three.txt", kThreeSegments)},
                                           {"policy", std::string("skip")},
                                           {"replay", std::string("realtime")}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_TRUE(context->source_done);
  ASSERT_TRUE(source->Close(*context).ok());

  ASSERT_EQ(context->emitted.size(), 6u);
  const Packet& jogging = context->emitted[0].second;
  EXPECT_EQ(jogging.timestamp_us(), 49105962326);
  EXPECT_THAT(jogging.Get<ImuBlock>()->channel_names(), ElementsAre("x", "y", "z"));
  EXPECT_EQ(context->emitted[1].first, 1);
  EXPECT_EQ(context->emitted[1].second.Get<SegmentLabel>()->label, "Jogging");
  EXPECT_EQ(context->emitted[1].second.Get<SegmentLabel>()->end_us, 49106012271);
  EXPECT_EQ(context->emitted[2].second.timestamp_us(), 49106062167);
  EXPECT_EQ(context->emitted[3].second.Get<SegmentLabel>()->label, "Walking");
  // Sitting is moved to one 20 Hz period after Walking's end, its 50 ms spacing kept.
  const ImuBlock& sitting = *context->emitted[4].second.Get<ImuBlock>();
  EXPECT_THAT(sitting.timestamps_us(), ElementsAre(49106112167, 49106162167));
  EXPECT_EQ(context->emitted[5].second.Get<SegmentLabel>()->end_us, 49106162167);
  // Realtime replay waited for each segment's start after the first.
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(99841, 50000));
  EXPECT_EQ(context->printed.str(), "under_test: skipped 1 lines: 1 empty value\n");
}

TEST(WisdmFileSourceTest, RejectPolicyFailsOpenNamingFileAndLine) {
  auto stage = FakeStageContext::ForStage("WisdmFileSource",
                                          {{"path", WriteFile("bad.txt", kThreeSegments)}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  EXPECT_THAT(source->Open(*context).message(), HasSubstr("bad.txt:4: field x is empty"));
}

TEST(WisdmFileSourceTest, RejectsBadOptions) {
  const std::string path = WriteFile("ok.txt", "1,Walking,1000,1,2,3;\n");
  for (const auto& [name, value, message] :
       {std::make_tuple("policy", OptionValue(std::string("lenient")), "policy='lenient'"),
        std::make_tuple("replay", OptionValue(std::string("slow")), "replay='slow'"),
        std::make_tuple("rate_hz", OptionValue(-1.0), "rate_hz=-1")}) {
    auto stage = FakeStageContext::ForStage("WisdmFileSource", {{"path", path}, {name, value}});
    ASSERT_TRUE(stage.ok());
    auto& [source, context] = *stage;
    EXPECT_THAT(source->Open(*context).message(), HasSubstr(message));
  }
}

TEST(WisdmFileSourceTest, EmptyFileIsDoneAtOnce) {
  auto stage =
      FakeStageContext::ForStage("WisdmFileSource", {{"path", WriteFile("empty.txt", "\n")}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_TRUE(context->source_done);
  EXPECT_TRUE(context->emitted.empty());
}

}  // namespace
}  // namespace sentio
