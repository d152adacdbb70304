#!/usr/bin/env bash
# CNN batch-1 latency on the CPU: Sentio's CPU engine (`sentio cnn bench`, built with -c opt)
# against the strongest CPU peers, ONNX Runtime and OpenVINO (from PyPI, in a venv this script
# makes), on VGG-16, MobileNetV2, ResNet-50, EfficientNet-B0, tiny-YOLOv2 VOC and the slide CNN
# (random weights, tools/make_cnn_bench_models.py, made when missing), with 1 and 2 threads. All
# run interleaved, one process each, model by model, for --rounds rounds, on the same ONNX file
# and input shape; each cell is the best round's median (the least disturbed by other work on the
# machine). Prints a markdown table of median milliseconds and the ratio best peer / Sentio (at or
# above 1: Sentio is as fast or faster). Usage:
#
#   bash tools/bench_cnn.sh [--output_base=DIR] [--models=DIR] [--rounds=3] [--only=NAME,...]
#                           [--peers=onnxruntime,openvino[,opencv,pytorch]]
#
#   --output_base: a Bazel output base to build in; --models: where the models are kept (default
#   /tmp/sentio_cnn_bench_models; VGG-16 takes ~1 GB there); NAME: vgg16, mobilenetv2, resnet50,
#   efficientnet_b0, tiny_yolov2_voc, slide_cnn. opencv and pytorch run on Debian's python3; the
#   venv (SENTIO_BENCH_VENV, default /tmp/sentio_bench_venv) holds onnxruntime and openvino.
set -uo pipefail
cd "$(dirname "$0")/.."

bazel_args=()
models_dir=/tmp/sentio_cnn_bench_models
rounds=3
only=""
peers="onnxruntime,openvino"
for arg in "$@"; do
  case "$arg" in
    --output_base=*) bazel_args+=("$arg") ;;
    --models=*) models_dir="${arg#--models=}" ;;
    --rounds=*) rounds="${arg#--rounds=}" ;;
    --only=*) only="${arg#--only=}" ;;
    --peers=*) peers="${arg#--peers=}" ;;
    *) echo "bench_cnn.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
IFS=, read -r -a peer_list <<<"$peers"

# name, input shape, timed runs, warm-up runs
benchmarks=(
  "vgg16 1,3,224,224 10 2"
  "mobilenetv2 1,3,224,224 50 5"
  "resnet50 1,3,224,224 20 3"
  "efficientnet_b0 1,3,224,224 50 5"
  "tiny_yolov2_voc 1,3,416,416 20 3"
  "slide_cnn 1,1,28,28 500 50"
)

venv="${SENTIO_BENCH_VENV:-/tmp/sentio_bench_venv}"
if [[ ",$peers," == *,onnxruntime,* || ",$peers," == *,openvino,* ]]; then
  if ! "$venv/bin/python" -c "import onnxruntime, openvino" 2>/dev/null; then
    echo "bench_cnn.sh: making $venv with onnxruntime and openvino" >&2
    /usr/bin/python3 -m venv "$venv" && "$venv/bin/pip" install -q onnxruntime openvino numpy >&2 ||
      { echo "bench_cnn.sh: could not install onnxruntime and openvino into $venv" >&2; exit 1; }
  fi
fi

source tools/bench_cnn_common.sh
build_sentio
select_benchmarks bench_cnn.sh

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for ((round = 1; round <= rounds; round++)); do
  for benchmark in "${selected[@]}"; do
    read -r name shape iters warmup <<<"$benchmark"
    for threads in 1 2; do
      echo "round $round: $name, $threads thread(s)" >&2
      printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$shape" "$threads" sentio \
        "$(median_of "$sentio" cnn bench --model="$models_dir/$name.onnx" --threads="$threads" \
             --iters="$iters" --warmup="$warmup")" >>"$results"
      for framework in "${peer_list[@]}"; do
        model="$models_dir/$name.onnx"
        python="$venv/bin/python"
        [[ $framework == pytorch ]] && model="$models_dir/$name.pt"
        [[ $framework == pytorch || $framework == opencv ]] && python=/usr/bin/python3
        printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$shape" "$threads" "$framework" \
          "$(median_of "$python" tools/bench_cnn_peers.py --framework="$framework" \
               --model="$model" --shape="$shape" --threads="$threads" --iters="$iters" \
               --warmup="$warmup")" >>"$results"
      done
    done
  done
done

/usr/bin/python3 - "$results" "$rounds" "$peers" <<'PY'
import sys

best, errors, order = {}, {}, []
peers = sys.argv[3].split(",")
for line in open(sys.argv[1]):
    name, shape, threads, runner, value = line.rstrip("\n").split("\t")
    key = (name, shape, threads)
    if key not in order:
        order.append(key)
    if value.startswith("error"):
        errors[key + (runner,)] = value
        continue
    best[key + (runner,)] = min(float(value), best.get(key + (runner,), float("inf")))

def cell(key):
    return f"{best[key]:.3f}" if key in best else "error"

print(f"Best of {sys.argv[2]} interleaved rounds; each value the median of one process's timed runs.\n")
print("| model | input | threads | Sentio CPU ms | " + " | ".join(f"{p} ms" for p in peers) +
      " | best peer / Sentio |")
print("|---|---|---|---|" + "---|" * len(peers) + "---|")
for key in order:
    ours = key + ("sentio",)
    times = [best[key + (p,)] for p in peers if key + (p,) in best]
    ratio = f"{min(times) / best[ours]:.2f}" if times and ours in best else "-"
    print(f"| {key[0]} | {key[1].replace(',', 'x')} | {key[2]} | {cell(ours)} | " +
          " | ".join(cell(key + (p,)) for p in peers) + f" | {ratio} |")
for key, message in sorted(errors.items()):
    print(f"\n{key[0]}, {key[2]} thread(s), {key[3]}: {message}", end="")
print()
PY
