#!/usr/bin/env bash
# Accuracy against convolution FLOPs for Tucker-2 decomposition (`sentio cnn decompose`) of the
# trained LeNet (Caffe) and mnist.onnx on the MNIST test set, without fine-tuning: EVBMF ranks,
# energy shares and given ranks. Prints a markdown table (docs/RESULTS.md keeps it), writes it as
# CSV and plots it (Debian's python3-matplotlib) to OUT/tucker2_tradeoff.{csv,png}.
#
#   bash tools/tucker2_tradeoff.sh [--out=DIR] [--sentio=PATH]
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir=/tmp/sentio_tucker2
sentio=""
for arg in "$@"; do
  case "$arg" in
    --out=*) out_dir="${arg#--out=}" ;;
    --sentio=*) sentio="${arg#--sentio=}" ;;
    *) echo "unknown argument $arg" >&2; exit 2 ;;
  esac
done
if [[ -z "$sentio" ]]; then
  bazel build -c opt //apps:sentio >&2
  sentio="$(bazel info -c opt bazel-bin 2>/dev/null)/apps/sentio"
fi
data=../shared/data
mkdir -p "$out_dir"
eval_flags=(--images="$data/mnist/t10k-images-idx3-ubyte.gz" --labels="$data/mnist/t10k-labels-idx1-ubyte.gz")
lenet=(--model="$data/models/lenet.prototxt" --weights="$data/models/lenet_iter_10000.caffemodel")
mnist=(--model="$data/models/mnist.onnx")

csv="$out_dir/tucker2_tradeoff.csv"
echo "model,ranks,layer_ranks,flops_ratio,accuracy" >"$csv"
echo "| model | --ranks | ranks per layer (R1,R2) | conv FLOPs ratio | accuracy |"
echo "|---|---|---|---:|---:|"

# row MODEL SCALE RANKS MODEL_FLAGS...
row() {
  local model="$1" scale="$2" ranks="$3"
  shift 3
  local ratio=1.0000 layer_ranks="-" model_flags=("$@")
  if [[ "$ranks" != original ]]; then
    local report
    report=$("$sentio" cnn decompose "$@" --out="$out_dir/$model.model" --ranks="$ranks")
    ratio=$(tail -n 1 <<<"$report" | sed 's/^flops_ratio=//')
    layer_ranks=$(sed -n 's/^[^:]*: .*, ranks \([0-9]*,[0-9]*\): \(kept\)\{0,1\}.*/\1\2/p' <<<"$report" |
      sed 's/kept$/ (kept)/' | paste -sd' ' -)
    model_flags=(--model="$out_dir/$model.model")
  fi
  local accuracy
  accuracy=$("$sentio" cnn eval "${model_flags[@]}" "${eval_flags[@]}" --scale="$scale" | tail -n 1 |
    sed 's/^accuracy=//')
  echo "| $model | $ranks | $layer_ranks | $ratio | $accuracy |"
  echo "$model,\"$ranks\",\"$layer_ranks\",$ratio,$accuracy" >>"$csv"
}

for ranks in original vbmf energy:0.95 energy:0.9 energy:0.85 energy:0.8 energy:0.7 \
  "1,12;16,32" "1,10;10,25" "1,8;8,16" "1,6;6,12"; do
  row lenet 0.00390625 "$ranks" "${lenet[@]}"
done
for ranks in original vbmf energy:0.95 energy:0.9 energy:0.85 energy:0.8 energy:0.7 \
  "1,6;8,12" "1,6;6,8" "1,4;4,8" "1,4;4,4"; do
  row mnist 1 "$ranks" "${mnist[@]}"
done

/usr/bin/python3 tools/plot_tucker2_tradeoff.py "$csv" "$out_dir/tucker2_tradeoff.png"
echo "csv=$csv"
