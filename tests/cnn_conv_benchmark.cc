// Google Benchmark: the CPU engine's convolutions on VGG-16's 13 conv layers (224x224 input, random
// weights, each with its ReLU fused), in GFLOPS (2 x multiply-adds per second) and as a fraction of
// the machine's fp32 roofline (234 GFLOPS for this project's 2-core AVX2 + FMA machine).
// - BM_Vgg16Conv/layer/threads: one layer alone (input of batch 1).
// - BM_Vgg16Convs/threads: the 13 layers with VGG-16's 5 max pools, as in the network (the pools'
//   time counts, their operations do not).
// - BM_FmaPeak/threads: independent AVX2 FMAs from registers on each thread, the roofline measured
//   in the same run (useful when other processes share the cores).
// GFLOPS and of_roofline count wall-clock time; core_GFLOPS and of_core_roofline count the
// process's CPU time over all its threads (the roofline of one core: 117 GFLOPS), the speed of the
// engine while it holds a core, which the load of other processes on the cores does not hide.
//
//   bazel run -c opt //tests:cnn_conv_benchmark -- [Google Benchmark flags]
#include <ctime>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "benchmark/benchmark.h"
#include "cnn/cpu/cpu_engine.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/node_attributes.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace sentio {

using cnn::NumElements;
using cnn::Shape;
using cnn::Tensor;
using cnn::engine::TensorMap;

namespace {

using ::sentio::cnn::cpu::CpuEngine;

constexpr double kRooflineFlops = 234e9;
constexpr double kCoreRooflineFlops = kRooflineFlops / 2;

double ProcessCpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + 1e-9 * now.tv_nsec;
}

struct ConvLayer {
  int64_t in_channels, out_channels, size;  // size: input height = width
  bool pool_after;
};

// VGG-16's convolutions (3x3, stride 1, padding 1), pooled 2x2 after each block.
constexpr ConvLayer kVgg16[] = {{3, 64, 224, false},   {64, 64, 224, true},   {64, 128, 112, false},
                                {128, 128, 112, true}, {128, 256, 56, false}, {256, 256, 56, false},
                                {256, 256, 56, true},  {256, 512, 28, false}, {512, 512, 28, false},
                                {512, 512, 28, true},  {512, 512, 14, false}, {512, 512, 14, false},
                                {512, 512, 14, true}};

double LayerFlops(const ConvLayer& layer) {
  return 2.0 * layer.out_channels * layer.size * layer.size * layer.in_channels * 9;
}

std::vector<float> RandomValues(int64_t count, std::mt19937& random) {
  std::uniform_real_distribution<float> uniform(-0.05f, 0.05f);
  std::vector<float> values(count);
  for (float& value : values) value = uniform(random);
  return values;
}

void AddConv(cnn::Model& model, const ConvLayer& layer, int index, const std::string& input,
             const std::string& output, std::mt19937& random) {
  const std::string w = "w" + std::to_string(index), b = "b" + std::to_string(index);
  const int64_t w_count = layer.out_channels * layer.in_channels * 9;
  cnn::TensorData* weights = model.add_initializer();
  weights->set_name(w);
  for (int64_t dim : {layer.out_channels, layer.in_channels, int64_t{3}, int64_t{3}}) {
    weights->add_dims(dim);
  }
  for (float value : RandomValues(w_count, random)) weights->add_values(value);
  cnn::TensorData* bias = model.add_initializer();
  bias->set_name(b);
  bias->add_dims(layer.out_channels);
  for (float value : RandomValues(layer.out_channels, random)) bias->add_values(value);
  cnn::Node* conv = model.add_node();
  conv->set_name("conv" + std::to_string(index));
  conv->set_op_type("Conv");
  for (const std::string& name : {input, w, b}) conv->add_input(name);
  conv->add_output(output + "_conv");
  SetIntsAttribute(*conv, "pads", {1, 1, 1, 1});
  cnn::Node* relu = model.add_node();
  relu->set_name("relu" + std::to_string(index));
  relu->set_op_type("Relu");
  relu->add_input(output + "_conv");
  relu->add_output(output);
}

// The layers [first, last) of VGG-16, pools included when `with_pools`.
cnn::Model VggModel(int first, int last, bool with_pools) {
  std::mt19937 random(first);
  cnn::Model model;
  cnn::ValueInfo* input = model.add_input();
  input->set_name("x");
  for (int64_t dim :
       {int64_t{1}, kVgg16[first].in_channels, kVgg16[first].size, kVgg16[first].size}) {
    input->add_dims(dim);
  }
  std::string previous = "x";
  for (int i = first; i < last; ++i) {
    const std::string output = "r" + std::to_string(i);
    AddConv(model, kVgg16[i], i, previous, output, random);
    previous = output;
    if (with_pools && kVgg16[i].pool_after) {
      cnn::Node* pool = model.add_node();
      pool->set_name("pool" + std::to_string(i));
      pool->set_op_type("MaxPool");
      pool->add_input(previous);
      previous = "p" + std::to_string(i);
      pool->add_output(previous);
      SetIntsAttribute(*pool, "kernel_shape", {2, 2});
      SetIntsAttribute(*pool, "strides", {2, 2});
    }
  }
  model.add_output()->set_name(previous);
  return model;
}

void RunModel(benchmark::State& state, const cnn::Model& model, double flops, int threads) {
  CpuEngine engine(threads);
  absl::Status loaded = engine.Load(model);
  if (!loaded.ok()) {
    state.SkipWithError(std::string(loaded.message()).c_str());
    return;
  }
  const cnn::ValueInfo& input = model.input(0);
  std::mt19937 random(1);
  Shape shape(input.dims().begin(), input.dims().end());
  const TensorMap inputs = {
      {"x", Tensor::FromValues(shape, RandomValues(NumElements(shape).value(), random)).value()}};
  const double cpu_start = ProcessCpuSeconds();
  for (auto _ : state) {
    absl::StatusOr<TensorMap> out = engine.Run(inputs);
    if (!out.ok()) {
      state.SkipWithError(std::string(out.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(out->begin()->second.data());
  }
  state.counters["GFLOPS"] =
      benchmark::Counter(flops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["of_roofline"] =
      benchmark::Counter(flops / kRooflineFlops, benchmark::Counter::kIsIterationInvariantRate);
  // Operations per second of CPU time over all threads: the speed of a core while the engine
  // runs on it, which stays meaningful when other processes take turns on the cores.
  const double cpu_seconds = ProcessCpuSeconds() - cpu_start;
  state.counters["core_GFLOPS"] = flops * state.iterations() / cpu_seconds / 1e9;
  state.counters["of_core_roofline"] =
      flops * state.iterations() / cpu_seconds / kCoreRooflineFlops;
  state.counters["peak_MiB"] = engine.PeakMemoryBytes() / 1048576.0;
}

void BM_Vgg16Conv(benchmark::State& state) {
  const int layer = static_cast<int>(state.range(0));
  RunModel(state, VggModel(layer, layer + 1, false), LayerFlops(kVgg16[layer]),
           static_cast<int>(state.range(1)));
}
BENCHMARK(BM_Vgg16Conv)
    ->ArgsProduct({benchmark::CreateDenseRange(0, 12, 1), {1, 2}})
    ->ArgNames({"layer", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Vgg16Convs(benchmark::State& state) {
  double flops = 0;
  for (const ConvLayer& layer : kVgg16) flops += LayerFlops(layer);
  RunModel(state, VggModel(0, 13, true), flops, static_cast<int>(state.range(0)));
}
BENCHMARK(BM_Vgg16Convs)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

#if defined(__x86_64__) || defined(__i386__)
// 12 independent chains of 8-wide FMAs (as many as the GEMM micro-kernel keeps), `rounds` times.
__attribute__((target("avx2,fma"))) float FmaChains(int64_t rounds) {
  __m256 acc[12];
  for (int i = 0; i < 12; ++i) acc[i] = _mm256_set1_ps(static_cast<float>(i));
  const __m256 scale = _mm256_set1_ps(0.999f), offset = _mm256_set1_ps(0.001f);
  for (int64_t r = 0; r < rounds; ++r) {
#pragma GCC unroll 12  // keeps the 12 accumulators in registers
    for (int i = 0; i < 12; ++i) acc[i] = _mm256_fmadd_ps(acc[i], scale, offset);
  }
  __m256 sum = acc[0];
  for (int i = 1; i < 12; ++i) sum = _mm256_add_ps(sum, acc[i]);
  return _mm256_cvtss_f32(sum);
}

void BM_FmaPeak(benchmark::State& state) {
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
    state.SkipWithError("no AVX2 + FMA");
    return;
  }
  const int threads = static_cast<int>(state.range(0));
  constexpr int64_t kRounds = 20000000;
  const double cpu_start = ProcessCpuSeconds();
  for (auto _ : state) {
    std::vector<std::thread> workers;
    std::vector<float> sums(threads);
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([&, t] { sums[t] = FmaChains(kRounds); });
    for (std::thread& worker : workers) worker.join();
    benchmark::DoNotOptimize(sums.data());
  }
  const double flops = 2.0 * 8 * 12 * kRounds * threads;
  state.counters["GFLOPS"] =
      benchmark::Counter(flops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["core_GFLOPS"] =
      flops * state.iterations() / (ProcessCpuSeconds() - cpu_start) / 1e9;
}
BENCHMARK(BM_FmaPeak)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
#endif

}  // namespace
}  // namespace sentio

BENCHMARK_MAIN();
