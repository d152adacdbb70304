#!/usr/bin/env bash
# `sentio cnn decompose` (Tucker-2) on real trained models, Caffe's LeNet and mnist.onnx, each
# decomposed model evaluated on the MNIST test set: the FLOPs it reports against the accuracy it
# keeps (docs/RESULTS.md has the whole trade-off, from tools/tucker2_tradeoff.sh), the decomposed
# model on the OpenCL engine (PoCL) scoring as on the CPU, and clear errors for bad requests.
set -uo pipefail

sentio="$1"
data="external/shared_data"
scratch="${TEST_TMPDIR:-/tmp}"

source tests/check.sh

images="--images=$data/mnist/t10k-images-idx3-ubyte.gz"
labels="--labels=$data/mnist/t10k-labels-idx1-ubyte.gz"
lenet=(--model="$data/models/lenet.prototxt" --weights="$data/models/lenet_iter_10000.caffemodel")
mnist=(--model="$data/models/mnist.onnx")

# accuracy MODEL_FLAGS...: the accuracy= figure of `sentio cnn eval`, or "failed".
accuracy() {
  local out
  out=$("$sentio" cnn eval "$@" "$images" "$labels") || { echo failed; return; }
  tail -n 1 <<<"$out" | sed -n 's/^accuracy=//p'
}

# at_least A B: A >= B.
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 >= b + 0) }'; }

# decompose NAME RANKS MODEL_FLAGS...: runs the command, its output in $scratch/NAME.out, and
# prints the flops_ratio.
decompose() {
  local name="$1" ranks="$2"
  shift 2
  "$sentio" cnn decompose "$@" --out="$scratch/$name.model" --ranks="$ranks" >"$scratch/$name.out"
  check "$name: decompose exits 0" test $? -eq 0 >&2
  tail -n 1 "$scratch/$name.out" | sed -n 's/^flops_ratio=//p'
}

lenet_original=$(accuracy "${lenet[@]}" --scale=0.00390625)
check "LeNet scores 0.9914" test "$lenet_original" = 0.9914

# EVBMF ranks: both convolutions decomposed, a ninth of the FLOPs; without fine-tuning the
# accuracy drops (measured 0.8903), far above chance: the model still works.
ratio=$(decompose lenet_vbmf vbmf "${lenet[@]}")
echo "LeNet at EVBMF ranks: flops_ratio $ratio"
check "LeNet vbmf: one line per convolution with its ranks" \
  test "$(grep -cE '^conv[12]: [0-9]+->[0-9]+ channels 5x5, ranks [0-9]+,[0-9]+: flops' "$scratch/lenet_vbmf.out")" -eq 2
check "LeNet vbmf: conv2 at ranks 6,9" grep -q "^conv2: 20->50 channels 5x5, ranks 6,9:" "$scratch/lenet_vbmf.out"
check "LeNet vbmf: under a fifth of the FLOPs" awk -v r="$ratio" 'BEGIN { exit !(r != "" && r < 0.2) }'
vbmf=$(accuracy --model="$scratch/lenet_vbmf.model" --scale=0.00390625)
echo "LeNet at EVBMF ranks: accuracy $vbmf"
check "LeNet vbmf: accuracy above 0.85" at_least "$vbmf" 0.85
opencl=$(accuracy --model="$scratch/lenet_vbmf.model" --scale=0.00390625 --engine=opencl)
check "LeNet vbmf on the OpenCL engine scores as on the CPU" test "$opencl" = "$vbmf"

# Keeping 80 % of each unfolding's energy: half the FLOPs, within 1 point of the original.
ratio=$(decompose lenet_energy energy:0.8 "${lenet[@]}")
energy=$(accuracy --model="$scratch/lenet_energy.model" --scale=0.00390625)
echo "LeNet at energy 0.8: flops_ratio $ratio, accuracy $energy"
check "LeNet energy:0.8: at most half the FLOPs" awk -v r="$ratio" 'BEGIN { exit !(r != "" && r <= 0.5) }'
check "LeNet energy:0.8: within 1 point" at_least "$energy" "$(awk -v a="$lenet_original" 'BEGIN { print a - 0.01 }')"

# Given ranks, one pair per layer; an fp16 model file decomposes as well (its halves expand).
"$sentio" cnn convert "${mnist[@]}" --out="$scratch/mnist16.model" --precision=fp16 >/dev/null
ratio=$(decompose mnist_given "1,6;8,12" --model="$scratch/mnist16.model")
given=$(accuracy --model="$scratch/mnist_given.model")
echo "mnist.onnx (fp16 file) at ranks 1,6;8,12: flops_ratio $ratio, accuracy $given"
check "mnist given ranks: fewer FLOPs" awk -v r="$ratio" 'BEGIN { exit !(r != "" && r < 0.9) }'
check "mnist given ranks: accuracy at least 0.98" at_least "$given" 0.98

# Bad requests exit 1 naming the layer or flag.
expect_error() {
  local what="$1" message="$2"
  shift 2
  err=$("$sentio" cnn decompose "$@" --out="$scratch/bad.model" 2>&1 >/dev/null)
  check "$what exits 1" test $? -eq 1
  check "$what: says '$message'" grep -qF "$message" <<<"$err"
}
expect_error "ranks beyond the channels" "Conv node 'conv2': ranks 30,50 exceed its 20 input and 50 output channels" \
  "${lenet[@]}" --ranks=30,50 --layers=conv2
expect_error "a fully connected layer" "node 'ip1': cannot be Tucker-2 decomposed: not a convolution" \
  "${lenet[@]}" --ranks=4,4 --layers=ip1
expect_error "an unknown layer" "no node named 'conv3'" "${lenet[@]}" --ranks=4,4 --layers=conv3
expect_error "one pair too many" "3 rank pairs given for 2 convolutions" "${lenet[@]}" --ranks="1,4;4,4;4,4"
expect_error "a rank of 0" "expected vbmf, energy:X or R1,R2" "${lenet[@]}" --ranks=0,4
expect_error "an energy above 1" "must be in (0, 1]" "${lenet[@]}" --ranks=energy:1.5

echo "$failures failed"
[[ $failures -eq 0 ]]
