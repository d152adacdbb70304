#!/usr/bin/env bash
# Users' own CSV end to end (issue 16, item 1), on a timestamped accelerometer/gyroscope log made
# from 8 BasicMotions cases with jittered sample times, a gap and four subjects
# (tests/testdata/basic_motions_imu.csv, tools/make_imu_csv.py):
# - `eval` on the raw table warns about the time column that makes it score 100 %;
# - --class/--ignore/--group, leave-one-group-out on rows and (with --time) on windows of cases;
# - features, train and predict on the log read as recordings, predict on an unlabelled copy;
# - a .ts archive with a groups file; bad columns, groups and times named by file, line, column.
set -uo pipefail

sentio="$PWD/$1"
csv="$PWD/tests/testdata/basic_motions_imu.csv"
train_ts="$PWD/external/shared_data/har/BasicMotions_TRAIN.ts"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

source tests/check.sh

out=$("$sentio" eval --data="$csv" 2>&1)
check "raw table: the leaky time column scores 100 %" grep -q '^accuracy=1.0000$' <<<"$out"
check "... and gets a warning naming it" \
  grep -q "^Warning: column 't_ms' looks like a time or row number.*--ignore=t_ms" <<<"$out"

out=$("$sentio" eval --data="$csv" --class=activity --ignore=t_ms --group=subject 2>&1)
check "rows: leave-one-subject-out" \
  grep -q "^Evaluation: leave-one-group-out over the 4 groups of 'subject'" <<<"$out"
check "rows: no warning once the time is ignored" bash -c "! grep -q Warning <<<\"\$0\"" "$out"
check "rows: 780 rows classified" grep -q '^Correctly classified: [0-9]* of 780 ' <<<"$out"

out=$("$sentio" eval --data="$csv" --time=t_ms --group=subject 2>&1)
check "log: time unit and rate inferred, one gap" \
  grep -q "^Timestamps: column 't_ms' in ms (inferred.*median rate 10 Hz, gaps longer than 3 periods: 1" <<<"$out"
check "log: jitter is pointed out" grep -q '^Warning: sample times are irregular' <<<"$out"
check "log: windows of 2.56 s" grep -q 'over windows of 26 samples every 13 samples' <<<"$out"
check "log: leave-one-subject-out over 9 cases (8 and one cut at the gap)" \
  grep -q '^Correctly classified: [0-9] of 9 ' <<<"$out"
acc=$(tail -n 1 <<<"$out")
check "log: most cases right (${acc#accuracy=} >= 0.75)" \
  awk -v a="${acc#accuracy=}" 'BEGIN { exit !(a >= 0.75) }'

out=$("$sentio" features --data="$csv" --time=t_ms --ignore=subject --resample_hz=10 --set=stats \
  --out="$tmp/windows.arff" 2>&1)
check "features from the log" grep -q '^instances=53$' <<<"$out"
check "features: resampled, no jitter warning" bash -c "! grep -q irregular <<<\"\$0\"" "$out"
check "features: ARFF with the channel statistics" grep -q '^@attribute gyro_z.energy numeric' "$tmp/windows.arff"

"$sentio" features --data="$csv" --time=t_ms --ignore=subject --resample_hz=10 --set=stats \
  --out="$tmp/windows.npy" >/dev/null 2>&1
check "features as NumPy: 53 windows x (36 features + class)" \
  grep -qa "'shape': (53, 37)" "$tmp/windows.npy"
"$sentio" train --data="$csv" --time=t_ms --ignore=subject --resample_hz=10 --out="$tmp/har.model" >/dev/null 2>&1
check "train on the log" test -s "$tmp/har.model"
cut -d, -f1-8 "$csv" >"$tmp/unlabelled.csv"
out=$("$sentio" predict --model="$tmp/har.model" --data="$tmp/unlabelled.csv" --time=t_ms \
  --ignore=subject --resample_hz=10 --format=csv --out="$tmp/p.csv" 2>&1)
check "predict an unlabelled log with the model's classes" grep -q '^predictions=57$' <<<"$out"
check "... with every class's probability" \
  grep -q '^instance,predicted,p_Standing,p_Running,p_Walking,p_Badminton,actual$' "$tmp/p.csv"
"$sentio" features --data="$tmp/unlabelled.csv" --time=t_ms --ignore=subject --resample_hz=10 \
  --set=stats --model="$tmp/har.model" --out="$tmp/unlabelled.arff" >/dev/null 2>&1
check "unlabelled windows declare the model's classes" \
  grep -q '^@attribute class {Standing, Running, Walking, Badminton}' "$tmp/unlabelled.arff"
check "... so predict takes them" grep -q '^predictions=57$' \
  <<<"$("$sentio" predict --model="$tmp/har.model" --data="$tmp/unlabelled.arff" 2>&1)"
out=$("$sentio" predict --model="$tmp/har.model" --data="$csv" --time=t_ms --ignore=subject \
  --resample_hz=10 2>&1)
check "predict the labelled log" grep -qE '^accuracy=(0\.9|1\.0)' <<<"$out"

awk 'NR > 1 { print "s" int((NR - 2) / 10) }' <(grep -v '^[@#]' "$train_ts" | grep -v '^$' | sed '1i x') \
  >"$tmp/groups.txt"
out=$("$sentio" eval --data="$train_ts" --groups="$tmp/groups.txt" --window=50 2>&1)
check ".ts with a groups file: leave-one-group-out" \
  grep -q '^Evaluation: leave-one-group-out over the 4 groups' <<<"$out"
head -n 3 "$tmp/groups.txt" >"$tmp/short_groups.txt"
check ".ts: a groups file of the wrong length" grep -q 'short_groups.txt: 3 group names for 40 cases' \
  <<<"$("$sentio" eval --data="$train_ts" --groups="$tmp/short_groups.txt" 2>&1)"

tr ',' '\t' <"$csv" >"$tmp/log.tsv"
out=$("$sentio" eval --data="$tmp/log.tsv" --time=t_ms --group=subject 2>&1)
check "tab-separated log gives the same result" test "$(tail -n 1 <<<"$out")" = "$acc"

err() { "$sentio" "$@" 2>&1 >/dev/null; }
check "unknown class column named with the header" \
  grep -q "basic_motions_imu.csv:1: --class=label: no such column (the header has t_ms," \
  <<<"$(err eval --data="$csv" --class=label)"
check "unknown ignored column" grep -q -- "--ignore=speed: no such column" \
  <<<"$(err eval --data="$csv" --ignore=speed)"
awk -F, 'NR == 1 || $8 == "s1"' "$csv" >"$tmp/one_subject.csv"
check "one group" grep -q "the group column 'subject' has one value (s1)" \
  <<<"$(err eval --data="$tmp/one_subject.csv" --group=subject)"
awk -F, 'NR == 1 || $9 == "Walking"' "$csv" >"$tmp/one_class.csv"
check "one class" grep -q "the class column 'activity' has one value (Walking)" \
  <<<"$(err eval --data="$tmp/one_class.csv" --ignore=t_ms)"
awk 'NR == 6 { held = $0; next } { print } NR == 7 { print held }' "$csv" >"$tmp/backwards.csv"
check "time going backwards names the line" \
  grep -q "backwards.csv:7: column 't_ms': .* is not after the previous row's" \
  <<<"$(err features --data="$tmp/backwards.csv" --time=t_ms --set=stats --out="$tmp/x.arff")"
check "nothing written on failure" test ! -e "$tmp/x.arff"
awk -F, -v OFS=, 'NR > 1 && $8 != last { start = $1; last = $8 } NR > 1 { $1 -= start } 1' "$csv" \
  >"$tmp/clock_per_subject.csv"
check "a clock that restarts per subject needs --group" grep -q "times must increase" \
  <<<"$(err train --data="$tmp/clock_per_subject.csv" --time=t_ms --out="$tmp/y.model")"
check "... and trains with it" grep -q '^model=' <<<"$("$sentio" train \
  --data="$tmp/clock_per_subject.csv" --time=t_ms --time_unit=ms --group=subject --out="$tmp/y.model")"
check "a misspelt flag gets the closest one" grep -q "unknown flag --resample_hzz (did you mean --resample_hz?)" \
  <<<"$(err features --data="$csv" --time=t_ms --set=stats --out="$tmp/z.arff" --resample_hzz=10)"

echo "$failures failed"
exit $((failures > 0))
