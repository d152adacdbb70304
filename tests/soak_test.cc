// One hour of streaming through the two real-time apps, on a simulated clock so that it takes a
// minute (issue 17, item 4): the BasicMotions activity graph (the test recordings played 9 times:
// 3,600 s at 10 Hz, lossless) and the person detector on the road video (played 1,440 times:
// 3,600 s at 60 fps, frames dropped by a REALTIME queue the detector cannot keep up with).
// Checked: memory flat after warm-up (resident set growth under 1 MB after the first simulated six
// minutes, sampled as packets flow), every packet accounted for on every stream (produced x
// consumers = consumed + dropped, nothing left queued), and no decision lost in lossless mode
// (one prediction per window, every window of every case).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>

#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "sensing/graph_config_reader.h"
#include "sensing/graph_runner.h"
#include "sensing/graph_validation.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

constexpr int64_t kHourUs = 3600LL * 1000000;
constexpr int64_t kWarmUpUs = kHourUs / 10;
constexpr int64_t kMaxGrowthBytes = 1 << 20;
// AddressSanitizer keeps freed memory in quarantine (256 MB by default), so the resident set grows
// without a leak: its build checks the accounting only (leaks are its own report).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMemoryIsMeaningful = false;
#else
constexpr bool kMemoryIsMeaningful = true;
#endif

const std::string kData = "external/shared_data";

// Time that jumps to whatever a source waits for, without keeping a record (a record would grow
// with the stream and be counted as the graph's memory).
class JumpingClock : public Clock {
 public:
  int64_t NowUs() override { return now_us_.load(); }
  void SleepUntilUs(int64_t time_us, const std::function<bool()>&) override {
    int64_t now = now_us_.load();
    while (now < time_us && !now_us_.compare_exchange_weak(now, time_us)) {
    }
  }

 private:
  std::atomic<int64_t> now_us_{0};
};

int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

// Samples the resident set every 64 packets: the level when the stream time passes the warm-up,
// and the most after it.
class MemoryWatch {
 public:
  void See(const Packet& packet) {
    if (count_.fetch_add(1) % 64 != 0) return;
    const int64_t resident = ResidentBytes();
    std::lock_guard<std::mutex> lock(mutex_);
    if (packet.timestamp_us() < kWarmUpUs) return;
    if (baseline_ < 0) baseline_ = resident;
    peak_ = std::max(peak_, resident);
  }
  int64_t baseline() const { return baseline_; }
  int64_t growth() const { return peak_ - baseline_; }

 private:
  std::atomic<int64_t> count_{0};
  std::mutex mutex_;
  int64_t baseline_ = -1;
  int64_t peak_ = 0;
};

class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
};

struct SoakResult {
  GraphRunStats stats;
  int64_t baseline = 0, growth = 0;
};

// Runs the graph config `config_text`, whose paths start with DATA (the shared data folder).
SoakResult Soak(const std::string& config_text) {
  SoakResult result;
  absl::StatusOr<graph::GraphConfig> config =
      ParseGraphConfig(absl::StrReplaceAll(config_text, {{"DATA", kData}}), "soak.pbtxt");
  EXPECT_TRUE(config.ok()) << config.status();
  absl::StatusOr<ValidatedGraph> graph = ValidateGraph(*config, StageRegistry::Global());
  EXPECT_TRUE(graph.ok()) << graph.status();
  if (!graph.ok()) return result;
  JumpingClock clock;
  ScopedSourceClock scoped(&clock);
  MemoryWatch watch;
  NullBuffer null_buffer;
  std::ostream discard(&null_buffer);
  GraphRunOptions options{2, &discard, &discard};
  options.observer = [&watch](const std::string&, const Packet& packet) { watch.See(packet); };
  GraphRunner runner(*std::move(graph), options);
  absl::StatusOr<GraphRunStats> stats = runner.Run();
  EXPECT_TRUE(stats.ok()) << stats.status();
  if (!stats.ok()) return result;
  result.stats = *stats;
  result.baseline = watch.baseline();
  result.growth = watch.growth();
  return result;
}

const StreamStats& Stream(const GraphRunStats& stats, const std::string& name) {
  for (const StreamStats& stream : stats.streams) {
    if (stream.name == name) return stream;
  }
  ADD_FAILURE() << "no stream " << name;
  return stats.streams.front();
}

void ExpectEveryPacketAccountedFor(const GraphRunStats& stats) {
  for (const StreamStats& stream : stats.streams) {
    EXPECT_EQ(stream.queued, 0) << stream.name;
    EXPECT_EQ(stream.produced * stream.consumers, stream.consumed + stream.dropped) << stream.name;
  }
}

// clang-format off
constexpr char kActivityGraph[] = R"pb(
node {
  name: "source" stage: "TsFileSource" output_stream: "imu" output_stream: "labels"
  option { name: "path" string_value: "DATA/har/BasicMotions_TEST.ts" }
  option { name: "rate_hz" double_value: 10 }
  option { name: "replay" string_value: "realtime" }
  option { name: "repeat" int_value: 9 }
}
node {
  name: "windows" stage: "SlidingWindowStage" input_stream: "imu" output_stream: "windows"
  option { name: "window" int_value: 50 }
  option { name: "hop" int_value: 25 }
}
node { name: "features" stage: "ChannelStatsStage" input_stream: "windows" output_stream: "features" }
node {
  name: "classify" stage: "ClassifyStage" input_stream: "features" output_stream: "predictions"
  option { name: "train" string_value: "DATA/har/BasicMotions_TRAIN.ts" }
  option { name: "window" int_value: 50 }
  option { name: "hop" int_value: 25 }
  option { name: "rate_hz" double_value: 10 }
  option { name: "classifier" string_value: "knn" }
  option { name: "classifier_options" string_value: "k=1" }
}
node { name: "report" stage: "ConsoleReportSink" input_stream: "predictions" input_stream: "labels" }
)pb";

constexpr char kVideoGraph[] = R"pb(
stream { name: "frames" queue_size: 1 policy: REALTIME }
node {
  name: "source" stage: "Y4mFileSource" output_stream: "frames"
  option { name: "path" string_value: "DATA/video/road_320x240.y4m" }
  option { name: "replay" string_value: "realtime" }
  option { name: "repeat" int_value: 1440 }
}
node {
  name: "detect" stage: "YoloDetectorStage" input_stream: "frames" output_stream: "detections"
  option { name: "model" string_value: "DATA/models/yolo-fastest-1.1_body.cfg" }
  option { name: "weights" string_value: "DATA/models/yolo-fastest-1.1_body.weights" }
  option { name: "threshold" double_value: 0.25 }
}
node { name: "print" stage: "DetectionConsoleSink" input_stream: "detections" }
)pb";
// clang-format on

TEST(SoakTest, ActivityGraphForAnHourLosesNothingAndStaysFlat) {
  const SoakResult soak = Soak(kActivityGraph);
  // 40 recordings of 100 samples, 9 times: 3 windows each, every one classified.
  EXPECT_EQ(Stream(soak.stats, "imu").produced, 360);
  EXPECT_EQ(Stream(soak.stats, "windows").produced, 1080);
  EXPECT_EQ(Stream(soak.stats, "predictions").produced, 1080);
  EXPECT_EQ(soak.stats.total_dropped(), 0);
  ExpectEveryPacketAccountedFor(soak.stats);
  EXPECT_GT(soak.baseline, 0);
  if (kMemoryIsMeaningful) {
    EXPECT_LT(soak.growth, kMaxGrowthBytes) << "resident set grew from " << soak.baseline;
  }
  std::printf("activity soak: resident %lld bytes after warm-up, growth %lld bytes\n",
              static_cast<long long>(soak.baseline), static_cast<long long>(soak.growth));
}

TEST(SoakTest, VideoDetectionForAnHourInRealTimeStaysFlatAndCountsItsDrops) {
  const SoakResult soak = Soak(kVideoGraph);
  const StreamStats& frames = Stream(soak.stats, "frames");
  EXPECT_EQ(frames.produced, 150 * 1440);
  EXPECT_GT(frames.consumed, 0);
  // Every frame the detector took gave one Detections packet, all printed.
  EXPECT_EQ(Stream(soak.stats, "detections").produced, frames.consumed);
  EXPECT_EQ(Stream(soak.stats, "detections").dropped, 0);
  ExpectEveryPacketAccountedFor(soak.stats);
  EXPECT_GT(soak.baseline, 0);
  if (kMemoryIsMeaningful) {
    EXPECT_LT(soak.growth, kMaxGrowthBytes) << "resident set grew from " << soak.baseline;
  }
  std::printf(
      "video soak: %lld frames, %lld detected, %lld dropped; resident %lld bytes after "
      "warm-up, growth %lld bytes\n",
      static_cast<long long>(frames.produced), static_cast<long long>(frames.consumed),
      static_cast<long long>(frames.dropped), static_cast<long long>(soak.baseline),
      static_cast<long long>(soak.growth));
}

}  // namespace
}  // namespace sentio
