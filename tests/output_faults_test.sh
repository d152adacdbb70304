#!/usr/bin/env bash
# Outputs that cannot be written: every kind of file sentio writes (ARFF features, classifier
# model, native CNN model, .npy tensors, profile JSON) to a full device (/dev/full), into a
# missing directory, and over an existing file while the disk fills up (a file size limit, as
# ENOSPC would): each gives exit 1 and an error naming the file and the reason, and leaves no
# partial file behind; a file being replaced keeps its earlier content whole.
set -uo pipefail

sentio="$1"
data="external/shared_data"
scratch="${TEST_TMPDIR:-/tmp}"

source tests/check.sh

iris="$data/arff/iris.arff"
ts="$data/har/BasicMotions_TRAIN.ts"
mnist="$data/models/mnist.onnx"
write_zero_digit_npy() {  # a [1,1,28,28] float32 .npy of zeros
  {
    printf '\x93NUMPY\x01\x00\x76\x00'
    printf "%-117s\n" "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 28, 28), }"
    head -c $((28 * 28 * 4)) /dev/zero
  } >"$1"
}
write_zero_digit_npy "$scratch/digit.npy"

# run_writing KIND OUTPUT: the command of KIND writing to OUTPUT (a file, or a directory for npy).
run_writing() {
  local kind="$1" output="$2"
  case "$kind" in
    arff) "$sentio" features --data="$ts" --set=stats --rate_hz=10 --out="$output" ;;
    model) "$sentio" train --data="$iris" --classifier=knn --out="$output" ;;
    cnn_model) "$sentio" cnn convert --model="$mnist" --out="$output" ;;
    npy) "$sentio" cnn run --model="$mnist" --input="$scratch/digit.npy" --output_dir="$output" ;;
    json) "$sentio" cnn profile --model="$mnist" --iters=1 --warmup=0 --json="$output" ;;
  esac
}

for kind in arff model cnn_model npy json; do
  # A full device: for npy the directory exists and its file is a link to /dev/full.
  if [[ $kind == npy ]]; then
    mkdir -p "$scratch/full_npy"
    ln -sf /dev/full "$scratch/full_npy/Plus214_Output_0.npy"
    target="$scratch/full_npy"
    named="Plus214_Output_0.npy"
  else
    target=/dev/full
    named=/dev/full
  fi
  err=$(run_writing "$kind" "$target" 2>&1 >/dev/null)
  check "$kind to a full device exits 1" test $? -eq 1
  check "$kind to a full device names it and the reason" \
    grep -q "$named.*No space left on device" <<<"$err"

  missing="$scratch/no/such/dir/out.$kind"
  [[ $kind == npy ]] && missing="$scratch/no_such_file_as_dir.txt/sub"
  [[ $kind == npy ]] && touch "$scratch/no_such_file_as_dir.txt"
  err=$(run_writing "$kind" "$missing" 2>&1 >/dev/null)
  check "$kind into a missing directory exits 1" test $? -eq 1
  check "$kind into a missing directory names it" grep -q "$missing" <<<"$err"

  # Over an existing file while the disk is full (RLIMIT_FSIZE of 0; SIGXFSZ ignored so the
  # write fails with EFBIG instead of killing the process).
  if [[ $kind == npy ]]; then
    mkdir -p "$scratch/limited_npy"
    kept="$scratch/limited_npy/Plus214_Output_0.npy"
    target="$scratch/limited_npy"
  else
    kept="$scratch/kept.$kind"
    target="$kept"
  fi
  printf 'the earlier content\n' >"$kept"
  err=$( (trap '' XFSZ; ulimit -f 0; run_writing "$kind" "$target") 2>&1 >/dev/null)
  status=$?
  check "$kind over a file on a full disk exits 1 (got $status)" test "$status" -eq 1
  check "$kind over a file on a full disk names the file and the reason" \
    grep -q "$(basename "$kept").*File too large" <<<"$err"
  check "$kind over a file on a full disk keeps the earlier content" \
    test "$(tr -d '\0' <"$kept")" = "the earlier content"
  check "$kind leaves no partial file" \
    test -z "$(find "$scratch" -name '*.partial-*' -print -quit)"
done

echo "$failures failed"
[[ $failures -eq 0 ]]
