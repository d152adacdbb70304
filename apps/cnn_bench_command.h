// `sentio cnn bench`: the latency of one CNN on one engine, for comparing engines and peers.
//
//   sentio cnn bench --model=M [--weights=W] [--engine=cpu|reference] [--threads=1]
//                    [--precision=fp32|fp16] [--iters=10] [--warmup=3] [--seed=1]
//     loads the model, runs it --warmup times untimed, then --iters times timed on one random
//     input per graph input (uniform in [0, 1), from --seed) of the model's input shape, and prints
//     the min, median and mean milliseconds per run, the engine's peak memory where it reports
//     one, and a last line `median_ms=X`. --precision=fp16 rounds the weights through half
//     precision storage (cnn/transforms/half_weights.h); the CPU engine still computes in fp32.
#ifndef APPS_CNN_BENCH_COMMAND_H_
#define APPS_CNN_BENCH_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunCnnBenchCommand(CommandLine& flags, std::ostream& out);

// `sentio cnn profile`: the same options, and --json=F; with the engine's profiling on, the median
// milliseconds of each step over the timed runs with its GFLOPS, share, op (a fused activation
// after '+'), the engine's kernel (or the fallback it took), output shape and node, slowest first
// (apps/cnn_profile_report.h), then the sum per op, and a last line `total_ms=X` (the median
// run); --json writes the same steps in run order as JSON. An engine that does not profile is an
// error naming it.
absl::Status RunCnnProfileCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_CNN_BENCH_COMMAND_H_
