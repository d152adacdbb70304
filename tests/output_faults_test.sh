#!/usr/bin/env bash
# Outputs that cannot be written: every kind of file sentio writes (ARFF, CSV and .npy feature
# tables, Kaldi feature archives, classifier model, native CNN model, .npy tensors, profile JSON,
# HTML reports) to a full device (/dev/full), into a missing directory, and over an existing file
# while the disk fills up (a file size limit, as ENOSPC would): each gives exit 1 and an error
# naming the file and the reason, and leaves no partial file behind; a file being replaced keeps
# its earlier content whole. JSON lines, written as a stream goes, keep the whole lines written
# before a failure (last section).
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

wav="$data/audio/fsdd/0_george_0.wav"

# run_writing KIND OUTPUT: the command of KIND writing to OUTPUT (a file, or a directory for npy
# and report).
run_writing() {
  local kind="$1" output="$2"
  case "$kind" in
    arff) "$sentio" features --data="$ts" --set=stats --rate_hz=10 --out="$output" ;;
    table_csv | table_npy)
      "$sentio" features --data="$ts" --set=stats --rate_hz=10 --out="$output" ;;
    ark) "$sentio" mfcc --wav="$wav" --wav="$wav" --out="$output" ;;
    report) "$sentio" eval --data="$iris" --report="$output" ;;
    model) "$sentio" train --data="$iris" --classifier=knn --out="$output" ;;
    cnn_model) "$sentio" cnn convert --model="$mnist" --out="$output" ;;
    npy) "$sentio" cnn run --model="$mnist" --input="$scratch/digit.npy" --output_dir="$output" ;;
    json) "$sentio" cnn profile --model="$mnist" --iters=1 --warmup=0 --json="$output" ;;
  esac
}

# The file a directory output writes (npy, report), empty for a file output.
file_in_directory() {
  case "$1" in
    npy) echo Plus214_Output_0.npy ;;
    report) echo index.html ;;
  esac
}

# The extension a file output needs (the format follows the name).
extension() {
  case "$1" in
    table_csv) echo .csv ;;
    table_npy) echo .npy ;;
    ark) echo .ark.txt ;;
    *) echo ".$1" ;;
  esac
}

for kind in arff table_csv table_npy ark model cnn_model npy json report; do
  inner=$(file_in_directory "$kind")
  # A full device: a directory output's file is a link to /dev/full (written in place).
  if [[ -n $inner ]]; then
    mkdir -p "$scratch/full_$kind"
    ln -sf /dev/full "$scratch/full_$kind/$inner"
    target="$scratch/full_$kind"
    named="$inner"
  else
    target=/dev/full
    named=/dev/full
  fi
  err=$(run_writing "$kind" "$target" 2>&1 >/dev/null)
  check "$kind to a full device exits 1" test $? -eq 1
  check "$kind to a full device names it and the reason" \
    grep -q "$named.*No space left on device" <<<"$err"

  missing="$scratch/no/such/dir/out$(extension "$kind")"
  [[ -n $inner ]] && missing="$scratch/no_such_file_as_dir.txt/sub"
  [[ -n $inner ]] && touch "$scratch/no_such_file_as_dir.txt"
  err=$(run_writing "$kind" "$missing" 2>&1 >/dev/null)
  check "$kind into a missing directory exits 1" test $? -eq 1
  check "$kind into a missing directory names it" grep -q "$missing" <<<"$err"

  # Over an existing file while the disk is full (RLIMIT_FSIZE of 0; SIGXFSZ ignored so the
  # write fails with EFBIG instead of killing the process).
  if [[ -n $inner ]]; then
    mkdir -p "$scratch/limited_$kind"
    kept="$scratch/limited_$kind/$inner"
    target="$scratch/limited_$kind"
  else
    kept="$scratch/kept$(extension "$kind")"
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

# JSON lines, written as a live stream goes (cnn detect --json; the graph's JSON-lines and CSV
# sinks write through the same sensing/stages/line_file_writer): a failed write leaves the whole
# lines written before it, no partial one, and the error says how many.
yolo="$data/models/yolo-fastest-1.1_body"
detect_json() {
  "$sentio" cnn detect --model="$yolo.cfg" --weights="$yolo.weights" \
    --video="$data/video/road_320x240.y4m" --frames=12 --json="$1"
}
err=$(detect_json /dev/full 2>&1 >/dev/null)
check "JSON lines to a full device exits 1" test $? -eq 1
check "JSON lines to a full device names it and the reason" \
  grep -q "/dev/full.*No space left on device" <<<"$err"
err=$(detect_json "$scratch/no/such/dir/d.jsonl" 2>&1 >/dev/null)
check "JSON lines into a missing directory exits 1" test $? -eq 1
check "JSON lines into a missing directory names it" grep -q "no/such/dir/d.jsonl" <<<"$err"
lines="$scratch/frames.jsonl"
err=$( (trap '' XFSZ; ulimit -f 1; detect_json "$lines") 2>&1 >/dev/null)
status=$?
check "JSON lines on a disk that fills exits 1 (got $status)" test "$status" -eq 1
kept=$(sed -nE 's/.*frames.jsonl. after ([0-9]+) lines: File too large; it keeps the ([0-9]+) whole lines.*/\1/p' <<<"$err")
check "JSON lines on a disk that fills: the error says how many lines are kept" test -n "$kept"
check "JSON lines on a disk that fills: some lines were written first" test "${kept:-0}" -gt 0
check "JSON lines on a disk that fills: the file has those lines" \
  test "$(wc -l <"$lines")" -eq "${kept:--1}"
check "JSON lines on a disk that fills: every line is whole" \
  test -z "$(grep -v '^{.*}$' "$lines")"
check "JSON lines on a disk that fills: it ends with a newline" test "$(tail -c 1 "$lines" | od -An -c | tr -d ' ')" = '\n'

echo "$failures failed"
[[ $failures -eq 0 ]]
