#!/usr/bin/env bash
# The activity graph on a raw timestamped IMU CSV (apps/har/imu_csv.pbtxt) over a log made from 8
# BasicMotions test cases with jittered sample times and gaps (tests/testdata/basic_motions_imu.csv,
# tools/make_imu_csv.py): live change lines in order, a per-window report ending accuracy=, the
# same result whatever the block size (windows span blocks, never gaps), and bad options named.
set -uo pipefail

sentio="$PWD/$1"
graph="$PWD/apps/har/imu_csv.pbtxt"
csv="$PWD/tests/testdata/basic_motions_imu.csv"
train="$PWD/external/shared_data/har/BasicMotions_TRAIN.ts"

source tests/check.sh

run() {
  "$sentio" run --graph="$graph" --set=source.path="$csv" --set=classify.train="$train" "$@" 2>/dev/null
}
out=$(run)
check "graph exits 0" test $? -eq 0
check "one line per activity change, in the log's order" \
  test "$(grep -oE '  (Standing|Running|Walking|Badminton)  \(p=' <<<"$out" | awk '{print $1}' | paste -sd,)" = \
  "Standing,Running,Walking,Badminton"
check "every window is scored" grep -q '^Scored 28 window predictions' <<<"$out"
last=$(tail -n 1 <<<"$out")
check "last line is accuracy=" grep -qE '^accuracy=[01]\.[0-9]{4}$' <<<"$last"
check "most windows right (${last#accuracy=} >= 0.85)" awk -v a="${last#accuracy=}" 'BEGIN { exit !(a >= 0.85) }'
# The report from its first line on. The live sink runs beside the report sink, so on a busy
# machine its last change line can come after the report has begun: those lines are left out.
report_of() { sed -n '/^Scored/,$p' | grep -vE '  \(p=[01]\.[0-9]+\)$'; }
report=$(report_of <<<"$out")
for block_size in 1 7 1000; do
  check "block size $block_size gives the same report" \
    test "$(run --set=source.block_size=$block_size | report_of)" = "$report"
done
err=$("$sentio" run --graph="$graph" --set=source.path="$csv" --set=source.channel_names=a,b 2>&1 >/dev/null)
check "channel_names of the wrong count fail" grep -q "names 2 channels for 6 columns" <<<"$err"
err=$("$sentio" run --graph="$graph" --set=source.path="$csv" --set=source.label_column=task 2>&1 >/dev/null)
check "a missing label column is named" grep -q "no column 'task' in the header" <<<"$err"
err=$("$sentio" run --graph="$graph" --set=source.path="$csv" --set=windows.span_blocks=false 2>&1 >/dev/null)
check "max_gap_us without span_blocks fails" grep -q "max_gap_us needs span_blocks: true" <<<"$err"

echo "$failures failed"
exit $((failures > 0))
