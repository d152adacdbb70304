#!/usr/bin/env bash
# Runs the libFuzzer harnesses of tests/fuzz/ (clang-14, ASan + UBSan: `--config=fuzz`), each from
# a copy of its committed corpus, two at a time, no allocation over 256 MB, and prints per harness: executions, edges
# covered (libFuzzer's cov), features, corpus size and crashes. A crash leaves its input in
# OUT/<harness>/crashes/; fix it, then add the input to tests/fuzz/corpus/<harness>/ so that the
# replay test keeps it fixed.
#   bash tools/fuzz.sh [--minutes=10] [--jobs=2] [--out=DIR] [HARNESS...]   (default: all)
set -uo pipefail
cd "$(dirname "$0")/.."

minutes=10
jobs=2
out_dir=/tmp/sentio_fuzz
harnesses=()
for arg in "$@"; do
  case "$arg" in
    --minutes=*) minutes="${arg#--minutes=}" ;;
    --jobs=*) jobs="${arg#--jobs=}" ;;
    --out=*) out_dir="${arg#--out=}" ;;
    --*) echo "unknown argument $arg" >&2; exit 2 ;;
    *) harnesses+=("$arg") ;;
  esac
done
if [[ ${#harnesses[@]} -eq 0 ]]; then
  mapfile -t harnesses < <(ls tests/fuzz/corpus)
fi
targets=()
for harness in "${harnesses[@]}"; do targets+=("//tests/fuzz:$harness"); done
bazel build --config=fuzz "${targets[@]}" >&2 || exit 1
bin="$(bazel info --config=fuzz bazel-bin 2>/dev/null)/tests/fuzz"

run() {
  local harness="$1" dir="$out_dir/$1"
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/crashes"
  cp tests/fuzz/corpus/"$harness"/* "$dir/corpus/" 2>/dev/null
  # No single allocation over 256 MB from an input of at most 64 KiB: a size taken from a header
  # without checking it against the input shows up as a crash (docs/RELIABILITY.md).
  "$bin/$harness" "$dir/corpus" -max_total_time=$((minutes * 60)) -max_len=65536 -rss_limit_mb=2048 \
    -malloc_limit_mb=256 -timeout=10 -print_final_stats=1 -artifact_prefix="$dir/crashes/" \
    >"$dir/log" 2>&1
  echo $? >"$dir/status"
}
running=0
for harness in "${harnesses[@]}"; do
  run "$harness" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then wait -n; running=$((running - 1)); fi
done
wait

echo "| harness | minutes | executions | edges (cov) | features | corpus | crashes |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for harness in "${harnesses[@]}"; do
  dir="$out_dir/$harness"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
  last=$(grep -E '^#[0-9]+' "$dir/log" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(ls "$dir/corpus" | wc -l)
  crashes=$(ls "$dir/crashes" | wc -l)
  echo "| $harness | $minutes | ${execs:-?} | ${cov:-?} | ${ft:-?} | $corpus | $crashes |"
done
