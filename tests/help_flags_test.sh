#!/usr/bin/env bash
# `sentio help CMD` (issue 16, item 6): every command's help names every flag the command reads.
# For each command, a run with valid inputs and one made-up flag fails with "unknown flag
# --zz_unknown (...); this command takes --a, --b, ..." (CommandLine lists the flags the command
# asked for); each of those must appear in `sentio help CMD`. Also: `sentio CMD --help`, the
# closest flag for a misspelt one, the closest command for a misspelt command.
set -uo pipefail

sentio="$PWD/$1"
shared="$PWD/external/shared_data"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

source tests/check.sh

wav="$shared/audio/fsdd/0_george_0.wav"
models="$shared/models"
csv="$PWD/tests/testdata/basic_motions_imu.csv"
# command words | valid flags (the made-up flag is added)
cases=(
  "mfcc|--wav=$wav"
  "fbank|--wav=$wav"
  "features|--data=$shared/har/BasicMotions_TRAIN.ts --set=stats --out=$tmp/f.arff"
  "features|--data=$csv --time=t_ms --set=stats --out=$tmp/f.arff"
  "features|--wav_dir=$shared/audio/fsdd --files=^0_george_0.* --set=mfcc-stats --out=$tmp/f.arff"
  "predict|--model=$tmp/iris.model --data=$shared/arff/iris.arff"
  "run|--graph=$PWD/apps/har/imu_csv.pbtxt"
  "stages|"
  "cnn eval|--model=$shared/models/mnist.onnx --images=x --labels=y"
  "cnn bench|--model=$models/mnist.onnx"
  "cnn profile|--model=$models/mnist.onnx"
  "cnn convert|--model=$models/mnist.onnx --out=$tmp/m.pb"
  "cnn decompose|--model=$models/mnist.onnx --out=$tmp/d.pb --ranks=vbmf"
  "cnn detect|--model=$models/yolo-fastest-1.1_body.cfg --video=$shared/video/road_320x240.y4m"
  "cnn run|--model=$models/mnist.onnx --input=x.npy --output_dir=$tmp/o"
)
"$sentio" train --data="$shared/arff/iris.arff" --out="$tmp/iris.model" >/dev/null
for case in "${cases[@]}"; do
  words=${case%%|*}
  read -r -a valid <<<"${case#*|}"
  # shellcheck disable=SC2086
  err=$("$sentio" $words "${valid[@]}" --zz_unknown=1 2>&1 >/dev/null)
  takes=$(sed -n 's/.*unknown flag --zz_unknown[^;]*; this command takes //p' <<<"$err")
  check "'$words' reports the made-up flag" grep -q "unknown flag --zz_unknown" <<<"$err"
  # shellcheck disable=SC2086
  help=$("$sentio" help $words)
  missing=""
  for flag in ${takes//,/ }; do
    grep -q -- "$flag[]=|, )]" <<<"$help " || missing+=" $flag"
  done
  check "help $words names every flag it takes${missing:+ (missing:$missing)}" test -z "$missing"
done

check "sentio CMD --help prints the command's usage" grep -q '^usage: sentio cnn bench --model=M' \
  <<<"$("$sentio" cnn bench --help)"
check "a misspelt command gets the closest one" grep -q "unknown command 'evl' (did you mean 'eval'?)" \
  <<<"$("$sentio" evl 2>&1)"
check "help of an unknown command fails" bash -c "! '$sentio' help nothing >/dev/null 2>&1"

echo "$failures failed"
exit $((failures > 0))
