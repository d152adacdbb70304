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

std::string WriteFile(const std::string& name, const std::string& bytes) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(Y4mFileSourceTest, EmitsFramesAtTheFrameRate) {
  SimulatedClock clock;
  ScopedSourceClock scoped(&clock);
  // Three 2x2 grey frames at 30000/1001 fps (NTSC): 33366.67 µs apart.
  const std::string path =
      WriteFile("mono.y4m", "YUV4MPEG2 W2 H2 F30000:1001 Cmono\nFRAME\nabcdFRAME\nefghFRAME\nijkl");
  auto stage = FakeStageContext::ForStage("Y4mFileSource",
                                          {{"path", path}, {"replay", std::string("realtime")}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  while (!context->source_done) ASSERT_TRUE(source->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 3u);
  EXPECT_EQ(context->emitted[1].second.timestamp_us(), 33367);
  EXPECT_EQ(context->emitted[2].second.timestamp_us(), 66733);
  const VideoFrame& last = *context->emitted[2].second.Get<VideoFrame>();
  EXPECT_EQ(last.format, PixelFormat::kGray);
  EXPECT_THAT(last.planes[0].data, ElementsAre('i', 'j', 'k', 'l'));
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(33367, 33366));
}

TEST(Y4mFileSourceTest, RepeatPlaysTheVideoAgainNumberingOn) {
  const std::string path =
      WriteFile("two.y4m", "YUV4MPEG2 W2 H2 F25:1 Cmono\nFRAME\nabcdFRAME\nefgh");
  auto stage =
      FakeStageContext::ForStage("Y4mFileSource", {{"path", path}, {"repeat", int64_t{3}}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  while (!context->source_done) ASSERT_TRUE(source->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 6u);
  const VideoFrame& fifth = *context->emitted[4].second.Get<VideoFrame>();
  EXPECT_EQ(fifth.index, 4);
  EXPECT_THAT(fifth.planes[0].data, ElementsAre('a', 'b', 'c', 'd'));
  EXPECT_EQ(context->emitted[5].second.timestamp_us(), 200000);
}

TEST(Y4mFileSourceTest, BadFilesAndOptionsFailOpen) {
  const std::vector<std::pair<std::map<std::string, OptionValue>, std::string>> cases = {
      {{{"path", WriteFile("c444.y4m", "YUV4MPEG2 W2 H2 F25:1 C444\n")}},
       "c444.y4m: unsupported colourspace C444"},
      {{{"path", WriteFile("fast.y4m", "YUV4MPEG2 W2 H2 F2000000:1\n")}}, "above the 1000000"},
      {{{"path", WriteFile("ok.y4m", "YUV4MPEG2 W2 H2 F25:1\n")}, {"replay", std::string("x")}},
       "replay='x'"}};
  for (const auto& [options, message] : cases) {
    auto stage = FakeStageContext::ForStage("Y4mFileSource", options);
    ASSERT_TRUE(stage.ok());
    auto& [source, context] = *stage;
    EXPECT_THAT(source->Open(*context).message(), HasSubstr(message));
  }
}

}  // namespace
}  // namespace sentio
