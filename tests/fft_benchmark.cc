// Google Benchmark: one real FFT (features/fft.h, KissFFT in float) of 256, 512, 1024 and 4096
// samples, and one power spectrum, the plan made once. tools/bench_fft.sh runs it next to FFTW
// (tools/fftw_peer.cc).
#include <complex>
#include <cstdint>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "features/fft.h"

namespace sentio {
namespace {

// Deterministic input in [-1, 1) from a 31-bit linear congruential generator.
std::vector<float> Input(int size) {
  std::vector<float> samples(size);
  uint32_t state = 1;
  for (float& v : samples) {
    state = (state * 1103515245u + 12345u) & 0x7FFFFFFFu;
    v = static_cast<float>(state) / (1u << 30) - 1.0f;
  }
  return samples;
}

void BM_RealFft(benchmark::State& state) {
  const int size = static_cast<int>(state.range(0));
  auto fft = RealFft::Create(size);
  if (!fft.ok()) {
    state.SkipWithError(std::string(fft.status().message()).c_str());
    return;
  }
  const std::vector<float> input = Input(size);
  std::vector<std::complex<float>> output(fft->num_bins());
  for (auto _ : state) {
    fft->Transform(input, absl::MakeSpan(output));
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RealFft)->Arg(256)->Arg(512)->Arg(1024)->Arg(4096)->Unit(benchmark::kNanosecond);

// The power spectrum, squared as the bins are unpacked (the Kaldi features' path).
void BM_RealFftPowerSpectrum(benchmark::State& state) {
  const int size = static_cast<int>(state.range(0));
  auto fft = RealFft::Create(size);
  if (!fft.ok()) {
    state.SkipWithError(std::string(fft.status().message()).c_str());
    return;
  }
  const std::vector<float> input = Input(size);
  std::vector<float> power(fft->num_bins());
  for (auto _ : state) {
    fft->PowerSpectrum(input, absl::MakeSpan(power));
    benchmark::DoNotOptimize(power.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RealFftPowerSpectrum)
    ->Arg(256)
    ->Arg(512)
    ->Arg(1024)
    ->Arg(4096)
    ->Unit(benchmark::kNanosecond);

}  // namespace
}  // namespace sentio
