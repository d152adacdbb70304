// The FFTW side of tools/bench_fft.sh (not part of the Bazel build): times one single-precision
// real-to-complex FFT (fftwf_plan_dft_r2c_1d, FFTW_MEASURE, planned once) of each size given on
// the command line, on the same input as tests/fft_benchmark.cc, and prints per size
// "SIZE NANOSECONDS_PER_FFT" in process CPU time, like Google Benchmark's cpu_time (the median of 5
// runs of about 0.2 s each).
#include <fftw3.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

namespace {

double CpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + 1e-9 * now.tv_nsec;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SIZE...\n", argv[0]);
    return 2;
  }
  for (int a = 1; a < argc; ++a) {
    const int size = std::atoi(argv[a]);
    if (size < 2) {
      std::fprintf(stderr, "fftw_peer: bad size '%s'\n", argv[a]);
      return 2;
    }
    float* input = fftwf_alloc_real(size);
    fftwf_complex* output = fftwf_alloc_complex(size / 2 + 1);
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(size, input, output, FFTW_MEASURE);
    uint32_t state = 1;  // planning with FFTW_MEASURE overwrites the input: fill it afterwards
    for (int i = 0; i < size; ++i) {
      state = (state * 1103515245u + 12345u) & 0x7FFFFFFFu;
      input[i] = static_cast<float>(state) / (1u << 30) - 1.0f;
    }
    // Calibrate a repetition count for about 0.2 s, then take the median of 5 timed runs.
    int64_t count = 1;
    while (true) {
      const double start = CpuSeconds();
      for (int64_t i = 0; i < count; ++i) fftwf_execute(plan);
      if (CpuSeconds() - start > 0.05) break;
      count *= 2;
    }
    count *= 4;
    std::vector<double> runs;
    for (int r = 0; r < 5; ++r) {
      const double start = CpuSeconds();
      for (int64_t i = 0; i < count; ++i) fftwf_execute(plan);
      runs.push_back((CpuSeconds() - start) * 1e9 / count);
    }
    std::sort(runs.begin(), runs.end());
    std::printf("%d %.2f\n", size, runs[2]);
    fftwf_destroy_plan(plan);
    fftwf_free(input);
    fftwf_free(output);
  }
  return 0;
}
