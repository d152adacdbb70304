#!/usr/bin/env bash
# Sizes read from a file's header are checked against the file before anything is allocated: each
# input below is a few bytes long and its header promises gigabytes (a 32768x32768 video frame, a
# tensor of 2^30 values, an IDX array of 2^31 bytes, a WAV data chunk of 4 GiB, Darknet weights
# for a whole network). Run with 1 GiB of address space, each must give a clean error naming the
# file and what was missing: an allocation sized by the header would fail (std::bad_alloc, exit
# code 134; under ASan its allocation-size report) instead.
set -uo pipefail

sentio="$1"
data="external/shared_data"
scratch="${TEST_TMPDIR:-/tmp}"

source tests/check.sh

# limited NAME PATTERN ARGS...: `sentio ARGS` with 1 GiB of address space (one malloc arena, so
# the limit does not depend on the number of cores) exits 1 and its error matches PATTERN. Under
# AddressSanitizer (--config=asan), which reserves terabytes of address space for its shadow
# memory, no single allocation may exceed 1 GiB instead.
limited() {
  local name="$1" pattern="$2"
  shift 2
  local err status
  if [[ ${SENTIO_SANITIZER:-} == address ]]; then
    err=$(ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=1024" \
      "$sentio" "$@" 2>&1 >/dev/null)
  else
    err=$( (ulimit -v $((1 << 20)); MALLOC_ARENA_MAX=1 "$sentio" "$@") 2>&1 >/dev/null)
  fi
  status=$?
  check "$name: exits 1 (got $status)" test "$status" -eq 1
  check "$name: says why" grep -qE "$pattern" <<<"$err"
  grep -qE "$pattern" <<<"$err" || echo "  its error: $err"
}

# A frame of 32768x32768 (1.5 GiB in 4:2:0) over three bytes.
printf 'YUV4MPEG2 W32768 H32768 F25:1\nFRAME\nabc' >"$scratch/huge.y4m"
yolo="$data/models/yolo-fastest-1.1_body"
limited "y4m frame" "huge.y4m: frame 0 is truncated: it needs 1610612736 bytes, the file has 3" \
  cnn detect --model="$yolo.cfg" --weights="$yolo.weights" --video="$scratch/huge.y4m" --threads=1

# A float32 tensor of shape (1073741824,) (4 GiB) with 8 bytes of data.
{
  printf '\x93NUMPY\x01\x00\x76\x00'
  printf "%-117s\n" "{'descr': '<f4', 'fortran_order': False, 'shape': (1073741824,), }"
  printf '12345678'
} >"$scratch/huge.npy"
limited ".npy tensor" "huge.npy: shape \[1073741824\] needs 4294967296 bytes of data, the file has 8" \
  cnn run --model="$data/models/mnist.onnx" --input="$scratch/huge.npy" --output_dir="$scratch/out"

# IDX labels: one dimension of 2^31 unsigned bytes, then 8 bytes.
printf '\x00\x00\x08\x01\x80\x00\x00\x00abcdefgh' >"$scratch/huge.idx"
limited "IDX labels" "huge.idx: IDX dimensions 2147483648 of 1-byte elements need more bytes" \
  cnn eval --model="$data/models/mnist.onnx" --images="$data/mnist/t10k-images-idx3-ubyte.gz" \
  --labels="$scratch/huge.idx"

# A WAV file whose data chunk declares 0xfffffff0 bytes (16-bit mono, 16 kHz) over 4 bytes.
{
  printf 'RIFF\x2c\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00'
  printf '\x80\x3e\x00\x00\x00\x7d\x00\x00\x02\x00\x10\x00'
  printf 'data\xf0\xff\xff\xff\x01\x00\x02\x00'
} >"$scratch/huge.wav"
limited "WAV data chunk" "huge.wav.*'data' chunk declares 4294967280 bytes but only 4 remain" \
  mfcc --wav="$scratch/huge.wav"

# Yolo-Fastest's network with its weights cut to the first kilobyte.
head -c 1024 "$yolo.weights" >"$scratch/cut.weights"
limited "Darknet weights" "cut.weights.*need [0-9]+ .*" \
  cnn bench --model="$yolo.cfg" --weights="$scratch/cut.weights" --threads=1

echo "$failures failed"
[[ $failures -eq 0 ]]
