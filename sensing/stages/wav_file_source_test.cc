#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"
#include "sensing/replay_clock.h"
#include "sensing/wav_test_file.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string WriteWav(const std::string& name, int rate, int channels,
                     const std::vector<int16_t>& samples) {
  return WriteTestWav(std::string(std::getenv("TEST_TMPDIR")) + "/" + name, rate, channels,
                      samples);
}

TEST(WavFileSourceTest, EmitsChunksWithFirstFrameTimes) {
  SimulatedClock clock;
  ScopedSourceClock scoped(&clock);
  // 5 stereo frames at 8 kHz: frame i lasts 125 µs.
  const std::string path = WriteWav("stereo.wav", 8000, 2, {0, 16384, -16384, 0, 1, 2, 3, 4, 5, 6});
  auto stage = FakeStageContext::ForStage(
      "WavFileSource",
      {{"path", path}, {"chunk_size", int64_t{2}}, {"replay", std::string("realtime")}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  // The stream's header tells the rate and channels before any chunk.
  EXPECT_EQ(context->output_headers[0].sample_rate_hz, 8000);
  EXPECT_EQ(context->output_headers[0].channels, 2);
  while (!context->source_done) ASSERT_TRUE(source->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 3u);
  const AudioChunk& first = *context->emitted[0].second.Get<AudioChunk>();
  EXPECT_EQ(first.sample_rate_hz, 8000);
  EXPECT_EQ(first.channels, 2);
  EXPECT_THAT(first.samples, ElementsAre(0.0f, 0.5f, -0.5f, 0.0f));
  EXPECT_EQ(first.first_sample_us, 0);
  const AudioChunk& last = *context->emitted[2].second.Get<AudioChunk>();
  EXPECT_EQ(context->emitted[2].second.timestamp_us(), 500);
  EXPECT_EQ(last.first_sample_us, 500);
  EXPECT_EQ(last.samples.size(), 2u);
  EXPECT_EQ(context->emitted[1].second.timestamp_us(), 250);
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(250, 250));
  // The file is one utterance.
  EXPECT_FALSE(context->emitted[1].second.Get<AudioChunk>()->utterance_end);
  EXPECT_TRUE(last.utterance_end);
}

TEST(WavFileSourceTest, BadFileOrOptionsFailOpen) {
  const std::string wav = WriteWav("mono.wav", 16000, 1, {1, 2, 3});
  const std::string not_wav = std::string(std::getenv("TEST_TMPDIR")) + "/text.wav";
  std::ofstream(not_wav) << "not a wav file";
  const std::vector<std::pair<std::map<std::string, OptionValue>, std::string>> cases = {
      {{{"path", wav}, {"chunk_size", int64_t{0}}}, "chunk_size=0"},
      {{{"path", wav}, {"replay", std::string("later")}}, "replay='later'"},
      {{{"path", not_wav}}, "text.wav"},
      {{{"path", std::string("/no/such.wav")}}, "/no/such.wav"}};
  for (const auto& [options, message] : cases) {
    auto stage = FakeStageContext::ForStage("WavFileSource", options);
    ASSERT_TRUE(stage.ok());
    auto& [source, context] = *stage;
    EXPECT_THAT(source->Open(*context).message(), HasSubstr(message));
  }
}

}  // namespace
}  // namespace sentio
