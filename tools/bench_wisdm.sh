#!/usr/bin/env bash
# Throughput of the 43 WISDM features on 500 windows of 200 samples (3 axes, 20 Hz): Sentio's
# tests/wisdm_benchmark (Google Benchmark, -c opt) and the same features in NumPy
# (tools/bench_wisdm.py, Debian's /usr/bin/python3 with python3-numpy), in the same run, both on
# one thread, in CPU time; prints windows per second, the ratio and both checksums (the sum of
# every defined feature), which must agree. Usage:
#
#   bash tools/bench_wisdm.sh [--output_base=DIR]   (DIR: a Bazel output base to build in)
set -euo pipefail
cd "$(dirname "$0")/.."

bazel_args=()
if [[ $# -gt 0 && $1 == --output_base=* ]]; then bazel_args+=("$1"); fi
bazel "${bazel_args[@]}" build -c opt --symlink_prefix=/ //tests:wisdm_benchmark >&2
bin="$(bazel "${bazel_args[@]}" info -c opt --symlink_prefix=/ bazel-bin 2>/dev/null)/tests/wisdm_benchmark"

sentio_json=$("$bin" --benchmark_format=json --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true 2>/dev/null)
numpy_json=$(/usr/bin/python3 tools/bench_wisdm.py)

SENTIO_JSON="$sentio_json" NUMPY_JSON="$numpy_json" /usr/bin/python3 - <<'PY'
import json, os

report = json.loads(os.environ["SENTIO_JSON"])
numpy = json.loads(os.environ["NUMPY_JSON"])
median = next(b for b in report["benchmarks"] if b["name"].endswith("_median"))
mean = next(b for b in report["benchmarks"] if b["name"].endswith("_mean"))
windows = mean["windows"]
sentio_rate = windows / (median["cpu_time"] / 1e3)  # cpu_time in milliseconds
numpy_rate = numpy["windows_per_second"]
print(f"{int(windows)} windows of 200 samples x 3 axes, 43 features each, 1 thread, CPU time")
print(f"machine: {report['context'].get('num_cpus')} CPUs at {report['context'].get('mhz_per_cpu')} MHz, "
      f"numpy {numpy['numpy']}")
print(f"sentio median of 5: {median['cpu_time']:8.2f} ms per pass  {sentio_rate:10.0f} windows/s")
print(f"numpy  median of 5: {numpy['seconds_per_pass'] * 1e3:8.2f} ms per pass  {numpy_rate:10.0f} windows/s")
print(f"checksum: sentio {mean['checksum']:.6f}  numpy {numpy['checksum']:.6f}")
print(f"sentio / numpy: {sentio_rate / numpy_rate:.1f}x")
print(f"speedup_cpu={sentio_rate / numpy_rate:.1f}")
PY
