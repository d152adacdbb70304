#include "apps/mfcc_command.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

constexpr char kRecording[] = "external/shared_data/audio/fsdd/0_george_0.wav";  // 2384 samples

struct Result {
  absl::Status status;
  std::vector<std::string> lines;  // standard output
  std::string summary;
};

Result RunCommand(const std::string& command, const std::vector<std::string>& args) {
  Result result;
  absl::StatusOr<CommandLine> flags = CommandLine::Parse(args);
  if (!flags.ok()) {
    result.status = flags.status();
    return result;
  }
  std::ostringstream out, summary;
  result.status = RunKaldiFeatureCommand(command == "mfcc", *flags, out, summary);
  result.lines = absl::StrSplit(out.str(), '\n', absl::SkipEmpty());
  result.summary = summary.str();
  return result;
}

// A mono 32-bit float WAV file holding `samples`.
std::string WriteFloatWav(const std::string& name, const std::vector<float>& samples) {
  auto u32 = [](std::string& s, uint32_t v) {
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>(v >> (8 * i)));
  };
  auto u16 = [](std::string& s, uint16_t v) {
    s.push_back(static_cast<char>(v));
    s.push_back(static_cast<char>(v >> 8));
  };
  std::string fmt, data;
  u16(fmt, 3);
  u16(fmt, 1);
  u32(fmt, 8000);
  u32(fmt, 32000);
  u16(fmt, 4);
  u16(fmt, 32);
  for (float v : samples) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    u32(data, bits);
  }
  std::string wav = "RIFF";
  u32(wav, 4 + 8 + fmt.size() + 8 + data.size());
  wav += "WAVEfmt ";
  u32(wav, fmt.size());
  wav += fmt + "data";
  u32(wav, data.size());
  wav += data;
  const std::string path =
      std::string(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp") + "/" + name;
  std::ofstream(path, std::ios::binary) << wav;
  return path;
}

TEST(MfccCommandTest, PrintsOneFramePerLineThenTheFrameCount) {
  const Result result = RunCommand("mfcc", {std::string("--wav=") + kRecording});
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.lines.size(), 29u);  // 1 + (2384 - 200) / 80 frames, then frames=
  EXPECT_EQ(result.lines.back(), "frames=28");
  for (size_t i = 0; i + 1 < result.lines.size(); ++i) {
    const std::vector<std::string> values = absl::StrSplit(result.lines[i], ' ');
    EXPECT_EQ(values.size(), 13u) << "line " << i + 1;
  }
  // Kaldi's (raw log energy, c1) of the first frame, from features/testdata/0_george_0.mfcc.txt.
  const std::vector<std::string> first = absl::StrSplit(result.lines[0], ' ');
  EXPECT_NEAR(std::stod(first[0]), 21.3986, 1e-3);
  EXPECT_NEAR(std::stod(first[1]), -9.6764491, 1e-2);
  EXPECT_THAT(result.summary, HasSubstr("2384 samples at 8000 Hz"));
  EXPECT_THAT(result.summary, HasSubstr("28 frames of 13 values"));
}

TEST(MfccCommandTest, FbankTakesOptionFlags) {
  const Result result =
      RunCommand("fbank", {std::string("--wav=") + kRecording, "--num_mel_bins=40", "--use_energy",
                           "--snip_edges=false", "--window_type=hamming", "--frame_shift_ms=5"});
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.lines.back(), "frames=60");  // (2384 + 20) / 40
  const std::vector<std::string> values = absl::StrSplit(result.lines[0], ' ');
  EXPECT_EQ(values.size(), 41u);
}

TEST(MfccCommandTest, AudioShorterThanAFrameGivesZeroFramesAndSaysSo) {
  const std::string path = WriteFloatWav("short.wav", std::vector<float>(150, 0.1f));
  const Result result = RunCommand("mfcc", {"--wav=" + path});
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.lines.size(), 1u);
  EXPECT_EQ(result.lines[0], "frames=0");
  EXPECT_THAT(result.summary, HasSubstr("shorter than one frame of 200 samples"));
  const Result empty = RunCommand("fbank", {"--wav=" + WriteFloatWav("empty.wav", {})});
  ASSERT_TRUE(empty.status.ok()) << empty.status;
  EXPECT_EQ(empty.lines.back(), "frames=0");
}

TEST(MfccCommandTest, BadInputFailsNamingTheFileOrFlag) {
  std::vector<float> samples(400, 0.1f);
  samples[300] = NAN;
  const std::string nan_path = WriteFloatWav("nan.wav", samples);
  Result result = RunCommand("mfcc", {"--wav=" + nan_path});
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("nan.wav: sample 300 is nan"));
  EXPECT_TRUE(result.lines.empty());  // nothing printed before the error
  result = RunCommand("mfcc", {std::string("--wav=") + kRecording, "--high_freq=6000"});
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("0_george_0.wav (8000 Hz)"));
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("high_freq=6000"));
  result = RunCommand("mfcc", {std::string("--wav=") + kRecording, "--num_cepz=3"});
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("unknown flag --num_cepz"));
  result = RunCommand("fbank", {std::string("--wav=") + kRecording, "--num_ceps=3"});
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("unknown flag --num_ceps"));
  result = RunCommand("fbank", {std::string("--wav=") + kRecording, "--snip_edges=maybe"});
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("--snip_edges=maybe"));
  result = RunCommand("fbank", {std::string("--wav=") + kRecording, "--window_type=kaiser"});
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("--window_type"));
  result = RunCommand("fbank", {std::string("--wav=") + kRecording, "--channel=1"});
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("has 1 channel"));
  result = RunCommand("mfcc", {"--wav=/nonexistent/x.wav"});
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("/nonexistent/x.wav"));
  result = RunCommand("mfcc", {});
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("--wav"));
}

}  // namespace
}  // namespace sentio
