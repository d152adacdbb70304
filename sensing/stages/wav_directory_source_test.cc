#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"
#include "sensing/wav_test_file.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Three 8 kHz files: "3_a_0.wav" (5 frames), "1_b_0.wav" (2 frames), "2_a_1.wav" (3 frames);
// every sample's value is its file's digit.
std::string MakeDirectory() {
  const std::string directory = std::string(std::getenv("TEST_TMPDIR")) + "/digits";
  std::filesystem::create_directories(directory);
  WriteTestWav(directory + "/3_a_0.wav", 8000, 1, std::vector<int16_t>(5, 3));
  WriteTestWav(directory + "/1_b_0.wav", 8000, 1, std::vector<int16_t>(2, 1));
  WriteTestWav(directory + "/2_a_1.wav", 8000, 1, std::vector<int16_t>(3, 2));
  return directory;
}

std::vector<std::pair<int, Packet>> RunSource(std::map<std::string, OptionValue> options) {
  auto stage = FakeStageContext::ForStage("WavDirectorySource", std::move(options));
  EXPECT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  absl::Status status = source->Open(*context);
  EXPECT_TRUE(status.ok()) << status;
  while (status.ok() && !context->source_done) status = source->Process(*context);
  EXPECT_TRUE(status.ok()) << status;
  return context->emitted;
}

TEST(WavDirectorySourceTest, FilesInNameOrderAsUtterancesWithLabels) {
  const auto emitted = RunSource({{"path", MakeDirectory()},
                                  {"label_regex", std::string("^([0-9])_")},
                                  {"chunk_size", int64_t{2}}});
  // 1_b_0: label, 1 chunk; 2_a_1: label, 2 chunks; 3_a_0: label, 3 chunks.
  std::vector<std::string> kinds;
  for (const auto& [port, packet] : emitted) {
    if (const SegmentLabel* label = packet.Get<SegmentLabel>()) {
      kinds.push_back(absl::StrCat("label ", label->label, " ", label->name, " ",
                                   packet.timestamp_us(), "-", label->end_us));
    } else {
      const AudioChunk& chunk = *packet.Get<AudioChunk>();
      kinds.push_back(absl::StrCat("audio ", packet.timestamp_us(), " x", chunk.samples.size(),
                                   chunk.utterance_end ? " end" : ""));
    }
  }
  // 125 us per frame; each file starts one frame after the previous one's last.
  EXPECT_THAT(kinds,
              ElementsAre("label 1 1_b_0.wav 0-125", "audio 0 x2 end", "label 2 2_a_1.wav 250-500",
                          "audio 250 x2", "audio 500 x1 end", "label 3 3_a_0.wav 625-1125",
                          "audio 625 x2", "audio 875 x2", "audio 1125 x1 end"));
  EXPECT_EQ(emitted[1].second.Get<AudioChunk>()->samples[0], 1.0f / 32768);
}

TEST(WavDirectorySourceTest, FileSelectionAndSeededShuffle) {
  const std::string directory = MakeDirectory();
  const auto speaker_a = RunSource({{"path", directory}, {"files", std::string(".*_a_.*\\.wav")}});
  ASSERT_EQ(speaker_a.size(), 2u);  // no labels without label_regex; one chunk per file
  EXPECT_EQ(speaker_a[0].second.Get<AudioChunk>()->samples.size(), 3u);

  auto order = [&](int64_t seed) {
    std::string digits;
    for (const auto& [port, packet] :
         RunSource({{"path", directory}, {"shuffle_seed", seed}, {"chunk_size", int64_t{8}}})) {
      digits +=
          std::to_string(static_cast<int>(packet.Get<AudioChunk>()->samples[0] * 32768 + 0.5f));
    }
    return digits;
  };
  EXPECT_EQ(order(0), "123");
  EXPECT_EQ(order(7), order(7));
  std::string sorted = order(7);
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, "123");
}

TEST(WavDirectorySourceTest, ResamplesEveryFileToTheRateAsked) {
  const auto emitted = RunSource(
      {{"path", MakeDirectory()}, {"resample_hz", int64_t{16000}}, {"chunk_size", int64_t{100}}});
  ASSERT_EQ(emitted.size(), 3u);  // one chunk per file
  const AudioChunk& first = *emitted[0].second.Get<AudioChunk>();
  EXPECT_EQ(first.sample_rate_hz, 16000);
  EXPECT_EQ(first.samples.size(), 4u);  // 1_b_0.wav: 2 frames at 8 kHz
  // The file after it starts one 8 kHz frame's time (rounded to the 16 kHz grid) after its end.
  EXPECT_EQ(emitted[1].second.timestamp_us(), 250);
}

TEST(WavDirectorySourceTest, TheStreamHasTheFirstFilesRateInItsHeader) {
  const std::string directory = std::string(std::getenv("TEST_TMPDIR")) + "/rates";
  std::filesystem::create_directories(directory);
  WriteTestWav(directory + "/a.wav", 8000, 1, {1, 2});
  WriteTestWav(directory + "/b.wav", 16000, 1, {1, 2, 3, 4});
  auto mixed = FakeStageContext::ForStage("WavDirectorySource", {{"path", directory}});
  ASSERT_TRUE(mixed.ok());
  auto& [source, context] = *mixed;
  ASSERT_TRUE(source->Open(*context).ok());
  EXPECT_EQ(context->output_headers[0].sample_rate_hz, 8000);
  ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_THAT(source->Process(*context).message(),
              HasSubstr("b.wav: audio at 16000 Hz, but the stream carries 8000 Hz (its first "
                        "file's rate); option resample_hz gives every file one rate"));

  auto resampled = FakeStageContext::ForStage(
      "WavDirectorySource", {{"path", directory}, {"resample_hz", int64_t{16000}}});
  ASSERT_TRUE(resampled.ok());
  auto& [resampling_source, resampling_context] = *resampled;
  ASSERT_TRUE(resampling_source->Open(*resampling_context).ok());
  EXPECT_EQ(resampling_context->output_headers[0].sample_rate_hz, 16000);
  absl::Status status;
  while (status.ok() && !resampling_context->source_done) {
    status = resampling_source->Process(*resampling_context);
  }
  EXPECT_TRUE(status.ok()) << status;
}

TEST(WavDirectorySourceTest, ErrorsNameDirectoryOrFile) {
  const std::string directory = MakeDirectory();
  for (const auto& [options, message] :
       std::vector<std::pair<std::map<std::string, OptionValue>, std::string>>{
           {{{"path", directory + "/missing"}}, "missing: not a directory"},
           {{{"path", directory}, {"files", std::string(".*\\.flac")}}, "no file name matches"},
           {{{"path", directory}, {"label_regex", std::string("_(b)_")}},
            "2_a_1.wav: the label pattern '_(b)_' finds no label"},
           {{{"path", directory}, {"chunk_size", int64_t{0}}}, "chunk_size=0 must be positive"},
           {{{"path", directory}, {"resample_hz", int64_t{-1}}}, "resample_hz=-1 is outside"}}) {
    auto stage = FakeStageContext::ForStage("WavDirectorySource", options);
    ASSERT_TRUE(stage.ok());
    auto& [source, context] = *stage;
    EXPECT_THAT(source->Open(*context).message(), HasSubstr(message));
  }
  std::filesystem::create_directories(directory + "/bad");
  WriteTestWav(directory + "/bad/a.wav", 8000, 1, {1, 2});
  std::ofstream(directory + "/bad/b.wav") << "not a wav";
  auto stage = FakeStageContext::ForStage("WavDirectorySource", {{"path", directory + "/bad"}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_THAT(source->Process(*context).message(), HasSubstr("b.wav"));
}

}  // namespace
}  // namespace sentio
