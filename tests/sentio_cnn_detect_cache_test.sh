#!/usr/bin/env bash
# `sentio cnn detect --cache` (convolutional caching) with Yolo-Fastest on a fixed highway camera's
# video (boxes scoring 0.05 or more): with threshold 0 the boxes equal the uncached run's exactly;
# with DeepMon's 0.005 at least 98 % of the uncached boxes are found (same class, IoU >= 0.5) and
# at most 2 % are extra; a line per frame reports the time and reuse, and on the quieter road
# camera's video frames are partly reused; bad flags are clear errors.
set -uo pipefail

sentio="$1"
data="external/shared_data"
scratch="${TEST_TMPDIR:-/tmp}"

source tests/check.sh

model=(--model="$data/models/yolo-fastest-1.1_body.cfg" --weights="$data/models/yolo-fastest-1.1_body.weights")
video=(--video="$data/video/highway_320x240.y4m" --threshold=0.05 --threads=2)

"$sentio" cnn detect "${model[@]}" "${video[@]}" >"$scratch/uncached.out"
check "uncached detect exits 0" test $? -eq 0
"$sentio" cnn detect "${model[@]}" "${video[@]}" --cache=0 >"$scratch/exact.out"
check "cached detect (threshold 0) exits 0" test $? -eq 0
check "threshold 0: the same boxes as uncached" \
  diff <(grep '^frame=' "$scratch/uncached.out") <(grep '^frame=' "$scratch/exact.out")
check "one cache line per frame" test "$(grep -c "^cache frame=" "$scratch/exact.out")" -eq 51
check "cache lines carry time and reuse" \
  grep -qE '^cache frame=50 ms=[0-9.]+ changed_blocks=[0-9.]+ reused=[0-9.]+ whole=[01]$' "$scratch/exact.out"
check "frame 0 is computed whole" grep -q '^cache frame=0 .* whole=1$' "$scratch/exact.out"
check "the summary line precedes detections=" \
  grep -qE '^Cache: [0-9]+ convolutions cached; per frame' <(tail -n 2 "$scratch/exact.out")

"$sentio" cnn detect "${model[@]}" "${video[@]}" --cache=0.005 >"$scratch/cached.out"
check "cached detect (threshold 0.005) exits 0" test $? -eq 0
counts=$(awk -f tests/match_detections.awk "$scratch/uncached.out" "$scratch/cached.out")
echo "threshold 0.005 against uncached: $counts; $(grep '^Cache:' "$scratch/cached.out")"
read -r reference other matched < <(sed 's/[a-z]*=//g' <<<"$counts")
check "there are boxes to match" test "$reference" -gt 0
check "at least 98 % of the uncached boxes found" awk -v m="$matched" -v r="$reference" 'BEGIN { exit !(m >= 0.98 * r) }'
check "at most 2 % extra boxes" awk -v m="$matched" -v o="$other" -v r="$reference" 'BEGIN { exit !(o - m <= 0.02 * r) }'
"$sentio" cnn detect "${model[@]}" --video="$data/video/road_320x240.y4m" --frames=20 --cache=0.05 \
  >"$scratch/road.out"
check "road camera at 0.05: frames partly reused" \
  grep -qE '^cache frame=[0-9]+ .* reused=0\.[0-9]*[1-9][0-9]* whole=0$' "$scratch/road.out"

expect_error() {
  local what="$1" message="$2"
  shift 2
  err=$("$sentio" cnn detect "${model[@]}" --video="$data/video/road_320x240.y4m" --frames=2 "$@" 2>&1 >/dev/null)
  check "$what exits 1" test $? -eq 1
  check "$what: says '$message'" grep -qF -- "$message" <<<"$err"
}
expect_error "a threshold above 1" "--cache: 2 is not 0 to 1" --cache=2
expect_error "a bad layer count" "--cache_layers: 'x' is not auto or a number" --cache=0.01 --cache_layers=x
expect_error "layers without --cache" "--cache_layers and --cache_refresh need --cache=CHI2" --cache_layers=3
expect_error "a negative refresh" "--cache_refresh: -1 < 0" --cache=0.01 --cache_refresh=-1
expect_error "an engine without a cache" "--cache with --engine=reference: this engine has no frame cache" \
  --cache=0.01 --engine=reference

echo "$failures failed"
[[ $failures -eq 0 ]]
