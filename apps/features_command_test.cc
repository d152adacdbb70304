#include "apps/features_command.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/arff_reader.h"

namespace sentio {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
}

// Two 3-axis recordings of 8 samples, walk (x a wave) and sit (still), unless `body_override`
// gives other cases of `dimensions` channels.
std::string WriteToyTs(const std::string& body_override = "", int dimensions = 3) {
  const std::string path = TempPath("toy.ts");
  std::ofstream file(path);
  file << "@problemName toy\n@timeStamps false\n@univariate false\n@dimensions " << dimensions
       << "\n@equalLength true\n@seriesLength 8\n@classLabel true walk sit\n@data\n";
  file << (body_override.empty() ? "0,1,3,1,0,2,4,2:1,1,1,1,1,1,1,1:9,9,8,9,9,8,9,9:walk\n"
                                   "0,0,0,0,0,0,0,0:1,1,1,1,1,1,1,1:9,9,9,9,9,9,9,9:sit\n"
                                 : body_override);
  return path;
}

// Runs `sentio features` with `args`; returns its status and fills `output`.
absl::Status RunFeatures(const std::vector<std::string>& args, std::string& output) {
  absl::StatusOr<CommandLine> flags = CommandLine::Parse(args);
  if (!flags.ok()) return flags.status();
  std::ostringstream out;
  const absl::Status status = RunFeaturesCommand(*flags, out);
  output = out.str();
  return status;
}

TEST(FeaturesCommandTest, WritesAnArffTheReaderTakesBack) {
  const std::string data = WriteToyTs(), arff = TempPath("toy-wisdm.arff");
  std::string output;
  ASSERT_TRUE(RunFeatures({"--data=" + data, "--set=wisdm", "--out=" + arff, "--window=8",
                           "--hop=8", "--rate_hz=20"},
                          output)
                  .ok())
      << output;
  EXPECT_THAT(output, EndsWith("\ninstances=2\n"));
  EXPECT_THAT(output, HasSubstr("Feature set: wisdm"));
  auto read = ReadArffFile(arff);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->relation, "toy-wisdm");
  ASSERT_EQ(read->num_attributes(), 43 + 1);
  EXPECT_EQ(read->attributes[33].name, "XPEAK");
  EXPECT_EQ(read->class_attribute().values, (std::vector<std::string>{"walk", "sit"}));
  ASSERT_EQ(read->num_instances(), 2);
  // x peaks at samples 2 and 6: 4 samples of 50 ms apart.
  EXPECT_DOUBLE_EQ(read->instances[0].values[33], 200);
  EXPECT_TRUE(IsMissing(read->instances[1].values[33]));  // a still axis has no peaks
  EXPECT_EQ(read->ClassOf(1), 1);
}

TEST(FeaturesCommandTest, DefaultWindowIsHalfTheShortestRecording) {
  const std::string data = WriteToyTs(), arff = TempPath("toy-time.arff");
  std::string output;
  ASSERT_TRUE(RunFeatures({"--data=" + data, "--set=time", "--out=" + arff}, output).ok())
      << output;
  // Windows of 4 every 2 samples: 3 per recording.
  EXPECT_THAT(output, HasSubstr("Windows: 4 samples every 2 samples"));
  EXPECT_THAT(output, EndsWith("\ninstances=6\n"));
  auto read = ReadArffFile(arff);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->num_instances(), 6);
  EXPECT_EQ(read->attributes[0].name, "dim_0.mean");
}

TEST(FeaturesCommandTest, BadFlagsAndDataAreNamed) {
  const std::string data = WriteToyTs(), arff = TempPath("bad.arff");
  std::string output;
  EXPECT_THAT(RunFeatures({"--data=" + data, "--set=fft", "--out=" + arff}, output).message(),
              HasSubstr("unknown feature set 'fft' (known: stats, time, wisdm)"));
  EXPECT_THAT(RunFeatures({"--data=" + data, "--set=stats"}, output).message(), HasSubstr("out"));
  EXPECT_THAT(RunFeatures({"--data=" + data, "--set=stats", "--out=" + arff, "--windw=3"}, output)
                  .message(),
              HasSubstr("windw"));
  EXPECT_THAT(RunFeatures({"--data=x.arff", "--set=stats", "--out=" + arff}, output).message(),
              HasSubstr("x.arff: --data must be a UEA/sktime .ts file"));
  EXPECT_THAT(RunFeatures({"--data=" + data, "--set=time", "--out=" + arff, "--window=1"}, output)
                  .message(),
              HasSubstr("at least 2 samples, got 1"));
  EXPECT_THAT(RunFeatures({"--data=" + data, "--set=stats", "--out=" + arff, "--window=9"}, output)
                  .message(),
              HasSubstr("fewer than one window of 9"));
  EXPECT_THAT(
      RunFeatures({"--data=" + data, "--set=stats", "--out=/nonexistent-dir/x.arff"}, output)
          .message(),
      HasSubstr("cannot create '/nonexistent-dir/x.arff': No such file or directory"));
  // The toy file rewritten with two channels, then with a NaN sample on line 9.
  const std::string two_axes = WriteToyTs("0,1,3,1,0,2,4,2:1,1,1,1,1,1,1,1:walk\n", 2);
  EXPECT_THAT(RunFeatures({"--data=" + two_axes, "--set=wisdm", "--out=" + arff}, output).message(),
              HasSubstr("needs exactly 3 channels (x, y, z), got 2: [dim_0, dim_1]"));
  const std::string nan_sample =
      WriteToyTs("0,1,3,nan,0,2,4,2:1,1,1,1,1,1,1,1:9,9,8,9,9,8,9,9:walk\n");
  EXPECT_THAT(
      RunFeatures({"--data=" + nan_sample, "--set=stats", "--out=" + arff}, output).message(),
      HasSubstr("toy.ts:9"));
}

}  // namespace
}  // namespace sentio
