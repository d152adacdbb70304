#!/usr/bin/env bash
# The OpenCL engine's batch-1 latency on an OpenCL device (PoCL on this CPU unless another platform
# is registered), against OpenCV DNN's OpenCL target on the same device and Sentio's own CPU
# engine (2 threads), on VGG-16, tiny-YOLOv2 VOC and MobileNetV2 (random weights,
# tools/make_cnn_bench_models.py). Interleaved rounds, one process per run; each cell is the best
# round's median. Prints a markdown table with the two ratios issue 13 sets targets for: OpenCV
# OpenCL / Sentio OpenCL (at least 20) and Sentio OpenCL / Sentio CPU (at most 2). Usage:
#
#   bash tools/bench_opencl.sh [--output_base=DIR] [--models=DIR] [--rounds=2] [--only=NAME,...]
#
# OpenCV comes from Debian (python3-opencv); OPENCV_OPENCL_DEVICE picks its device (default
# ":CPU:0", PoCL, which OpenCV DNN only uses with OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES=1).
set -uo pipefail
cd "$(dirname "$0")/.."

bazel_args=()
models_dir=/tmp/sentio_cnn_bench_models
rounds=2
only=""
for arg in "$@"; do
  case "$arg" in
    --output_base=*) bazel_args+=("$arg") ;;
    --models=*) models_dir="${arg#--models=}" ;;
    --rounds=*) rounds="${arg#--rounds=}" ;;
    --only=*) only="${arg#--only=}" ;;
    *) echo "bench_opencl.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
export OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES=1
export OPENCV_OPENCL_DEVICE="${OPENCV_OPENCL_DEVICE:-:CPU:0}"

# name, input shape, timed runs, warm-up runs
benchmarks=(
  "vgg16 1,3,224,224 5 1"
  "tiny_yolov2_voc 1,3,416,416 10 2"
  "mobilenetv2 1,3,224,224 20 3"
)

source tools/bench_cnn_common.sh
build_sentio
select_benchmarks bench_opencl.sh

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for ((round = 1; round <= rounds; round++)); do
  for benchmark in "${selected[@]}"; do
    read -r name shape iters warmup <<<"$benchmark"
    model="$models_dir/$name.onnx"
    echo "round $round: $name" >&2
    printf '%s\t%s\t%s\n' "$name" opencl "$(median_of "$sentio" cnn bench --model="$model" \
      --engine=opencl --iters="$iters" --warmup="$warmup")" >>"$results"
    printf '%s\t%s\t%s\n' "$name" cpu "$(median_of "$sentio" cnn bench --model="$model" \
      --threads=2 --iters="$iters" --warmup="$warmup")" >>"$results"
    printf '%s\t%s\t%s\n' "$name" opencv "$(median_of /usr/bin/python3 tools/bench_cnn_peers.py \
      --framework=opencv_opencl --model="$model" --shape="$shape" --threads=2 \
      --iters="$iters" --warmup="$warmup")" >>"$results"
  done
done

device=$(clinfo -l 2>/dev/null | sed -n 's/.*Device #0: //p' | head -n 1)
/usr/bin/python3 - "$results" "$rounds" "$device" <<'PY'
import sys

best, errors, order = {}, {}, []
for line in open(sys.argv[1]):
    name, runner, value = line.rstrip("\n").split("\t")
    if name not in order:
        order.append(name)
    if value.startswith("error"):
        errors[(name, runner)] = value
        continue
    best[(name, runner)] = min(float(value), best.get((name, runner), float("inf")))

def cell(key):
    return f"{best[key]:.1f}" if key in best else "error"

def ratio(a, b):
    return f"{best[a] / best[b]:.2f}" if a in best and b in best else "-"

print(f"OpenCL device: {sys.argv[3] or 'unknown'}. Best of {sys.argv[2]} interleaved rounds; "
      "each value the median of one process's timed runs.\n")
print("| model | Sentio OpenCL ms | OpenCV DNN OpenCL ms | Sentio CPU (2 threads) ms | "
      "OpenCV OpenCL / Sentio OpenCL (target >= 20) | Sentio OpenCL / Sentio CPU (target <= 2) |")
print("|---|---|---|---|---|---|")
for name in order:
    print(f"| {name} | {cell((name, 'opencl'))} | {cell((name, 'opencv'))} | "
          f"{cell((name, 'cpu'))} | {ratio((name, 'opencv'), (name, 'opencl'))} | "
          f"{ratio((name, 'opencl'), (name, 'cpu'))} |")
for key, message in sorted(errors.items()):
    print(f"\n{key[0]}, {key[1]}: {message}", end="")
print()
PY
