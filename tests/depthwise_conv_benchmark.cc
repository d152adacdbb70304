// Google Benchmark: the CPU engine's depthwise convolution (DepthwiseConv, batch 1, random data) on
// the depthwise layers of MobileNetV2 (224x224, 3x3, ReLU6 fused) and Yolo-Fastest 1.1 (320x320,
// 3x3 and 5x5, leaky ReLU fused), with 1 and 2 threads.
// - BM_MobileNetV2Depthwise/threads, BM_YoloFastestDepthwise/threads: all of a network's
//   depthwise layers, one after the other.
// - BM_DepthwiseLayer/layer/threads: one layer of the two lists (MobileNetV2's first).
// GMACs counts multiply-adds per second of wall-clock time; core_GMACs per second of the process's
// CPU time over all threads (the speed while the kernel holds a core, which other processes'
// load on the cores does not hide).
//
//   bazel run -c opt //tests:depthwise_conv_benchmark -- [Google Benchmark flags]
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "cnn/cpu/depthwise_conv.h"
#include "cnn/cpu/gemm.h"

namespace sentio {
namespace {

using ::sentio::cnn::cpu::Activation;
using ::sentio::cnn::cpu::BestGemmKernel;
using ::sentio::cnn::cpu::ConvGeometry;
using ::sentio::cnn::cpu::DepthwiseConv;
using ::sentio::cnn::cpu::GemmKernel;
using ::sentio::cnn::cpu::ThreadPool;

struct DepthwiseLayer {
  int64_t channels, size, kernel, stride;  // size: input height = width; padding kernel / 2
  Activation::Kind activation;
};

constexpr Activation::Kind kClip = Activation::kClip, kLeaky = Activation::kLeakyRelu;

constexpr DepthwiseLayer kMobileNetV2[] = {
    {32, 112, 3, 1, kClip}, {96, 112, 3, 2, kClip}, {144, 56, 3, 1, kClip}, {144, 56, 3, 2, kClip},
    {192, 28, 3, 1, kClip}, {192, 28, 3, 1, kClip}, {192, 28, 3, 2, kClip}, {384, 14, 3, 1, kClip},
    {384, 14, 3, 1, kClip}, {384, 14, 3, 1, kClip}, {384, 14, 3, 1, kClip}, {576, 14, 3, 1, kClip},
    {576, 14, 3, 1, kClip}, {576, 14, 3, 2, kClip}, {960, 7, 3, 1, kClip},  {960, 7, 3, 1, kClip},
    {960, 7, 3, 1, kClip}};

// Yolo-Fastest 1.1's grouped convolutions in the order of its cfg.
constexpr DepthwiseLayer kYoloFastest[] = {
    {8, 160, 3, 1, kLeaky},  {8, 160, 3, 1, kLeaky},  {24, 160, 3, 2, kLeaky},
    {32, 80, 3, 1, kLeaky},  {32, 80, 3, 1, kLeaky},  {32, 80, 3, 2, kLeaky},
    {48, 40, 3, 1, kLeaky},  {48, 40, 3, 1, kLeaky},  {48, 40, 3, 1, kLeaky},
    {96, 40, 3, 1, kLeaky},  {96, 40, 3, 1, kLeaky},  {96, 40, 3, 1, kLeaky},
    {96, 40, 3, 1, kLeaky},  {96, 40, 3, 2, kLeaky},  {136, 20, 3, 1, kLeaky},
    {136, 20, 3, 1, kLeaky}, {136, 20, 3, 1, kLeaky}, {136, 20, 3, 1, kLeaky},
    {136, 20, 3, 2, kLeaky}, {224, 10, 3, 1, kLeaky}, {224, 10, 3, 1, kLeaky},
    {224, 10, 3, 1, kLeaky}, {224, 10, 3, 1, kLeaky}, {224, 10, 3, 1, kLeaky},
    {96, 10, 5, 1, kLeaky},  {96, 10, 5, 1, kLeaky},  {120, 20, 5, 1, kLeaky},
    {120, 20, 5, 1, kLeaky}};

double ProcessCpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + 1e-9 * now.tv_nsec;
}

// One layer's operands and sizes.
struct PreparedLayer {
  explicit PreparedLayer(const DepthwiseLayer& layer, std::mt19937& random) {
    const int64_t pad = layer.kernel / 2;
    geometry.channels = 1;
    geometry.in_h = geometry.in_w = layer.size;
    geometry.kernel_h = geometry.kernel_w = layer.kernel;
    geometry.out_h = geometry.out_w = (layer.size + 2 * pad - layer.kernel) / layer.stride + 1;
    geometry.params.stride_h = geometry.params.stride_w = layer.stride;
    geometry.params.pad_top = geometry.params.pad_left = pad;
    geometry.params.pad_bottom = geometry.params.pad_right = pad;
    channels = layer.channels;
    activation.kind = layer.activation;
    activation.min = 0.0f;
    activation.max = 6.0f;
    activation.alpha = 0.1f;
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    auto fill = [&](std::vector<float>& values, int64_t count) {
      values.resize(count);
      for (float& value : values) value = uniform(random);
    };
    fill(input, channels * layer.size * layer.size);
    fill(weights, channels * layer.kernel * layer.kernel);
    fill(bias, channels);
    output.resize(channels * geometry.out_h * geometry.out_w);
  }

  double MultiplyAdds() const {
    return static_cast<double>(channels) * geometry.out_h * geometry.out_w * geometry.kernel_h *
           geometry.kernel_w;
  }

  void Run(ThreadPool& pool, bool use_avx2) {
    DepthwiseConv(input.data(), 1, channels, geometry, weights.data(), bias.data(), activation,
                  output.data(), pool, use_avx2);
  }

  ConvGeometry geometry;
  int64_t channels;
  Activation activation;
  std::vector<float> input, weights, bias, output;
};

void RunLayers(benchmark::State& state, const DepthwiseLayer* layers, int count, int threads) {
  std::mt19937 random(1);
  std::vector<PreparedLayer> prepared;
  double multiply_adds = 0;
  for (int i = 0; i < count; ++i) {
    prepared.emplace_back(layers[i], random);
    multiply_adds += prepared.back().MultiplyAdds();
  }
  ThreadPool pool(threads);
  const bool use_avx2 = BestGemmKernel() == GemmKernel::kAvx2Fma;
  const double cpu_start = ProcessCpuSeconds();
  for (auto _ : state) {
    for (PreparedLayer& layer : prepared) layer.Run(pool, use_avx2);
    benchmark::ClobberMemory();
  }
  state.counters["GMACs"] =
      benchmark::Counter(multiply_adds / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["core_GMACs"] =
      multiply_adds * state.iterations() / (ProcessCpuSeconds() - cpu_start) / 1e9;
}

void BM_MobileNetV2Depthwise(benchmark::State& state) {
  RunLayers(state, kMobileNetV2, std::size(kMobileNetV2), state.range(0));
}
BENCHMARK(BM_MobileNetV2Depthwise)->Arg(1)->Arg(2)->ArgName("threads")->UseRealTime();

void BM_YoloFastestDepthwise(benchmark::State& state) {
  RunLayers(state, kYoloFastest, std::size(kYoloFastest), state.range(0));
}
BENCHMARK(BM_YoloFastestDepthwise)->Arg(1)->Arg(2)->ArgName("threads")->UseRealTime();

// Layer numbers: MobileNetV2's, then Yolo-Fastest's.
void BM_DepthwiseLayer(benchmark::State& state) {
  const int64_t layer = state.range(0), mobilenet = std::size(kMobileNetV2);
  RunLayers(state, layer < mobilenet ? &kMobileNetV2[layer] : &kYoloFastest[layer - mobilenet], 1,
            state.range(1));
}
BENCHMARK(BM_DepthwiseLayer)
    ->ArgsProduct(
        {benchmark::CreateDenseRange(0, std::size(kMobileNetV2) + std::size(kYoloFastest) - 1, 1),
         {1, 2}})
    ->ArgNames({"layer", "threads"})
    ->UseRealTime();

}  // namespace
}  // namespace sentio

BENCHMARK_MAIN();
