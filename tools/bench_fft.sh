#!/usr/bin/env bash
# Times one real FFT of 256, 512, 1024 and 4096 samples: Sentio's features/fft.h (KissFFT, float;
# Google Benchmark tests/fft_benchmark, -c opt) and FFTW's fftwf r2c (tools/fftw_peer.cc,
# FFTW_MEASURE, built here with g++ outside Bazel), in the same run, both single-threaded, in CPU
# time per FFT; prints both and the ratio per size, and Sentio's power spectrum (FFT and squares,
# the Kaldi features' path; FFTW has no peer for it). Usage:
#
#   bash tools/bench_fft.sh [--output_base=DIR]   (DIR: a Bazel output base to build in)
#
# FFTW is only the peer of this benchmark, not a Sentio dependency: the script apt-installs
# Debian's libfftw3-dev when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "$(dpkg-query -W -f='${Status}' libfftw3-dev 2>/dev/null || true)" != "install ok installed" ]]; then
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo)
  echo "bench_fft: installing libfftw3-dev (the FFTW peer only)" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends libfftw3-dev >&2 ||
    { "${SUDO[@]}" apt-get update -qq >&2 &&
      "${SUDO[@]}" apt-get install -y -qq --no-install-recommends libfftw3-dev >&2; }
fi

bazel_args=()
if [[ $# -gt 0 && $1 == --output_base=* ]]; then bazel_args+=("$1"); fi
bazel "${bazel_args[@]}" build -c opt --symlink_prefix=/ //tests:fft_benchmark >&2
bin="$(bazel "${bazel_args[@]}" info -c opt --symlink_prefix=/ bazel-bin 2>/dev/null)/tests/fft_benchmark"

peer_dir=$(mktemp -d)
trap 'rm -rf "$peer_dir"' EXIT
g++ -std=c++17 -O2 tools/fftw_peer.cc -o "$peer_dir/fftw_peer" -lfftw3f

sizes=(256 512 1024 4096)
sentio_json=$("$bin" --benchmark_format=json --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true 2>/dev/null)
fftw_lines=$("$peer_dir/fftw_peer" "${sizes[@]}")

SENTIO_JSON="$sentio_json" FFTW_LINES="$fftw_lines" /usr/bin/python3 - <<'PY'
import json, os

report = json.loads(os.environ["SENTIO_JSON"])
sentio, power = {}, {}  # size -> ns: RealFft::Transform, RealFft::PowerSpectrum
for b in report["benchmarks"]:
    if b["name"].endswith("_median"):
        name, arg = b["name"].split("/")
        size = int(arg.split("_")[0])
        scale = {"ns": 1, "us": 1e3, "ms": 1e6}[b["time_unit"]]
        (power if name == "BM_RealFftPowerSpectrum" else sentio)[size] = b["cpu_time"] * scale
fftw = {int(size): float(ns) for size, ns in
        (line.split() for line in os.environ["FFTW_LINES"].splitlines())}

print(f"machine: {report['context'].get('num_cpus')} CPUs at {report['context'].get('mhz_per_cpu')} MHz, "
      "1 thread, CPU time per real FFT (median of 5)")
print(f"{'size':>6} {'sentio ns':>10} {'fftw ns':>10} {'sentio/fftw':>12} {'power ns':>10}")
for size in sorted(sentio):
    print(f"{size:>6} {sentio[size]:>10.1f} {fftw[size]:>10.1f} {sentio[size] / fftw[size]:>11.2f}x"
          f" {power[size]:>10.1f}")
print(f"slowdown_vs_fftw_512={sentio[512] / fftw[512]:.2f}")
PY
