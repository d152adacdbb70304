// Voice activity detection on real speech: eight FSDD recordings joined into one WAV with half a
// second of quiet noise between them (a continuous stream, as a microphone gives) come out of
// WavFileSource -> KaldiFeatureStage (MFCC, c0 = log energy) -> VadStage as eight utterances, each
// starting near its recording's start; then UtterancePoolingStage gives one vector per utterance.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/graph_file_runner.h"
#include "sensing/stage_registry.h"
#include "sensing/wav_reader.h"
#include "sensing/wav_test_file.h"

namespace sentio {
namespace {

// Counts the FeatureVectors it receives and prints their times.
class CountingFeatureSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FEATURES", PayloadType::kFeatureVector}};
    return contract;
  }
  absl::Status Process(StageContext& context) override {
    context.out() << "utterance at " << context.input().timestamp_us() << " us, "
                  << context.input().Get<FeatureVector>()->values.size() << " values\n";
    return absl::OkStatus();
  }
};
SENTIO_REGISTER_STAGE(CountingFeatureSink);

TEST(VadRealDataTest, FindsEachSpokenDigitInAContinuousStream) {
  const std::string fsdd = "external/shared_data/audio/fsdd/";
  std::vector<int16_t> samples;
  std::vector<int64_t> starts_us;
  std::mt19937 random(3);
  std::normal_distribution<float> noise(0, 20);  // about -64 dBFS
  auto quiet = [&](int count) {
    for (int i = 0; i < count; ++i) samples.push_back(static_cast<int16_t>(noise(random)));
  };
  quiet(4000);
  for (const char* name : {"0_george_0", "1_jackson_1", "2_nicolas_2", "3_theo_3", "4_george_4",
                           "5_jackson_5", "6_nicolas_6", "7_theo_7"}) {
    absl::StatusOr<AudioClip> clip = ReadWavFile(fsdd + name + ".wav");
    ASSERT_TRUE(clip.ok()) << clip.status();
    ASSERT_EQ(clip->sample_rate_hz, 8000);
    starts_us.push_back(static_cast<int64_t>(samples.size()) * 125);
    for (float s : clip->samples) samples.push_back(static_cast<int16_t>(s * 32767));
    quiet(4000);
  }
  const std::string dir = std::getenv("TEST_TMPDIR");
  const std::string wav = WriteTestWav(dir + "/digits.wav", 8000, 1, samples);
  const std::string graph = dir + "/vad.pbtxt";
  std::ofstream(graph) << absl::StrCat(R"(
node { name: "source" stage: "WavFileSource" output_stream: "audio"
       option { name: "path" string_value: ")",
                                       wav, R"(" } }
node { name: "mfcc" stage: "KaldiFeatureStage" input_stream: "audio" output_stream: "mfcc" }
node { name: "vad" stage: "VadStage" input_stream: "mfcc" output_stream: "speech" }
node { name: "pool" stage: "UtterancePoolingStage" input_stream: "speech" output_stream: "stats" }
node { name: "sink" stage: "CountingFeatureSink" input_stream: "stats" }
)");
  std::ostringstream out, diagnostics;
  const absl::Status status = RunGraphFile(graph, 2, {}, out, diagnostics);
  ASSERT_TRUE(status.ok()) << status;
  std::vector<int64_t> found;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    int64_t t;
    if (std::sscanf(line.c_str(), "utterance at %ld us, 26 values", &t) == 1) found.push_back(t);
  }
  ASSERT_EQ(found.size(), starts_us.size()) << out.str();
  for (size_t i = 0; i < found.size(); ++i) {
    // Speech begins within the recording's first 0.4 s (FSDD files are trimmed closely).
    EXPECT_GE(found[i], starts_us[i] - 30000) << i;
    EXPECT_LE(found[i], starts_us[i] + 400000) << i;
  }
}

}  // namespace
}  // namespace sentio
