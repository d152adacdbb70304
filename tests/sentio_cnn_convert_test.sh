#!/usr/bin/env bash
# `sentio cnn convert` on real models: mnist.onnx (ONNX model zoo) and Caffe's LeNet converted to
# the native model file with fp32 and fp16 weights, then `sentio cnn eval` on the MNIST test set:
# fp32 files score exactly as the originals, fp16 files within 0.1 point, at half the file size.
# Also `sentio cnn bench` on a converted file.
set -uo pipefail

sentio="$1"
data="external/shared_data"
scratch="${TEST_TMPDIR:-/tmp}"

source tests/check.sh

images="--images=$data/mnist/t10k-images-idx3-ubyte.gz"
labels="--labels=$data/mnist/t10k-labels-idx1-ubyte.gz"

# accuracy MODEL_FLAGS...: the accuracy= figure of `sentio cnn eval`, or "failed".
accuracy() {
  local out
  out=$("$sentio" cnn eval "$@" "$images" "$labels") || { echo failed; return; }
  tail -n 1 <<<"$out" | sed -n 's/^accuracy=//p'
}

# convert_and_eval NAME SCALE MODEL_FLAGS...
convert_and_eval() {
  local name="$1" scale="$2"
  shift 2
  local original fp32 fp16 text
  original=$(accuracy "$@" --scale="$scale")
  check "$name original evaluates" test "$original" != failed
  for precision in fp32 fp16; do
    out=$("$sentio" cnn convert "$@" --out="$scratch/$name.$precision.model" --precision="$precision")
    check "$name $precision converts" test $? -eq 0
    check "$name $precision last line bytes=<file size>" test "$(tail -n 1 <<<"$out")" = \
      "bytes=$(stat -c %s "$scratch/$name.$precision.model")"
  done
  fp32=$(accuracy --model="$scratch/$name.fp32.model" --scale="$scale")
  fp16=$(accuracy --model="$scratch/$name.fp16.model" --scale="$scale")
  echo "$name accuracy: original $original, fp32 file $fp32, fp16 file $fp16"
  check "$name fp32 file scores as the original" test "$fp32" = "$original"
  check "$name fp16 file within 0.1 point" awk -v a="$fp16" -v b="$original" \
    'BEGIN { d = a - b; exit !(a != "" && d <= 0.001 && d >= -0.001) }'
  local size32 size16
  size32=$(stat -c %s "$scratch/$name.fp32.model")
  size16=$(stat -c %s "$scratch/$name.fp16.model")
  echo "$name file sizes: fp32 $size32 bytes, fp16 $size16 bytes"
  check "$name fp16 file is half the size" awk -v a="$size16" -v b="$size32" \
    'BEGIN { r = a / b; exit !(r > 0.45 && r < 0.55) }'
  "$sentio" cnn convert --model="$scratch/$name.fp16.model" --out="$scratch/$name.fp16.pbtxt" >/dev/null
  text=$(accuracy --model="$scratch/$name.fp16.pbtxt" --scale="$scale")
  check "$name fp16 text file scores as the fp16 binary" test "$text" = "$fp16"
}

convert_and_eval mnist 1 --model="$data/models/mnist.onnx"
convert_and_eval lenet 0.00390625 --model="$data/models/lenet.prototxt" \
  --weights="$data/models/lenet_iter_10000.caffemodel"

# LeNet cut after pool1 outputs feature maps, not class scores: a clean error (it used to overrun
# the confusion matrix and crash at exit).
sed '/name: "conv2"/,$d' "$data/models/lenet.prototxt" | sed '$d' >"$scratch/lenet_to_pool1.prototxt"
err=$("$sentio" cnn eval --model="$scratch/lenet_to_pool1.prototxt" \
  --weights="$data/models/lenet_iter_10000.caffemodel" "$images" "$labels" 2>&1 >/dev/null)
check "eval of LeNet cut after pool1 exits 1" test $? -eq 1
check "eval of LeNet cut after pool1 says the output is no class scores" \
  grep -q "output 'pool1' of shape \[64,20,12,12\] is not class scores" <<<"$err"

out=$("$sentio" cnn bench --model="$scratch/lenet.fp16.model" --precision=fp16 --iters=5)
check "bench exits 0" test $? -eq 0
check "bench last line is median_ms=" grep -qE '^median_ms=[0-9]+\.[0-9]{4}$' <<<"$(tail -n 1 <<<"$out")"
err=$("$sentio" cnn bench --model="$scratch/lenet.fp16.model" --engine=tpu 2>&1 >/dev/null)
check "bench --engine=tpu exits 1" test $? -eq 1
check "bench --engine=tpu names the engines there are" \
  grep -q "unknown engine .tpu. (cpu, opencl, reference)" <<<"$err"

# The OpenCL engine (PoCL here) scores as the CPU engine on both real models.
opencl=$(accuracy --model="$data/models/mnist.onnx" --engine=opencl)
check "mnist on the OpenCL engine scores 0.9891" test "$opencl" = 0.9891
opencl=$(accuracy --model="$data/models/lenet.prototxt" --weights="$data/models/lenet_iter_10000.caffemodel" \
  --scale=0.00390625 --engine=opencl)
check "LeNet on the OpenCL engine scores 0.9914" test "$opencl" = 0.9914
# A device that fails (fault injection, gpu/opencl_fault.h): the CPU engine takes over with one
# warning line, or with --no_fallback the cause is the error.
err=$(SENTIO_OPENCL_FAULT=build "$sentio" cnn eval --model="$data/models/mnist.onnx" \
  --engine=opencl "$images" "$labels" 2>&1 >"$scratch/fallback.out")
check "OpenCL kernel build failure: the CPU engine scores 0.9891" \
  test "$(tail -n 1 "$scratch/fallback.out")" = accuracy=0.9891
check "OpenCL kernel build failure: one warning line naming it" \
  test "$(grep -c 'warning: the OpenCL engine cannot run the model (OpenCL program .* did not build' <<<"$err")" -eq 1
err=$(SENTIO_OPENCL_FAULT=platforms "$sentio" cnn eval --model="$data/models/mnist.onnx" \
  --engine=opencl --no_fallback "$images" "$labels" 2>&1 >/dev/null)
check "no OpenCL platform with --no_fallback exits 1" test $? -eq 1
check "no OpenCL platform with --no_fallback names the cause" \
  grep -q "the OpenCL engine: no device: no OpenCL platform is registered" <<<"$err"
err=$("$sentio" cnn convert --model="$data/models/mnist.onnx" --out="$scratch/no/such/dir.model" 2>&1 >/dev/null)
check "convert to a missing directory names it" grep -q "no/such/dir.model" <<<"$err"

echo "$failures failed"
[[ $failures -eq 0 ]]
