// End to end through the graph runtime: a WISDM file with bad lines and a gap flows through
// WisdmFileSource, GapDetectionStage, ResampleStage, sliding windows and channel statistics into
// a CSV file; a CSV IMU recording replayed in real time takes its recorded duration on the real
// clock and ends as JSON Lines.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/graph_file_runner.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path) << text;
  return path;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return absl::StrSplit(text.str(), '\n', absl::SkipEmpty());
}

// User 1 walks at an irregular ~20 Hz with a 1 s pause after 8 readings; user 2 jogs at exactly
// 20 Hz. Two lines are malformed.
constexpr char kWisdm[] =
    "1,Walking,1000000000000,0.1,9.8,0.2;\n"
    "1,Walking,1000048000000,0.2,9.7,0.2;\n"
    "1,Walking,1000103000000,0.3,9.6,0.1\n"
    "1,Walking,1000149000000,0.4,9.5,0.1;\n"
    "1,Walking,1000149000000,0.4,9.5,0.1;\n"
    "1,Walking,1000200000000,0.5,9.4,0.0;\n"
    "\n"
    "1,Walking,1000252000000,0.6,9.3,0.0;\n"
    "1,Walking,1000298000000,0.7,9.2,-0.1;\n"
    "1,Walking,1000351000000,0.8,9.1,-0.1;\n"
    "1,Walking,1001351000000,0.9,9.0,-0.2;\n"
    "1,Walking,1001400000000,1.0,8.9,-0.2;\n"
    "1,Walking,1001452000000,1.1,8.8,;\n"
    "1,Walking,1001500000000,1.2,8.7,-0.3;\n"
    "2,Jogging,5000000000,1,2,3;\n"
    "2,Jogging,5050000000,2,3,4;\n"
    "2,Jogging,5100000000,3,4,5;\n"
    "2,Jogging,5150000000,4,5,6;\n"
    "2,Jogging,5200000000,5,6,7;\n"
    "2,Jogging,5250000000,6,7,8;\n"
    "2,Jogging,5300000000,7,8,9;\n"
    "2,Jogging,5350000000,8,9,10;\n";

TEST(SourcesGraphTest, WisdmThroughGapSplittingAndResamplingToCsv) {
  const std::string out_csv = TempPath("wisdm_features.csv");
  const std::string graph = absl::StrCat(R"(
node { name: "wisdm" stage: "WisdmFileSource" output_stream: "imu" output_stream: "labels"
       option { name: "path" string_value: ")",
                                         WriteFile("wisdm.txt", kWisdm), R"(" }
       option { name: "policy" string_value: "skip" } }
node { name: "gaps" stage: "GapDetectionStage" input_stream: "imu"
       output_stream: "segments" output_stream: "gap_flags"
       option { name: "rate_hz" double_value: 20 } }
node { name: "resample" stage: "ResampleStage" input_stream: "segments"
       output_stream: "resampled" option { name: "rate_hz" double_value: 20 } }
node { name: "windows" stage: "SlidingWindowStage" input_stream: "resampled"
       output_stream: "windows" option { name: "window" int_value: 4 }
       option { name: "hop" int_value: 4 } }
node { name: "features" stage: "ChannelStatsStage" input_stream: "windows"
       output_stream: "features" }
node { name: "csv" stage: "CsvFeatureSink" input_stream: "features"
       option { name: "path" string_value: ")",
                                         out_csv, R"(" } }
)");
  std::ostringstream out;
  const absl::Status status = RunGraphFile(WriteFile("wisdm.pbtxt", graph), 2, {}, out);
  ASSERT_TRUE(status.ok()) << status << "\n" << out.str();
  EXPECT_THAT(out.str(), HasSubstr("wisdm: skipped 2 lines: 1 empty value, "
                                   "1 timestamp not increasing"));
  // Walking before the pause: 8 grid points, 2 windows; after it: 3 points, none; jogging: 2.
  const std::vector<std::string> lines = ReadLines(out_csv);
  ASSERT_EQ(lines.size(), 5u) << out.str();
  EXPECT_THAT(lines[0], StartsWith("timestamp_us,"));
  EXPECT_THAT(lines[1], StartsWith("1000000000,"));
  EXPECT_THAT(lines[2], StartsWith("1000200000,"));
  // Jogging is shifted to start one 20 Hz period after walking ends (1001500000 µs).
  EXPECT_THAT(lines[3], StartsWith("1001550000,"));
  EXPECT_THAT(lines[4], StartsWith("1001750000,"));
}

TEST(SourcesGraphTest, RealtimeReplayTakesTheRecordedTime) {
  const std::string out_jsonl = TempPath("realtime.jsonl");
  const std::string graph =
      absl::StrCat(R"(
node { name: "csv" stage: "CsvImuFileSource" output_stream: "imu"
       option { name: "path" string_value: ")",
                   WriteFile("imu.csv", "t_ms,ax\n0,1\n100,2\n200,3\n300,4\n"),
                   R"(" }
       option { name: "time_column" string_value: "t_ms" }
       option { name: "time_unit" string_value: "ms" }
       option { name: "columns" string_value: "ax" }
       option { name: "block_size" int_value: 2 }
       option { name: "replay" string_value: "realtime" } }
node { name: "windows" stage: "SlidingWindowStage" input_stream: "imu"
       output_stream: "windows" option { name: "window" int_value: 2 }
       option { name: "hop" int_value: 2 } }
node { name: "features" stage: "ChannelStatsStage" input_stream: "windows"
       output_stream: "features" }
node { name: "jsonl" stage: "JsonLinesFeatureSink" input_stream: "features"
       option { name: "path" string_value: ")",
                   out_jsonl, R"(" } }
)");
  std::ostringstream out;
  const std::string graph_path = WriteFile("realtime.pbtxt", graph);
  const auto start = std::chrono::steady_clock::now();
  std::atomic<bool> finished{false};
  absl::Status status;
  std::thread run([&] {
    status = RunGraphFile(graph_path, 2, {}, out);
    finished = true;
  });
  // The sink flushes each line: the first window's line is in the file while the replay still
  // waits for the second block.
  bool first_line_while_running = false;
  while (!finished && !first_line_while_running) {
    first_line_while_running = !ReadLines(out_jsonl).empty() && !finished;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  run.join();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(status.ok()) << status << "\n" << out.str();
  EXPECT_TRUE(first_line_while_running);
  // The second block starts 200 ms after the first.
  EXPECT_GE(elapsed, std::chrono::milliseconds(200));
  const std::vector<std::string> lines = ReadLines(out_jsonl);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], StartsWith("{\"timestamp_us\":0,\"names\":["));
  EXPECT_THAT(lines[1], StartsWith("{\"timestamp_us\":200000,"));
}

}  // namespace
}  // namespace sentio
