#!/usr/bin/env bash
# VGG-16 (random weights, tools/make_cnn_bench_models.py) before and after Tucker-2 decomposition
# of its 13 convolutions at a quarter of their channels (`sentio cnn decompose --ranks=...`):
# convolution FLOPs and parameters from the command, then `sentio cnn bench` latency (batch 1,
# 2 threads) on the CPU engine and the OpenCL engine, interleaved rounds, each cell the median of
# the rounds' medians. Random weights have no low-rank structure (EVBMF finds none), so the ranks
# are given; docs/RESULTS.md has accuracy against FLOPs on trained models.
#
#   bash tools/bench_tucker2.sh [--rounds=3] [--models=DIR] [--output_base=DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/bench_cnn_common.sh

rounds=3
models_dir=/tmp/sentio_cnn_bench_models
bazel_args=()
only=vgg16
for arg in "$@"; do
  case "$arg" in
    --rounds=*) rounds="${arg#--rounds=}" ;;
    --models=*) models_dir="${arg#--models=}" ;;
    --output_base=*) bazel_args=(--output_base="${arg#--output_base=}") ;;
    *) echo "unknown argument $arg" >&2; exit 2 ;;
  esac
done
build_sentio
benchmarks=("vgg16 1,3,224,224 5 2")
select_benchmarks bench_tucker2.sh

# R1,R2 per convolution: a quarter of the input and output channels (all of the image's 3).
ranks="3,16;16,16;16,32;32,32;32,64;64,64;64,64;64,128;128,128;128,128;128,128;128,128;128,128"
original="$models_dir/vgg16.onnx"
decomposed="$models_dir/vgg16_tucker2.model"
"$sentio" cnn decompose --model="$original" --out="$decomposed" --ranks="$ranks" | tail -n 3

declare -A times
for ((round = 1; round <= rounds; ++round)); do
  for model in original decomposed; do
    for engine in cpu opencl; do
      path="$original"
      [[ "$model" == decomposed ]] && path="$decomposed"
      times[$model.$engine]+="$(median_of "$sentio" cnn bench --model="$path" --engine="$engine" \
        --threads=2 --iters=5 --warmup=2) "
    done
  done
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "| engine | original ms | decomposed ms | speed-up |"
echo "|---|---:|---:|---:|"
for engine in cpu opencl; do
  a=$(median "${times[original.$engine]}")
  b=$(median "${times[decomposed.$engine]}")
  echo "| $engine | $a | $b | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2fx", a / b }') |"
done
