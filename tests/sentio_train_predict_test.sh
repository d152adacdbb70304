#!/usr/bin/env bash
# `sentio train` / `sentio predict` (model files) and the hand-written rules classifier, end to end:
# last lines, predictions equal to `sentio eval`'s, and clear errors for bad models and data.
set -uo pipefail

sentio="$1"
rules="$2"
data="external/shared_data"
scratch="${TEST_TMPDIR:-/tmp}"

source tests/check.sh

# Train -> binary model -> predict on the test file: the same accuracy as `sentio eval` reports.
out=$("$sentio" train --data="$data/arff/segment-challenge.arff" --classifier=c45 \
  --out="$scratch/segment.model")
check "train exits 0" test $? -eq 0
check "train last line is model=" test "$(tail -n 1 <<<"$out")" = "model=$scratch/segment.model"
predicted=$("$sentio" predict --model="$scratch/segment.model" --data="$data/arff/segment-test.arff")
check "predict exits 0" test $? -eq 0
evaluated=$("$sentio" eval --data="$data/arff/segment-challenge.arff" \
  --test="$data/arff/segment-test.arff" --classifier=c45)
check "predict accuracy equals eval's" test "$(tail -n 1 <<<"$predicted")" = "$(tail -n 1 <<<"$evaluated")"
check "predict accuracy line" grep -qE '^accuracy=0\.9[0-9]{3}$' <<<"$(tail -n 1 <<<"$predicted")"
check "one prediction per instance" test "$(grep -cE '^[0-9]+ [a-z]+ [01]\.[0-9]{4}$' <<<"$predicted")" -eq 810

# Text-format model with classifier options; kNN with k=1 recalls its own training data.
out=$("$sentio" train --data="$data/arff/iris.arff" --classifier=knn --k=1 --out="$scratch/iris.pbtxt")
check "pbtxt model is text" grep -q 'classifier: "knn"' "$scratch/iris.pbtxt"
check "pbtxt model keeps options" grep -q 'key: "k"' "$scratch/iris.pbtxt"
out=$("$sentio" predict --model="$scratch/iris.pbtxt" --data="$data/arff/iris.arff")
check "knn k=1 recalls iris" test "$(tail -n 1 <<<"$out")" = "accuracy=1.0000"
# Weka's IBk starts every class at 1/150: (1 + 1/150) / (1 + 3/150).
check "first prediction" grep -qx '1 Iris-setosa 0.9869' <<<"$out"

# Every classifier saves and loads: predictions match eval's train/test accuracy.
for classifier in knn nb gmm rf; do
  "$sentio" train --data="$data/arff/segment-challenge.arff" --classifier="$classifier" \
    --out="$scratch/$classifier.model" >/dev/null
  predicted=$("$sentio" predict --model="$scratch/$classifier.model" \
    --data="$data/arff/segment-test.arff" | tail -n 1)
  evaluated=$("$sentio" eval --data="$data/arff/segment-challenge.arff" \
    --test="$data/arff/segment-test.arff" --classifier="$classifier" | tail -n 1)
  check "$classifier predict equals eval ($predicted)" test "$predicted" = "$evaluated"
done

# Records with every class's probability, as CSV or JSON lines, in a file; the summary on stdout.
out=$("$sentio" predict --model="$scratch/iris.pbtxt" --data="$data/arff/iris.arff" --format=csv \
  --out="$scratch/iris_predictions.csv")
check "csv predictions keep the accuracy line" grep -qE '^accuracy=[01]\.[0-9]{4}$' <<<"$(tail -n 1 <<<"$out")"
check "csv has a header with one probability column per class" \
  test "$(head -n 1 "$scratch/iris_predictions.csv")" = \
  "instance,predicted,p_Iris-setosa,p_Iris-versicolor,p_Iris-virginica,actual"
check "csv has a row per instance" test "$(wc -l <"$scratch/iris_predictions.csv")" -eq 151
check "csv probabilities sum to 1" awk -F, 'NR > 1 { s = $3 + $4 + $5; if (s < 0.9999 || s > 1.0001) bad = 1 }
  END { exit bad }' "$scratch/iris_predictions.csv"
check "csv predictions are the text ones" test "$(awk -F, 'NR > 1 { print $1, $2 }' "$scratch/iris_predictions.csv")" = \
  "$("$sentio" predict --model="$scratch/iris.pbtxt" --data="$data/arff/iris.arff" | grep -E '^[0-9]+ ' | cut -d' ' -f1,2)"
"$sentio" predict --model="$scratch/iris.pbtxt" --data="$data/arff/iris.arff" --format=json \
  --out="$scratch/iris_predictions.jsonl" >/dev/null
check "json lines: one object per instance with probabilities and the known class" \
  grep -q '^{"instance":150,"predicted":"Iris-virginica","probabilities":{"Iris-setosa":.*},"actual":"Iris-virginica"}$' \
  "$scratch/iris_predictions.jsonl"
err=$("$sentio" predict --model="$scratch/iris.pbtxt" --data="$data/arff/iris.arff" --format=json 2>&1 >/dev/null)
check "csv/json without --out is refused" grep -q 'needs --out=F' <<<"$err"
err=$("$sentio" predict --model="$scratch/iris.pbtxt" --data="$data/arff/iris.arff" --format=xml --out=x 2>&1 >/dev/null)
check "an unknown format is named" grep -q -- '--format=xml: expected text, csv or json' <<<"$err"

# Data without classes: predictions only.
awk 'toupper($0) ~ /^@DATA/ { print; data = 1; next } data && /^[0-9]/ { sub(/,[^,]*$/, ",?") } { print }' \
  "$data/arff/iris.arff" >"$scratch/unlabelled.arff"
out=$("$sentio" predict --model="$scratch/iris.pbtxt" --data="$scratch/unlabelled.arff")
check "unlabelled data ends with predictions=150" test "$(tail -n 1 <<<"$out")" = "predictions=150"

# Errors: non-zero exit and a message naming what is wrong.
err=$("$sentio" predict --model="$scratch/iris.pbtxt" --data="$data/arff/labor.arff" 2>&1 >/dev/null)
check "header mismatch exits 1" test $? -eq 1
check "header mismatch is named" grep -q "labor.arff does not match the header of" <<<"$err"
sed 's/sepallength/sepal_length/' "$data/arff/iris.arff" >"$scratch/renamed.arff"
check "a renamed attribute is told apart: data versus model" grep -q \
  "attribute 1 differs: 'sepal_length' (numeric) in the data, 'sepallength' (numeric) in the model" \
  <<<"$("$sentio" predict --model="$scratch/iris.pbtxt" --data="$scratch/renamed.arff" 2>&1)"
head -c 200 "$scratch/segment.model" >"$scratch/truncated.model"
err=$("$sentio" predict --model="$scratch/truncated.model" --data="$data/arff/segment-test.arff" 2>&1 >/dev/null)
check "truncated model exits 1" test $? -eq 1
check "truncated model is named" grep -q "truncated.model" <<<"$err"
sed 's/classifier: "knn"/classifier: "svm"/' "$scratch/iris.pbtxt" >"$scratch/svm.pbtxt"
err=$("$sentio" predict --model="$scratch/svm.pbtxt" --data="$data/arff/iris.arff" 2>&1 >/dev/null)
check "unknown classifier in model is named" grep -q "svm.pbtxt: unknown classifier 'svm'" <<<"$err"
err=$("$sentio" predict --model="$scratch/iris.pbtxt" --data="$data/arff/iris.arff" --k=3 2>&1 >/dev/null)
check "predict rejects unknown flags" grep -q "unknown flag --k" <<<"$err"
err=$("$sentio" train --data="$data/arff/iris.arff" 2>&1 >/dev/null)
check "train needs --out" grep -q "missing required flag --out" <<<"$err"
err=$("$sentio" train --data="$data/arff/iris.arff" --out=/nonexistent/dir/m.model 2>&1 >/dev/null)
check "unwritable model path is named" grep -q "/nonexistent/dir/m.model" <<<"$err"

# Hand-written rules on BasicMotions window statistics.
out=$("$sentio" eval --data="$data/har/BasicMotions_TRAIN.ts" --test="$data/har/BasicMotions_TEST.ts" \
  --window=50 --hop=25 --rate_hz=10 --classifier=rules --rules="$rules")
check "rules eval exits 0" test $? -eq 0
check "rules accuracy >= 0.9" awk -F= 'END { exit !($2 >= 0.9) }' <<<"$out"
printf 'if {\n  attribute: "dim_9.std" op: LESS threshold: 1\n  then { label: "Standing" }\n  else { label: "Running" }\n}\n' \
  >"$scratch/bad_rules.pbtxt"
err=$("$sentio" eval --data="$data/har/BasicMotions_TRAIN.ts" --classifier=rules \
  --rules="$scratch/bad_rules.pbtxt" 2>&1 >/dev/null)
check "unknown attribute in rules names the line" grep -q "bad_rules.pbtxt:1: 'dim_9.std' is not an attribute" <<<"$err"

echo "$failures failed"
[[ $failures -eq 0 ]]
