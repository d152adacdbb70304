#!/usr/bin/env bash
# Times Kaldi MFCC (defaults, dither 0) on 60 s of 16 kHz audio: Sentio's tests/mfcc_benchmark
# (Google Benchmark, -c opt) and torchaudio.compliance.kaldi.mfcc on the same samples, in the
# same run, both on one thread; prints both medians and the ratio. Usage:
#
#   bash tools/bench_mfcc.sh [--output_base=DIR]   (DIR: a Bazel output base to build in)
#
# Needs Debian's /usr/bin/python3 with python3-torchaudio.
set -euo pipefail
cd "$(dirname "$0")/.."

bazel_args=()
if [[ $# -gt 0 && $1 == --output_base=* ]]; then bazel_args+=("$1"); fi
bazel "${bazel_args[@]}" build -c opt --symlink_prefix=/ //tests:mfcc_benchmark >&2
bin="$(bazel "${bazel_args[@]}" info -c opt --symlink_prefix=/ bazel-bin 2>/dev/null)/tests/mfcc_benchmark"

sentio_json=$("$bin" --benchmark_format=json --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true 2>/dev/null)

SENTIO_JSON="$sentio_json" /usr/bin/python3 - <<'PY'
import json, math, os, statistics, time

import torch
import torchaudio.compliance.kaldi as kaldi

# The signal of tests/mfcc_benchmark.cc BenchmarkSignal(), sample for sample.
rate, seconds = 16000, 60
samples, state = [], 1
for i in range(rate * seconds):
    state = (state * 1103515245 + 12345) & 0x7FFFFFFF
    t = i / rate
    value = (6000 * math.sin(2 * math.pi * 440 * t)
             + 3000 * math.sin(2 * math.pi * 1234 * t) * math.sin(2 * math.pi * 3 * t)
             + (state % 2001) - 1000)
    samples.append(float(round(value)))
waveform = torch.tensor(samples, dtype=torch.float32).unsqueeze(0)

torch.set_num_threads(1)
options = dict(sample_frequency=rate, dither=0.0, energy_floor=0.0, use_energy=True)
features = kaldi.mfcc(waveform, **options)  # warm-up
wall, cpu = [], []
for _ in range(5):
    w0, c0 = time.perf_counter(), time.process_time()
    kaldi.mfcc(waveform, **options)
    wall.append((time.perf_counter() - w0) * 1e3)
    cpu.append((time.process_time() - c0) * 1e3)
torch_wall, torch_cpu = statistics.median(wall), statistics.median(cpu)

report = json.loads(os.environ["SENTIO_JSON"])
median = next(b for b in report["benchmarks"] if b["name"].endswith("_median"))
sentio_wall, sentio_cpu = median["real_time"], median["cpu_time"]  # milliseconds
frames = int(median.get("frames", 0))

print(f"audio: {seconds} s at {rate} Hz, {features.shape[0]} frames (sentio: {frames}), 13 MFCCs")
print(f"machine: {report['context'].get('num_cpus')} CPUs at {report['context'].get('mhz_per_cpu')} MHz, "
      f"torch {torch.__version__}, 1 thread each")
print(f"sentio     median of 5: wall {sentio_wall:8.1f} ms  cpu {sentio_cpu:8.1f} ms")
print(f"torchaudio median of 5: wall {torch_wall:8.1f} ms  cpu {torch_cpu:8.1f} ms")
print(f"torchaudio / sentio: wall {torch_wall / sentio_wall:.2f}x  cpu {torch_cpu / sentio_cpu:.2f}x")
print(f"speedup_cpu={torch_cpu / sentio_cpu:.2f}")
PY
