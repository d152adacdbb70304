#include "sensing/graph_runner.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/graph_config_reader.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::atomic<int> closed_nodes{0};

Packet Number(int64_t timestamp_us, double value) {
  return Packet::Make(timestamp_us, FeatureVector{{value}, {"value"}});
}

// Emits `count` numbers 0, 1, ... at timestamps 0, 1, ... (`step` apart), one per call; with
// count 0 it never ends.
class CounterSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"NUMBERS", PayloadType::kFeatureVector}};
    contract.options = {{"count", OptionType::kInt, false, OptionValue(int64_t{0})},
                        {"step", OptionType::kInt, false, OptionValue(int64_t{1})}};
    return contract;
  }
  absl::Status Open(StageContext& context) override {
    StreamHeader header;
    header.sample_rate_hz = static_cast<int>(context.GetInt("step"));
    context.SetOutputHeader(0, header);
    return absl::OkStatus();
  }
  absl::Status Process(StageContext& context) override {
    const int64_t count = context.GetInt("count");
    context.Emit(0, Number(next_ * context.GetInt("step"), next_));
    if (++next_ == count) context.MarkSourceDone();
    return absl::OkStatus();
  }
  absl::Status Close(StageContext&) override {
    ++closed_nodes;
    return absl::OkStatus();
  }

 private:
  int64_t next_ = 0;
};

// Emits value * factor + offset, optionally after sleeping; fails on the packet at `fail_at`.
class AffineStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IN", PayloadType::kFeatureVector}};
    contract.outputs = {{"OUT", PayloadType::kFeatureVector}};
    contract.options = {{"factor", OptionType::kDouble, false, OptionValue(1.0)},
                        {"offset", OptionType::kDouble, false, OptionValue(0.0)},
                        {"sleep_us", OptionType::kInt, false, OptionValue(int64_t{0})},
                        {"fail_at", OptionType::kInt, false, OptionValue(int64_t{-1})},
                        {"fail_open", OptionType::kBool, false, OptionValue(false)}};
    return contract;
  }
  absl::Status Open(StageContext& context) override {
    if (context.GetBool("fail_open")) return absl::UnavailableError("no device");
    context.SetOutputHeader(0, context.input_header(0));  // the same rate, passed on
    return absl::OkStatus();
  }
  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    if (packet.timestamp_us() == context.GetInt("fail_at")) {
      return absl::DataLossError("bad packet");
    }
    std::this_thread::sleep_for(std::chrono::microseconds(context.GetInt("sleep_us")));
    const double value = packet.Get<FeatureVector>()->values[0];
    context.Emit(0, Number(packet.timestamp_us(),
                           value * context.GetDouble("factor") + context.GetDouble("offset")));
    return absl::OkStatus();
  }
  absl::Status Close(StageContext&) override {
    ++closed_nodes;
    return absl::OkStatus();
  }
};

// Emits its input at timestamp 100 - t: decreasing, which the runtime must reject.
class BackwardsStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IN", PayloadType::kFeatureVector}};
    contract.outputs = {{"OUT", PayloadType::kFeatureVector}};
    return contract;
  }
  absl::Status Process(StageContext& context) override {
    context.Emit(0, Number(100 - context.input().timestamp_us(), 0));
    return absl::OkStatus();
  }
};

// Prints "timestamp:value" for each packet (after sleeping `sleep_us`) and the count at Close.
class PrintSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IN", PayloadType::kFeatureVector}};
    contract.options = {{"sleep_us", OptionType::kInt, false, OptionValue(int64_t{0})},
                        {"print_header", OptionType::kBool, false, OptionValue(false)}};
    return contract;
  }
  absl::Status Open(StageContext& context) override {
    if (!context.GetBool("print_header")) return absl::OkStatus();
    const StreamHeader& header = context.input_header(0);
    context.out() << "header rate=";
    if (header.sample_rate_hz) {
      context.out() << *header.sample_rate_hz << "\n";
    } else {
      context.out() << "unknown\n";
    }
    return absl::OkStatus();
  }
  absl::Status Process(StageContext& context) override {
    std::this_thread::sleep_for(std::chrono::microseconds(context.GetInt("sleep_us")));
    absl::StrAppend(&log_, context.input().timestamp_us(), ":",
                    context.input().Get<FeatureVector>()->values[0], "\n");
    ++count_;
    return absl::OkStatus();
  }
  absl::Status Close(StageContext& context) override {
    ++closed_nodes;
    context.out() << log_ << "count=" << count_ << "\n";
    return absl::OkStatus();
  }

 private:
  std::string log_;
  int count_ = 0;
};

// Emits each number on both outputs: EVENS only the even ones. Registered twice: "SplitStage"
// promises to emit at input time, "SparseSplit" does not.
class SplitStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IN", PayloadType::kFeatureVector}};
    contract.outputs = {{"ALL", PayloadType::kFeatureVector},
                        {"EVENS", PayloadType::kFeatureVector}};
    contract.emits_at_input_time = true;
    return contract;
  }
  absl::Status Process(StageContext& context) override {
    context.Emit(0, context.input());
    if (context.input().timestamp_us() % 2 == 0) context.Emit(1, context.input());
    return absl::OkStatus();
  }
};

// Prints "echo T" for each packet as it comes, after sleeping `sleep_us`.
class EchoSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IN", PayloadType::kFeatureVector}};
    contract.options = {{"sleep_us", OptionType::kInt, false, OptionValue(int64_t{0})}};
    return contract;
  }
  absl::Status Process(StageContext& context) override {
    std::this_thread::sleep_for(std::chrono::microseconds(context.GetInt("sleep_us")));
    context.out() << "echo " << context.input().timestamp_us() << "\n";
    return absl::OkStatus();
  }
};

// Aligned inputs: prints "T: a b" per call, the value on each input at T or "-".
class PairSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"A", PayloadType::kFeatureVector}, {"B", PayloadType::kFeatureVector}};
    contract.input_policy = InputPolicy::kAlignedTimestamps;
    return contract;
  }
  absl::Status Process(StageContext& context) override {
    context.out() << context.input().timestamp_us() << ":";
    for (int port = 0; port < 2; ++port) {
      const Packet* packet = context.input_at(port);
      if (packet != nullptr && packet->timestamp_us() != context.input().timestamp_us()) {
        return absl::InternalError("inputs of different timestamps in one call");
      }
      context.out() << " ";
      if (packet == nullptr) {
        context.out() << "-";
      } else {
        context.out() << packet->Get<FeatureVector>()->values[0];
      }
    }
    context.out() << "\n";
    return absl::OkStatus();
  }
};

// Sets side packet OFFSET to its option `value` in Open (unless `forget` is set): a node loading
// something once, without ports, so never processed.
class OffsetProvider : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.output_side_packets = {{"OFFSET", "double"}};
    contract.options = {{"value", OptionType::kDouble, false, OptionValue(0.0)},
                        {"forget", OptionType::kBool, false, OptionValue(false)}};
    return contract;
  }
  absl::Status Open(StageContext& context) override {
    if (!context.GetBool("forget")) {
      context.SetOutputSidePacket(0, SidePacket::Make(std::make_shared<const double>(
                                         context.GetDouble("value"))));
    }
    return absl::OkStatus();
  }
  absl::Status Process(StageContext&) override {
    return absl::InternalError("a stage without ports is never processed");
  }
};

// Adds the side packet OFFSET (read once, in Open) to every number.
class SideOffsetStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"NUMBERS", PayloadType::kFeatureVector}};
    contract.outputs = {{"NUMBERS", PayloadType::kFeatureVector}};
    contract.input_side_packets = {{"OFFSET", "double"}};
    return contract;
  }
  absl::Status Open(StageContext& context) override {
    const SidePacket* offset = context.input_side_packet(0);
    if (offset == nullptr || offset->Get<double>() == nullptr) {
      return absl::InternalError("no OFFSET side packet");
    }
    offset_ = offset->Share<double>();
    return absl::OkStatus();
  }
  absl::Status Process(StageContext& context) override {
    const Packet& in = context.input();
    context.Emit(0, Number(in.timestamp_us(), in.Get<FeatureVector>()->values[0] + *offset_));
    return absl::OkStatus();
  }

 private:
  std::shared_ptr<const double> offset_;
};

const StageRegistry& TestRegistry() {
  static const StageRegistry* registry = [] {
    auto* r = new StageRegistry;
    r->Register("CounterSource", CounterSource::Contract(),
                [] { return std::make_unique<CounterSource>(); });
    r->Register("AffineStage", AffineStage::Contract(),
                [] { return std::make_unique<AffineStage>(); });
    r->Register("BackwardsStage", BackwardsStage::Contract(),
                [] { return std::make_unique<BackwardsStage>(); });
    r->Register("PrintSink", PrintSink::Contract(), [] { return std::make_unique<PrintSink>(); });
    r->Register("SplitStage", SplitStage::Contract(),
                [] { return std::make_unique<SplitStage>(); });
    StageContract sparse = SplitStage::Contract();
    sparse.emits_at_input_time = false;
    r->Register("SparseSplit", sparse, [] { return std::make_unique<SplitStage>(); });
    r->Register("PairSink", PairSink::Contract(), [] { return std::make_unique<PairSink>(); });
    r->Register("EchoSink", EchoSink::Contract(), [] { return std::make_unique<EchoSink>(); });
    r->Register("OffsetProvider", OffsetProvider::Contract(),
                [] { return std::make_unique<OffsetProvider>(); });
    r->Register("SideOffsetStage", SideOffsetStage::Contract(),
                [] { return std::make_unique<SideOffsetStage>(); });
    return r;
  }();
  return *registry;
}

struct RunResult {
  absl::StatusOr<GraphRunStats> stats;
  std::string output;
};

std::unique_ptr<GraphRunner> MakeRunner(const std::string& text, int threads, std::ostream& out) {
  absl::StatusOr<graph::GraphConfig> config = ParseGraphConfig(text, "test.pbtxt");
  EXPECT_TRUE(config.ok()) << config.status();
  absl::StatusOr<ValidatedGraph> graph = ValidateGraph(*config, TestRegistry());
  EXPECT_TRUE(graph.ok()) << graph.status();
  return std::make_unique<GraphRunner>(*std::move(graph), GraphRunOptions{threads, &out});
}

RunResult RunGraph(const std::string& text, int threads) {
  closed_nodes = 0;
  std::ostringstream out;
  RunResult result{MakeRunner(text, threads, out)->Run(), ""};
  result.output = out.str();
  return result;
}

const StreamStats& Stream(const GraphRunStats& stats, const std::string& name) {
  for (const StreamStats& stream : stats.streams) {
    if (stream.name == name) return stream;
  }
  ADD_FAILURE() << "no stream " << name;
  return stats.streams[0];
}

std::string Chain(int count, const std::string& sink_options, const std::string& streams) {
  return absl::StrCat(R"pb(
                        node { name: "source" stage: "CounterSource" output_stream: "numbers"
                               option { name: "count" int_value:)pb",
                      count, R"pb(}
                                  }
    node {
      name: "scale"
      stage: "AffineStage"
      input_stream: "numbers"
      output_stream: "scaled"
      option { name: "factor" double_value: 3 }
    }
    node {
      name: "shift"
      stage: "AffineStage"
      input_stream: "scaled"
      output_stream: "shifted"
      option { name: "offset" double_value: 0.5 }
    }
    node { name: "sink" stage: "PrintSink" input_stream: "shifted" )pb",
                      sink_options, "}\n", streams);
}

TEST(GraphRunnerTest, RunsChainToTheEnd) {
  RunResult result = RunGraph(Chain(4, "", ""), 2);
  ASSERT_TRUE(result.stats.ok()) << result.stats.status();
  EXPECT_EQ(result.output, "0:0.5\n1:3.5\n2:6.5\n3:9.5\ncount=4\n");
  EXPECT_EQ(closed_nodes, 4);
  EXPECT_EQ(Stream(*result.stats, "shifted").produced, 4);
  EXPECT_EQ(result.stats->total_dropped(), 0);
}

// The source's header reaches the sink's Open through two stages that pass it on, before any
// packet flows; a stream whose producer sets none has an empty header.
TEST(GraphRunnerTest, StreamHeadersReachConsumersWhenTheyOpen) {
  const std::string print_header = R"pb(option { name: "print_header" bool_value: true })pb";
  RunResult result = RunGraph(Chain(2, print_header, ""), 2);
  ASSERT_TRUE(result.stats.ok()) << result.stats.status();
  EXPECT_EQ(result.output, "header rate=1\n0:0.5\n1:3.5\ncount=2\n");

  RunResult split = RunGraph(R"pb(
    node { name: "source" stage: "CounterSource" output_stream: "numbers"
           option { name: "count" int_value: 1 } }
    node { name: "split" stage: "SplitStage" input_stream: "numbers" output_stream: "all" }
    node { name: "sink" stage: "PrintSink" input_stream: "all"
           option { name: "print_header" bool_value: true } }
  )pb", 1);
  ASSERT_TRUE(split.stats.ok()) << split.stats.status();
  EXPECT_EQ(split.output, "header rate=unknown\n0:0\ncount=1\n");
}

std::string SplitIntoPair(const std::string& split_stage, int count) {
  return absl::StrCat(R"pb(
    node { name: "source" stage: "CounterSource" output_stream: "numbers"
           option { name: "count" int_value: )pb", count, R"pb( } }
    node { name: "split" stage: ")pb", split_stage, R"pb(" input_stream: "numbers"
           output_stream: "all" output_stream: "evens" }
    node { name: "pair" stage: "PairSink" input_stream: "all" input_stream: "evens" }
    stream { name: "numbers" queue_size: 1 }
    stream { name: "all" queue_size: 1 }
    stream { name: "evens" queue_size: 1 }
  )pb");
}

// A stage with aligned inputs gets each timestamp once, with both streams' packets of it, even
// with queues of one packet: the splitter's promise to emit at input time tells the pair that
// no even number is coming at an odd time.
TEST(GraphRunnerTest, AlignedInputsComeTogetherByTimestamp) {
  for (int threads : {1, 2, 4}) {
    RunResult result = RunGraph(SplitIntoPair("SplitStage", 6), threads);
    ASSERT_TRUE(result.stats.ok()) << result.stats.status();
    EXPECT_EQ(result.output, "0: 0 0\n1: 1 -\n2: 2 2\n3: 3 -\n4: 4 4\n5: 5 -\n")
        << threads << " threads";
  }
}

// Without that promise the pair waits at 1 for the evens stream, whose producer waits for room in
// the full `all` queue: the runner ends the run, naming the node and the stream.
TEST(GraphRunnerTest, AStalledAlignedNodeIsNamed) {
  RunResult result = RunGraph(SplitIntoPair("SparseSplit", 6), 2);
  EXPECT_THAT(result.stats.status().message(),
              HasSubstr("the graph stalled with nothing to run: node 'pair' (aligned inputs) "
                        "waits for stream 'evens' to reach 1 us"));
  EXPECT_EQ(closed_nodes, 1);  // the source (the others count no closes)
}

// A sink's closing summary comes after everything another sink prints while processing, however
// much longer that one takes: a report's last line is the output's last line.
TEST(GraphRunnerTest, WhatClosingStagesPrintComesLast) {
  RunResult result = RunGraph(R"pb(
    node { name: "source" stage: "CounterSource" output_stream: "numbers"
           option { name: "count" int_value: 4 } }
    node { name: "summary" stage: "PrintSink" input_stream: "numbers" }
    node { name: "echo" stage: "EchoSink" input_stream: "numbers"
           option { name: "sleep_us" int_value: 20000 } }
  )pb", 2);
  ASSERT_TRUE(result.stats.ok()) << result.stats.status();
  EXPECT_EQ(result.output, "echo 0\necho 1\necho 2\necho 3\n0:0\n1:1\n2:2\n3:3\ncount=4\n");
}

TEST(GraphRunnerTest, ObserverSeesEveryPacketOfEveryStream) {
  absl::StatusOr<graph::GraphConfig> config = ParseGraphConfig(Chain(50, "", ""), "test.pbtxt");
  ASSERT_TRUE(config.ok());
  absl::StatusOr<ValidatedGraph> graph = ValidateGraph(*config, TestRegistry());
  ASSERT_TRUE(graph.ok());
  std::mutex mutex;
  std::map<std::string, std::vector<double>> seen;
  GraphRunOptions options{4, nullptr};
  std::ostringstream out;
  options.out = &out;
  options.observer = [&](const std::string& stream, const Packet& packet) {
    std::lock_guard<std::mutex> lock(mutex);
    seen[stream].push_back(packet.Get<FeatureVector>()->values[0]);
  };
  ASSERT_TRUE(GraphRunner(*std::move(graph), options).Run().ok());
  ASSERT_EQ(seen.size(), 3u);
  ASSERT_EQ(seen["shifted"].size(), 50u);
  EXPECT_EQ(seen["numbers"][7], 7);
  EXPECT_EQ(seen["scaled"][7], 21);
  EXPECT_EQ(seen["shifted"][49], 147.5);
}

TEST(GraphRunnerTest, LosslessGivesTheSameResultsWithOneOrManyThreads) {
  const std::string graph = Chain(500, "", R"pb(stream { name: "scaled" queue_size: 2 })pb");
  RunResult one = RunGraph(graph, 1);
  ASSERT_TRUE(one.stats.ok()) << one.stats.status();
  EXPECT_THAT(one.output, HasSubstr("count=500\n"));
  for (int threads : {2, 4, 8}) {
    RunResult many = RunGraph(graph, threads);
    ASSERT_TRUE(many.stats.ok()) << many.stats.status();
    EXPECT_EQ(many.output, one.output) << threads << " threads";
  }
}

// Many stages, each adding 1: every packet passes all of them, in order, on one thread or several
// (the scheduler tracks runnable nodes incrementally; this checks it misses none).
TEST(GraphRunnerTest, LongChainDeliversEveryPacketThroughEveryStage) {
  constexpr int kStages = 2000;
  std::string text = R"pb(node {
                            name: "source"
                            stage: "CounterSource"
                            output_stream: "s0"
                            option { name: "count" int_value: 20 }
                          })pb";
  for (int i = 0; i < kStages; ++i) {
    absl::StrAppend(&text, "node { name: \"add", i, "\" stage: \"AffineStage\" input_stream: \"s",
                    i, "\" output_stream: \"s", i + 1,
                    "\" option { name: \"offset\" double_value: 1 } }\n");
  }
  absl::StrAppend(&text, "node { name: \"sink\" stage: \"PrintSink\" input_stream: \"s", kStages,
                  "\" }\n");
  std::string expected;
  for (int t = 0; t < 20; ++t) absl::StrAppend(&expected, t, ":", t + kStages, "\n");
  absl::StrAppend(&expected, "count=20\n");
  for (int threads : {1, 2}) {
    RunResult result = RunGraph(text, threads);
    ASSERT_TRUE(result.stats.ok()) << result.stats.status();
    EXPECT_EQ(result.output, expected) << threads << " threads";
    EXPECT_EQ(closed_nodes, kStages + 2);
  }
}

TEST(GraphRunnerTest, PacketsOnAnUnboundOutputAreDropped) {
  RunResult result = RunGraph(
      R"pb(
        node {
          name: "source"
          stage: "CounterSource"
          output_stream: "numbers"
          option { name: "count" int_value: 5 }
        }
        node { name: "split" stage: "SplitStage" input_stream: "numbers" output_stream: "all" }
        node { name: "sink" stage: "PrintSink" input_stream: "all" }
      )pb",
      2);
  ASSERT_TRUE(result.stats.ok()) << result.stats.status();
  EXPECT_THAT(result.output, HasSubstr("count=5\n"));
}

TEST(GraphRunnerTest, SlowLosslessSinkNeverOverfillsAQueue) {
  RunResult result = RunGraph(Chain(200, R"pb(option { name: "sleep_us" int_value: 50 })pb",
                                    R"pb(stream { name: "shifted" queue_size: 3 }
                                         stream { name: "numbers" queue_size: 2 })pb"),
                              4);
  ASSERT_TRUE(result.stats.ok()) << result.stats.status();
  EXPECT_THAT(result.output, HasSubstr("count=200\n"));
  const StreamStats& shifted = Stream(*result.stats, "shifted");
  EXPECT_EQ(shifted.max_queued, 3);  // it filled up, and no further
  EXPECT_EQ(shifted.produced, 200);
  EXPECT_EQ(shifted.consumed, 200);
  EXPECT_LE(Stream(*result.stats, "numbers").max_queued, 2);
  EXPECT_LE(Stream(*result.stats, "scaled").max_queued, kDefaultQueueSize);
  EXPECT_EQ(result.stats->total_dropped(), 0);
}

TEST(GraphRunnerTest, RealtimeStreamDropsOldestAndCountsEveryPacket) {
  RunResult result =
      RunGraph(Chain(300, R"pb(option { name: "sleep_us" int_value: 200 })pb",
                     R"pb(stream { name: "shifted" queue_size: 2 policy: REALTIME })pb"),
               4);
  ASSERT_TRUE(result.stats.ok()) << result.stats.status();
  const StreamStats& shifted = Stream(*result.stats, "shifted");
  EXPECT_EQ(shifted.produced, 300);
  EXPECT_GT(shifted.dropped, 0);
  EXPECT_EQ(shifted.produced, shifted.consumed + shifted.dropped);
  EXPECT_LE(shifted.max_queued, 2);
  EXPECT_THAT(result.output, HasSubstr(absl::StrCat("count=", shifted.consumed, "\n")));
  // Drop-oldest keeps the newest: the last packet always arrives.
  EXPECT_THAT(result.output, HasSubstr("299:897.5\n"));
}

TEST(GraphRunnerTest, ErrorNamesNodeAndTimestampAndClosesEveryNode) {
  for (int threads : {1, 3}) {
    RunResult result = RunGraph(absl::StrCat(R"pb(
                                  node {
                                    name: "source"
                                    stage: "CounterSource"
                                    output_stream: "numbers"
                                    option { name: "count" int_value: 100 }
                                    option { name: "step" int_value: 10 }
                                  }
                                  node {
                                    name: "checker"
                                    stage: "AffineStage"
                                    input_stream: "numbers"
                                    output_stream: "checked"
                                    option { name: "fail_at" int_value: 70 }
                                  }
                                  node { name: "sink" stage: "PrintSink" input_stream: "checked" }
                                )pb"),
                                threads);
    EXPECT_EQ(result.stats.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(result.stats.status().message(),
                HasSubstr("node 'checker' (AffineStage) at timestamp 70 us: bad packet"));
    EXPECT_EQ(closed_nodes, 3);
  }
}

TEST(GraphRunnerTest, DecreasingTimestampNamesTheStream) {
  RunResult result = RunGraph(R"pb(
                                node {
                                  name: "source"
                                  stage: "CounterSource"
                                  output_stream: "numbers"
                                  option { name: "count" int_value: 5 }
                                }
                                node {
                                  name: "back"
                                  stage: "BackwardsStage"
                                  input_stream: "numbers"
                                  output_stream: "reversed"
                                }
                                node { name: "sink" stage: "PrintSink" input_stream: "reversed" }
                              )pb",
                              2);
  EXPECT_THAT(result.stats.status().message(),
              HasSubstr("node 'back' (BackwardsStage) at timestamp 1 us: stream 'reversed': "
                        "timestamp 99 us is not after the previous one, 100 us"));
}

TEST(GraphRunnerTest, OpenFailureNamesTheNodeAndClosesOpenedOnes) {
  RunResult result = RunGraph(R"pb(
                                node {
                                  name: "source"
                                  stage: "CounterSource"
                                  output_stream: "numbers"
                                  option { name: "count" int_value: 5 }
                                }
                                node {
                                  name: "device"
                                  stage: "AffineStage"
                                  input_stream: "numbers"
                                  output_stream: "out"
                                  option { name: "fail_open" bool_value: true }
                                }
                                node { name: "sink" stage: "PrintSink" input_stream: "out" }
                              )pb",
                              2);
  EXPECT_THAT(result.stats.status().message(),
              HasSubstr("node 'device' (AffineStage) opening: no device"));
  EXPECT_EQ(closed_nodes, 1);  // only the source had opened
  EXPECT_EQ(result.output, "");
}

TEST(GraphRunnerTest, CancelStopsAnEndlessSourceAndClosesEveryNode) {
  closed_nodes = 0;
  std::ostringstream out;
  std::unique_ptr<GraphRunner> runner = MakeRunner(Chain(0, "", ""), 2, out);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    runner->Cancel();
  });
  absl::StatusOr<GraphRunStats> stats = runner->Run();
  canceller.join();
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(closed_nodes, 4);
  // Every packet made before the cancel is accounted for.
  const GraphRunStats counts = runner->Stats();
  ASSERT_EQ(counts.streams.size(), 3u);
  EXPECT_GT(counts.streams[0].produced, 0);
  for (const StreamStats& stream : counts.streams) {
    EXPECT_EQ(stream.produced * stream.consumers, stream.consumed + stream.dropped + stream.queued)
        << stream.name;
  }
}

// One value loaded once, shared by two nodes, each listed before the provider: the provider opens
// first all the same.
TEST(GraphRunnerTest, SidePacketsReachTheirConsumersWhenTheyOpen) {
  RunResult result = RunGraph(R"pb(
                                node { name: "source" stage: "CounterSource" output_stream: "n"
                                       option { name: "count" int_value: 2 } }
                                node { name: "first" stage: "SideOffsetStage" input_stream: "n"
                                       output_stream: "a" input_side_packet: "offset" }
                                node { name: "second" stage: "SideOffsetStage" input_stream: "a"
                                       output_stream: "b" input_side_packet: "offset" }
                                node { name: "sink" stage: "PrintSink" input_stream: "b" }
                                node { name: "provider" stage: "OffsetProvider"
                                       output_side_packet: "offset"
                                       option { name: "value" double_value: 10 } }
                              )pb",
                              2);
  ASSERT_TRUE(result.stats.ok()) << result.stats.status();
  EXPECT_EQ(result.output, "0:20\n1:21\ncount=2\n");
}

TEST(GraphRunnerTest, AnUnsetOutputSidePacketFailsTheGraphBeforeItsConsumersOpen) {
  RunResult result = RunGraph(R"pb(
                                node { name: "provider" stage: "OffsetProvider"
                                       output_side_packet: "offset"
                                       option { name: "forget" bool_value: true } }
                                node { name: "source" stage: "CounterSource" output_stream: "n"
                                       option { name: "count" int_value: 2 } }
                                node { name: "first" stage: "SideOffsetStage" input_stream: "n"
                                       output_stream: "a" input_side_packet: "offset" }
                              )pb",
                              2);
  ASSERT_FALSE(result.stats.ok());
  EXPECT_EQ(result.stats.status().message(),
            "node 'provider' (OffsetProvider) opening: did not set its output side packet "
            "'offset' (OFFSET)");
}

TEST(GraphRunnerTest, RunsOnlyOnce) {
  std::ostringstream out;
  std::unique_ptr<GraphRunner> runner = MakeRunner(Chain(1, "", ""), 1, out);
  ASSERT_TRUE(runner->Run().ok());
  EXPECT_EQ(runner->Run().status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sentio
