#!/usr/bin/env bash
# Batch audio features (issue 16, item 2): `sentio features --wav_dir` over the 2,000 FSDD
# recordings gives one row per file, labelled from the file name, whose values are the mean and
# standard deviation of `sentio mfcc`'s frames for that file; the table trains a classifier.
# `sentio mfcc|fbank` take many WAVs (--wav repeated, --wav_list in Kaldi's scp form) and write
# frames to a Kaldi text archive, CSV or .npy. Bad directories, patterns, sets and lists are named.
set -uo pipefail

sentio="$PWD/$1"
fsdd="$PWD/external/shared_data/audio/fsdd"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

source tests/check.sh

out=$("$sentio" features --wav_dir="$fsdd" --label_regex='^([0-9])_' --set=mfcc-stats \
  --out="$tmp/fsdd.arff" 2>&1)
check "one instance per file" grep -q '^instances=2000$' <<<"$out"
check "ten labels from the names" grep -q '2000 WAV files at 8000 Hz, [0-9]* frames, 10 labels' <<<"$out"
check "26 features: mean and std of 13 MFCCs" grep -q '26 features' <<<"$out"
check "ARFF declares the digits" grep -q '^@attribute class {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}' "$tmp/fsdd.arff"

# The first data row is 0_george_0.wav (name order): its c0.mean and c0.std equal the mean and
# population deviation of column 1 of `sentio mfcc` on that file.
row=$(sed -n '/^@data/,$p' "$tmp/fsdd.arff" | sed -n 2p)
expected=$("$sentio" mfcc --wav="$fsdd/0_george_0.wav" 2>/dev/null | grep -v '^frames=' |
  awk '{ s += $1; q += $1 * $1; n++ } END { m = s / n; printf "%.6g %.6g", m, sqrt(q / n - m * m) }')
actual=$(awk -F, '{ printf "%.6g %.6g", $1, $14 }' <<<"$row")
check "pooled values match sentio mfcc ($actual vs $expected)" \
  awk -v a="$actual" -v e="$expected" 'BEGIN { split(a, x, " "); split(e, y, " ");
    exit !((x[1] - y[1])^2 < 1e-8 * (1 + y[1]^2) && (x[2] - y[2])^2 < 1e-8 * (1 + y[2]^2)) }'

out=$("$sentio" eval --data="$tmp/fsdd.arff" --classifier=knn --k=1 2>&1)
check "the table classifies the digits (10-fold CV, ${out##*accuracy=} >= 0.9)" \
  awk -v a="${out##*accuracy=}" 'BEGIN { exit !(a >= 0.9) }'

out=$("$sentio" features --wav_dir="$fsdd" --files='^3_.*' --label_regex='_([a-z]+)_' \
  --set=fbank-stats --num_mel_bins=40 --out="$tmp/threes.csv" 2>&1)
check "a CSV table: header, one row per file, speakers as the class" \
  test "$(head -n 1 "$tmp/threes.csv" | cut -d, -f1,80,81)" = "c0.mean,c39.std,class" -a \
  "$(wc -l <"$tmp/threes.csv")" -eq 201 -a "$(tail -n +2 "$tmp/threes.csv" | cut -d, -f81 | sort -u | paste -sd,)" = "george,jackson,nicolas,theo"
check "a file pattern, speakers as labels, fbank" grep -q '^instances=200$' <<<"$out"
check "80 fbank features" grep -q '80 features' <<<"$out"

# Many WAVs per call, frames to a file: a Kaldi text archive whose rows are sentio mfcc's own lines.
out=$("$sentio" mfcc --wav="$fsdd/0_george_0.wav" --wav="$fsdd/1_jackson_3.wav" --out="$tmp/two.ark.txt" 2>&1)
check "mfcc of two WAVs into an archive" grep -q '^Wrote .*two.ark.txt: 2 utterances at 8000 Hz, 13 values per frame$' <<<"$out"
single=$("$sentio" mfcc --wav="$fsdd/1_jackson_3.wav" 2>/dev/null | grep -v '^frames=')
archived=$(sed -n '/^1_jackson_3  \[$/,/ \]$/p' "$tmp/two.ark.txt" | sed '1d; s/^  //; s/ \]$//; s/ $//')
check "the archive holds the same frames as stdout" test "$archived" = "$single"
check "frames= counts both files" test "$(tail -n 1 <<<"$out")" = "frames=$(( $(grep -c '^  ' "$tmp/two.ark.txt") ))"
printf 'george0 %s\n\n%s\n' "$fsdd/0_george_0.wav" "$fsdd/2_theo_1.wav" >"$tmp/list.scp"
"$sentio" fbank --wav_list="$tmp/list.scp" --out="$tmp/list.csv" >/dev/null 2>&1
check "a Kaldi scp list: ids given or taken from the name" \
  test "$(cut -d, -f1 "$tmp/list.csv" | uniq | paste -sd,)" = "utterance,george0,2_theo_1"
"$sentio" mfcc --wav="$fsdd/0_george_0.wav" --out="$tmp/one.npy" >/dev/null 2>&1
check "one WAV as .npy" test "$(head -c 6 "$tmp/one.npy" | tail -c 5)" = "NUMPY"

err() { "$sentio" "$@" 2>&1 >/dev/null; }
check "several WAVs need --out" grep -q "2 WAV files need --out=F" \
  <<<"$(err mfcc --wav="$fsdd/0_george_0.wav" --wav="$fsdd/1_jackson_3.wav")"
printf 'a sox x.wav |\n' >"$tmp/pipe.scp"
check "scp lines with commands are refused, naming the line" grep -q "pipe.scp:1: expected 'ID PATH'" \
  <<<"$(err mfcc --wav_list="$tmp/pipe.scp" --out="$tmp/z.ark.txt")"
check "several utterances in an .npy are refused" grep -q "an .npy file holds one utterance" \
  <<<"$(err mfcc --wav_list="$tmp/list.scp" --out="$tmp/z.npy")"
check "not a directory" grep -q "nope: not a directory" \
  <<<"$(err features --wav_dir="$tmp/nope" --set=mfcc-stats --out="$tmp/x.arff")"
check "a label pattern that finds nothing names the file" grep -q "0_george_0.wav: the label pattern" \
  <<<"$(err features --wav_dir="$fsdd" --label_regex='^(x)' --set=mfcc-stats --out="$tmp/x.arff")"
mkdir -p "$tmp/no_wavs"
check "an empty directory of WAVs is named" grep -q "no_wavs: no file name matches" \
  <<<"$(err features --wav_dir="$tmp/no_wavs" --set=mfcc-stats --out="$tmp/x.arff")"
check "no file matches" grep -q "no file" \
  <<<"$(err features --wav_dir="$fsdd" --files='.*\.flac' --set=mfcc-stats --out="$tmp/x.arff")"
check "unknown set" grep -q "audio feature sets are mfcc-stats and fbank-stats" \
  <<<"$(err features --wav_dir="$fsdd" --set=mfcc --out="$tmp/x.arff")"
check "nothing written on failure" test ! -e "$tmp/x.arff"

echo "$failures failed"
exit $((failures > 0))
