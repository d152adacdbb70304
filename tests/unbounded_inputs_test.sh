#!/usr/bin/env bash
# Inputs that never end: /dev/zero and a FIFO given to every file flag of every command that reads
# a file (data sets, models, weights, images, labels, tensors, audio, video, graph configs) must
# give a clean error naming the file within a second: not a read without end, not an allocation
# failure, not a wait for a writer.
set -uo pipefail

sentio="$1"
data="external/shared_data"
scratch="${TEST_TMPDIR:-/tmp}"

source tests/check.sh

fifo="$scratch/stream.fifo"
rm -f "$fifo"
mkfifo "$fifo"

# refused NAME INPUT ARGS...: `sentio ARGS` (where INPUT appears) exits 1 within a second, and its
# error names INPUT and what kind of file it is.
refused() {
  local name="$1" input="$2"
  shift 2
  local start end err status
  start=$(date +%s%N)
  err=$(timeout 10 "$sentio" "$@" 2>&1 >/dev/null)
  status=$?
  end=$(date +%s%N)
  check "$name: exits 1 (got $status)" test "$status" -eq 1
  check "$name: within a second" test $(((end - start) / 1000000)) -lt 1000
  check "$name: names the file and its kind" \
    grep -qE "'$input' is a (character device|FIFO)" <<<"$err"
}

iris="$data/arff/iris.arff"
mnist_model="$data/models/mnist.onnx"
images="$data/mnist/t10k-images-idx3-ubyte.gz"
labels="$data/mnist/t10k-labels-idx1-ubyte.gz"
"$sentio" train --data="$iris" --classifier=knn --out="$scratch/iris.model" >/dev/null
printf 'node {\n  name: "source"\n  stage: "TsFileSource"\n  output_stream: "imu"\n  output_stream: "labels"\n  option { name: "path" string_value: "%s" }\n}\n' \
  "$fifo" >"$scratch/fifo_source.pbtxt"

yolo="$data/models/yolo-fastest-1.1_body"
lenet="$data/models/lenet"
# Every input as a link to /dev/zero or the FIFO, under a name with the extension its reader
# expects, so the error comes from reading it rather than from its name.
for target in /dev/zero "$fifo"; do
  kind=$([[ $target == /dev/zero ]] && echo zero || echo fifo)
  d="$scratch/$kind"
  mkdir -p "$d"
  for name in data.arff data.ts data.csv audio.wav graph.pbtxt model.onnx native.model \
    tensor.npy video.y4m images.idx net.prototxt net.caffemodel net.cfg net.weights; do
    ln -sf "$target" "$d/$name"
  done
  refused "eval --data .arff $kind" "$d/data.arff" eval --data="$d/data.arff"
  refused "eval --data .csv $kind" "$d/data.csv" eval --data="$d/data.csv"
  refused "eval --data .ts $kind" "$d/data.ts" eval --data="$d/data.ts" --rate_hz=10
  refused "eval --test $kind" "$d/data.arff" eval --data="$iris" --test="$d/data.arff"
  refused "train --data $kind" "$d/data.arff" train --data="$d/data.arff" --out="$scratch/never.model"
  refused "predict --model $kind" "$d/native.model" predict --model="$d/native.model" --data="$iris"
  refused "predict --data $kind" "$d/data.arff" predict --model="$scratch/iris.model" --data="$d/data.arff"
  refused "features --data $kind" "$d/data.ts" features --data="$d/data.ts" --set=stats \
    --out="$scratch/f.arff"
  refused "mfcc --wav $kind" "$d/audio.wav" mfcc --wav="$d/audio.wav"
  refused "fbank --wav $kind" "$d/audio.wav" fbank --wav="$d/audio.wav"
  refused "run --graph $kind" "$d/graph.pbtxt" run --graph="$d/graph.pbtxt"
  refused "cnn bench --model .onnx $kind" "$d/model.onnx" cnn bench --model="$d/model.onnx"
  refused "cnn bench --model native $kind" "$d/native.model" cnn bench --model="$d/native.model"
  refused "cnn bench --model .prototxt $kind" "$d/net.prototxt" cnn bench --model="$d/net.prototxt" \
    --weights="$lenet"_iter_10000.caffemodel
  refused "cnn bench --weights .caffemodel $kind" "$d/net.caffemodel" \
    cnn bench --model="$lenet.prototxt" --weights="$d/net.caffemodel"
  refused "cnn bench --model .cfg $kind" "$d/net.cfg" cnn bench --model="$d/net.cfg" \
    --weights="$yolo.weights"
  refused "cnn bench --weights .weights $kind" "$d/net.weights" \
    cnn bench --model="$yolo.cfg" --weights="$d/net.weights"
  refused "cnn convert --model $kind" "$d/model.onnx" cnn convert --model="$d/model.onnx" \
    --out="$scratch/never.model"
  refused "cnn eval --images $kind" "$d/images.idx" cnn eval --model="$mnist_model" \
    --images="$d/images.idx" --labels="$labels"
  refused "cnn eval --labels $kind" "$d/images.idx" cnn eval --model="$mnist_model" \
    --images="$images" --labels="$d/images.idx"
  refused "cnn run --input $kind" "$d/tensor.npy" cnn run --model="$mnist_model" \
    --input="$d/tensor.npy" --output_dir="$scratch/out"
  refused "cnn detect --video $kind" "$d/video.y4m" cnn detect --model="$yolo.cfg" \
    --weights="$yolo.weights" --video="$d/video.y4m"
done
# A graph whose source reads the FIFO.
refused "run: graph source path FIFO" "$fifo" run --graph="$scratch/fifo_source.pbtxt"

echo "$failures failed"
[[ $failures -eq 0 ]]
