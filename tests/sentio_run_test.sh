#!/usr/bin/env bash
# `sentio run` (docs/ARCHITECTURE.md): the BasicMotions graph prints the same last line as `sentio
# eval` on the same data, and so does its sentio_pipeline binary; bad flags or graphs fail with a
# message and a non-zero exit.
set -uo pipefail

sentio="$PWD/$1"
pipeline="$PWD/$2"
graph="$PWD/apps/har/basic_motions.pbtxt"
data="$PWD/external/shared_data"

source tests/check.sh

# The graph reads ../shared/data from the working directory, as from the repository root.
scratch="${TEST_TMPDIR:-$(mktemp -d)}/run"
mkdir -p "$scratch/repository" "$scratch/shared"
ln -sfn "$data" "$scratch/shared/data"
cd "$scratch/repository" || exit 1

run_out=$("$sentio" run --graph="$graph" --threads=2 2>"$scratch/run_err")
check "run exits 0" test $? -eq 0
eval_out=$("$sentio" eval --data="$data/har/BasicMotions_TRAIN.ts" --test="$data/har/BasicMotions_TEST.ts" \
  --classifier=knn --k=1 --window=50 --hop=25 --rate_hz=10)
run_last=$(tail -n 1 <<<"$run_out")
check "run last line is accuracy=0.xxxx" grep -qE '^accuracy=[01]\.[0-9]{4}$' <<<"$run_last"
check "run accuracy equals eval's" test "$run_last" = "$(tail -n 1 <<<"$eval_out")"
check "run prints the confusion matrix" grep -q 'classified as' <<<"$run_out"
check "run reports drops on stderr" grep -q '^Dropped packets: 0$' "$scratch/run_err"

pipeline_out=$("$pipeline" --graph="$graph" --threads=1)
check "pipeline binary exits 0" test $? -eq 0
check "pipeline binary prints the same report" \
  test "$(sed -n '/^Scored/,$p' <<<"$pipeline_out")" = "$(sed -n '/^Scored/,$p' <<<"$run_out")"

# A model file from `sentio features` + `sentio train` in place of training when the graph opens.
"$sentio" features --data="$data/har/BasicMotions_TRAIN.ts" --set=stats --window=50 --hop=25 \
  --rate_hz=10 --out="$scratch/windows.arff" >/dev/null
"$sentio" train --data="$scratch/windows.arff" --classifier=knn --k=1 --out="$scratch/knn.model" \
  >/dev/null
check "train writes a model" test -s "$scratch/knn.model"
sed -e '/name: "classify"/,/^}/{/ train:/d; / classifier:/d; / classifier_options:/d; / window:/d; / hop:/d; / rate_hz:/d}' \
  -e "s|\[type.googleapis.com/sentio.ClassifyStageOptions\] {|&\n      model: \"$scratch/knn.model\"|" \
  "$graph" >"$scratch/with_model.pbtxt"
model_out=$("$sentio" run --graph="$scratch/with_model.pbtxt")
check "graph with a model file exits 0" test $? -eq 0
check "graph with a model file scores as eval does" \
  test "$(tail -n 1 <<<"$model_out")" = "$(tail -n 1 <<<"$eval_out")"

# --set overrides any node option before validation, in `sentio run` and in pipeline binaries.
train_out=$("$sentio" run --graph="$graph" --set=source.path="$data/har/BasicMotions_TRAIN.ts")
check "--set runs the graph on other data" test $? -eq 0
check "--set changed the source (1-NN on its own training windows is exact)" \
  test "$(tail -n 1 <<<"$train_out")" = "accuracy=1.0000"
pipeline_out=$("$pipeline" --graph="$graph" --set=source.path="$data/har/BasicMotions_TRAIN.ts" \
  --set=classify.classifier_options=k=1)
check "pipeline binary takes --set" test "$(tail -n 1 <<<"$pipeline_out")" = "accuracy=1.0000"
err=$("$sentio" run --graph="$graph" --set=windows.window=fifty 2>&1 >/dev/null)
check "ill-typed --set fails" test $? -ne 0
check "ill-typed --set names option and type" grep -q "set=windows.window=fifty: 'fifty' is not an integer" <<<"$err"
err=$("$sentio" run --graph="$graph" --set=recordings.path=x 2>&1 >/dev/null)
check "--set of a missing node names the graph's nodes" grep -q "no node 'recordings' (nodes: source, windows" <<<"$err"

# `sentio stages` lists every stage `sentio run` links, with ports and options.
stages_out=$("$sentio" stages)
check "stages exits 0" test $? -eq 0
ts_source=$(grep -A3 -x 'TsFileSource' <<<"$stages_out")
check "stages lists a source with its outputs" \
  grep -q 'outputs: IMU (ImuBlock), LABELS (SegmentLabel)' <<<"$ts_source"
check "stages shows defaults and required options" \
  grep -q 'options: path (string, required), rate_hz (double, default 1)' <<<"$stages_out"
check "stages last line counts them" grep -qE '^stages=[0-9]+$' <<<"$(tail -n 1 <<<"$stages_out")"
check "stages counts each listed type" \
  test "$(grep -c '^  inputs: ' <<<"$stages_out")" = "$(tail -n 1 <<<"$stages_out" | cut -d= -f2)"

err=$("$sentio" run --graph="$graph" --thread=2 2>&1 >/dev/null)
check "misspelt flag fails" test $? -ne 0
check "misspelt flag is named" grep -q 'thread' <<<"$err"
err=$("$sentio" run --graph="$scratch/missing.pbtxt" 2>&1 >/dev/null)
check "missing graph fails" test $? -ne 0
check "missing graph is named" grep -q 'missing.pbtxt' <<<"$err"
printf 'node {\n  name: "x"\n  stage: "NoSuchStage"\n}\n' >"$scratch/unknown.pbtxt"
err=$("$sentio" run --graph="$scratch/unknown.pbtxt" 2>&1 >/dev/null)
check "unknown stage fails" test $? -ne 0
check "unknown stage lists the registered ones" grep -q 'registered: .*ChannelStatsStage' <<<"$err"

echo "$failures failed"
exit $((failures > 0))
