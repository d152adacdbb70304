// Per-packet overhead of the streaming graph runtime: packets through a chain of 5 pass-through
// stages (source -> 5 x pass-through -> sink), on 1 thread and on a pool, against the peer of
// calling the same stages directly in a loop with no queues or scheduling; and how the runtime
// scales with the graph: a chain of 10,000 stages, parsed, validated and run.
// Build with -c opt; docs/BENCHMARKS.md has the command and the figures.
#include <iostream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "sensing/graph_config_reader.h"
#include "sensing/graph_runner.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

constexpr int kChainLength = 5;
constexpr int64_t kPacketsPerRun = 20000;
// The long chain: few packets through many stages.
constexpr int kLongChainLength = 10000;
constexpr int64_t kLongChainPackets = 100;

class NumberSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"OUT", PayloadType::kFeatureVector}};
    contract.options = {{"packets", OptionType::kInt, false, OptionValue(kPacketsPerRun)}};
    return contract;
  }
  absl::Status Process(StageContext& context) override {
    context.Emit(0, Packet::Make(next_, FeatureVector{{1.0}, {}}));
    if (++next_ == context.GetInt("packets")) context.MarkSourceDone();
    return absl::OkStatus();
  }

 private:
  int64_t next_ = 0;
};

class PassThrough : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IN", PayloadType::kFeatureVector}};
    contract.outputs = {{"OUT", PayloadType::kFeatureVector}};
    return contract;
  }
  absl::Status Process(StageContext& context) override {
    context.Emit(0, context.input());
    return absl::OkStatus();
  }
};

class CountingSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IN", PayloadType::kFeatureVector}};
    contract.options = {{"packets", OptionType::kInt, false, OptionValue(kPacketsPerRun)}};
    return contract;
  }
  absl::Status Process(StageContext& context) override {
    ++count_;
    return absl::OkStatus();
  }
  absl::Status Close(StageContext& context) override {
    return count_ == context.GetInt("packets") ? absl::OkStatus()
                                               : absl::InternalError("the sink missed packets");
  }

 private:
  int64_t count_ = 0;
};

const StageRegistry& Registry() {
  static const StageRegistry* registry = [] {
    auto* r = new StageRegistry;
    r->Register("NumberSource", NumberSource::Contract(),
                [] { return std::make_unique<NumberSource>(); });
    r->Register("PassThrough", PassThrough::Contract(),
                [] { return std::make_unique<PassThrough>(); });
    r->Register("CountingSink", CountingSink::Contract(),
                [] { return std::make_unique<CountingSink>(); });
    return r;
  }();
  return *registry;
}

// A graph config: source -> `length` pass-through stages -> sink, `packets` packets.
std::string ChainConfig(int length, int64_t packets) {
  std::string text =
      absl::StrCat("node { name: \"source\" stage: \"NumberSource\" output_stream: \"s0\" ",
                   "option { name: \"packets\" int_value: ", packets, " } }\n");
  for (int i = 0; i < length; ++i) {
    absl::StrAppend(&text, "node { name: \"pass", i, "\" stage: \"PassThrough\" input_stream: \"s",
                    i, "\" output_stream: \"s", i + 1, "\" }\n");
  }
  absl::StrAppend(&text, "node { name: \"sink\" stage: \"CountingSink\" input_stream: \"s", length,
                  "\" option { name: \"packets\" int_value: ", packets, " } }\n");
  return text;
}

ValidatedGraph ChainGraph() {
  return *ValidateGraph(*ParseGraphConfig(ChainConfig(kChainLength, kPacketsPerRun), "chain.pbtxt"),
                        Registry());
}

// state.range(0): threads (0: the hardware concurrency).
void BM_GraphChain(benchmark::State& state) {
  const ValidatedGraph graph = ChainGraph();
  std::ostringstream out;
  for (auto _ : state) {
    GraphRunner runner(graph, GraphRunOptions{static_cast<int>(state.range(0)), &out});
    absl::StatusOr<GraphRunStats> stats = runner.Run();
    if (!stats.ok()) state.SkipWithError(std::string(stats.status().message()).c_str());
  }
  state.counters["per_packet_per_stage"] = benchmark::Counter(
      kPacketsPerRun * kChainLength,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_GraphChain)
    ->Arg(1)
    ->Arg(2)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

// The whole path of `sentio run` but the file read: parse, validate and run a 10,000-stage chain.
// state.range(0): threads.
void BM_LongGraphChain(benchmark::State& state) {
  const std::string config = ChainConfig(kLongChainLength, kLongChainPackets);
  std::ostringstream out;
  for (auto _ : state) {
    absl::StatusOr<ValidatedGraph> graph =
        ValidateGraph(*ParseGraphConfig(config, "long_chain.pbtxt"), Registry());
    if (!graph.ok()) state.SkipWithError(std::string(graph.status().message()).c_str());
    GraphRunner runner(*std::move(graph), GraphRunOptions{static_cast<int>(state.range(0)), &out});
    absl::StatusOr<GraphRunStats> stats = runner.Run();
    if (!stats.ok()) state.SkipWithError(std::string(stats.status().message()).c_str());
  }
  state.counters["nodes"] = kLongChainLength + 2;
  state.counters["packets"] = kLongChainPackets;
}
BENCHMARK(BM_LongGraphChain)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

// The peer: the same stages' Process calls in a loop, through a context with no queues.
class DirectContext : public StageContext {
 public:
  const std::string& node_name() const override { return name_; }
  bool HasOption(const std::string&) const override { return false; }
  const std::string& GetString(const std::string&) const override { return name_; }
  int64_t GetInt(const std::string&) const override { return kPacketsPerRun; }
  double GetDouble(const std::string&) const override { return 0; }
  bool GetBool(const std::string&) const override { return false; }
  int input_port() const override { return 0; }
  const Packet& input() const override { return *input_; }
  const Packet* input_at(int port) const override { return port == 0 ? input_ : nullptr; }
  const StreamHeader& input_header(int) const override { return header_; }
  void SetOutputHeader(int, StreamHeader) override {}
  const SidePacket* input_side_packet(int) const override { return nullptr; }
  void SetOutputSidePacket(int, SidePacket) override {}
  void Emit(int, Packet packet) override { output_.push_back(std::move(packet)); }
  void MarkSourceDone() override {}
  std::ostream& out() override { return std::cout; }
  void Warn(const std::string& message) override { std::cerr << message << "\n"; }

  const Packet* input_ = nullptr;
  std::vector<Packet> output_;

 private:
  std::string name_ = "direct";
  StreamHeader header_;
};

void BM_DirectChain(benchmark::State& state) {
  for (auto _ : state) {
    NumberSource source;
    std::vector<PassThrough> stages(kChainLength);
    CountingSink sink;
    DirectContext context;
    for (int64_t p = 0; p < kPacketsPerRun; ++p) {
      context.output_.clear();
      benchmark::DoNotOptimize(source.Process(context));
      for (PassThrough& stage : stages) {
        Packet packet = std::move(context.output_.back());
        context.output_.clear();
        context.input_ = &packet;
        benchmark::DoNotOptimize(stage.Process(context));
      }
      Packet last = std::move(context.output_.back());
      context.input_ = &last;
      benchmark::DoNotOptimize(sink.Process(context));
    }
    benchmark::DoNotOptimize(sink.Close(context));
  }
  state.counters["per_packet_per_stage"] = benchmark::Counter(
      kPacketsPerRun * kChainLength,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_DirectChain)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace
}  // namespace sentio
