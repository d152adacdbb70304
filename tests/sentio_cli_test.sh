#!/usr/bin/env bash
# The `sentio` command-line contract (docs/ARCHITECTURE.md): summaries, the `key=value` last line,
# and clear errors with a non-zero exit for bad input.
set -uo pipefail

sentio="$1"
data="external/shared_data"
scratch="${TEST_TMPDIR:-/tmp}"

source tests/check.sh

# The main job: BasicMotions train -> test.
out=$("$sentio" eval --data="$data/har/BasicMotions_TRAIN.ts" --test="$data/har/BasicMotions_TEST.ts" \
  --classifier=knn --rate_hz=10)
status=$?
last=$(tail -n 1 <<<"$out")
check "har exits 0" test "$status" -eq 0
check "har last line is accuracy=0.xxxx" grep -qE '^accuracy=[01]\.[0-9]{4}$' <<<"$last"
check "har accuracy >= 0.8" awk -F= '{ exit !($2 >= 0.8) }' <<<"$last"
check "har report has the confusion matrix" grep -q 'classified as' <<<"$out"
check "har report names every class" grep -q 'd = Badminton' <<<"$out"

# ARFF with cross-validation and a classifier option.
out=$("$sentio" eval --data="$data/arff/iris.arff" --classifier=knn --k=3 --folds=10 --seed=1)
check "iris cv exits 0" test $? -eq 0
check "iris cv accuracy >= 0.9" awk -F= 'END { exit !($2 >= 0.9) }' <<<"$out"
check "iris cv counts 150 instances" grep -q 'of 150 ' <<<"$out"
out=$("$sentio" eval --data="$data/arff/iris.arff" --classifier=knn --k=5 --distance=manhattan \
  --weighting=inverse --normalization=zscore --search=kdtree)
check "knn options exit 0" test $? -eq 0
check "knn options are described" \
  grep -q 'kNN (k=5, manhattan distance, inverse weighting, zscore normalization, kdtree search)' \
  <<<"$out"
err=$("$sentio" eval --data="$data/arff/iris.arff" --classifier=knn --distance=chebyshev 2>&1 >/dev/null)
check "bad knn option value lists the valid ones" \
  grep -q "distance=chebyshev is not one of: euclidean, manhattan, cosine" <<<"$err"

# ARFF train -> test.
out=$("$sentio" eval --data="$data/arff/segment-challenge.arff" --test="$data/arff/segment-test.arff")
check "segment train/test accuracy line" grep -qE '^accuracy=0\.9[0-9]{3}$' <<<"$(tail -n 1 <<<"$out")"

# CSV: a small table written here.
printf 'x,y,class\n1,1,a\n1.2,0.9,a\n0.8,1.1,a\n5,5,b\n5.2,4.9,b\n4.8,5.1,b\n' >"$scratch/tiny.csv"
out=$("$sentio" eval --data="$scratch/tiny.csv" --folds=3)
check "csv cv accuracy=1.0000" test "$(tail -n 1 <<<"$out")" = "accuracy=1.0000"

# Errors: non-zero exit and a message naming what is wrong.
err=$("$sentio" eval --data="$data/arff/iris.arff" --classifier=svm 2>&1 >/dev/null)
check "unknown classifier exits 1" test $? -eq 1
check "unknown classifier is named" grep -q "unknown classifier 'svm'" <<<"$err"
err=$("$sentio" eval --data="$data/arff/iris.arff" --kk=3 2>&1 >/dev/null)
check "misspelt option is named" grep -q "has no option 'kk'" <<<"$err"
err=$("$sentio" eval --data=/nonexistent.arff 2>&1 >/dev/null)
check "missing file exits 1" test $? -eq 1
check "missing file is named" grep -q "/nonexistent.arff" <<<"$err"
printf '@relation broken\n@attribute a numeric\n@attribute c {x,y}\n@data\n1,z\n' >"$scratch/broken.arff"
err=$("$sentio" eval --data="$scratch/broken.arff" 2>&1 >/dev/null)
check "malformed arff names file and line" grep -q "broken.arff:5" <<<"$err"
err=$("$sentio" eval 2>&1 >/dev/null)
check "missing --data is named" grep -q "missing required flag --data" <<<"$err"
err=$("$sentio" frobnicate 2>&1 >/dev/null)
check "unknown command exits 2" test $? -eq 2
err=$("$sentio" eval --data="$data/har/BasicMotions_TRAIN.ts" --window=500 2>&1 >/dev/null)
check "window longer than cases is named" grep -q "fewer than one window of 500" <<<"$err"

echo "$failures failed"
[[ $failures -eq 0 ]]
