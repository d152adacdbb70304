#!/usr/bin/env bash
# Leave-one-speaker-out accuracy of the classic spoken-digit graphs (apps/audio/digits_<model>.pbtxt
# and digits_<model>_train.pbtxt, model gmm or hmm) on the Free Spoken Digit Dataset: for each speaker, the training graph fits the digit models on
# the other speakers' recordings and the recognition graph scores the held-out speaker's. Prints one
# line per speaker, then `loso_accuracy=` (the mean over speakers). Run from the repository root:
#   bash tools/audio_loso.sh [--model=hmm|gmm] [--sentio=PATH] [--data=DIR]
#       [--speakers="george jackson nicolas theo"]
#       [--set=NODE.OPTION=VALUE ...]   (passed to both graphs, e.g. --set=train.components=8)
set -euo pipefail

sentio=""
model="hmm"
data="../shared/data/audio/fsdd"
speakers="george jackson nicolas theo"
overrides=()
for arg in "$@"; do
  case "$arg" in
    --sentio=*) sentio="${arg#*=}" ;;
    --model=*) model="${arg#*=}" ;;
    --data=*) data="${arg#*=}" ;;
    --speakers=*) speakers="${arg#*=}" ;;
    --set=*) overrides+=("$arg") ;;
    *) echo "usage: $0 [--model=gmm|hmm] [--sentio=PATH] [--data=DIR] [--speakers=LIST] [--set=...]" >&2
      exit 2 ;;
  esac
done
if [[ -z "$sentio" ]]; then
  bazel build -c opt //apps:sentio >&2
  sentio="$(bazel info -c opt bazel-bin 2>/dev/null)/apps/sentio"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Overrides for one graph: those naming its nodes (train.* only in training, classify.* only in
# recognition; the front end's in both).
only_for() {
  local skip="$1"
  for o in "${overrides[@]+"${overrides[@]}"}"; do
    [[ "$o" == --set=$skip.* ]] || printf '%s\n' "$o"
  done
}
mapfile -t train_overrides < <(only_for classify)
mapfile -t test_overrides < <(only_for train)

total=0
count=0
for speaker in $speakers; do
  others=$(tr ' ' '\n' <<<"$speakers" | grep -vx "$speaker" | paste -sd'|')
  "$sentio" run --graph=apps/audio/digits_${model}_train.pbtxt --set=source.path="$data" \
    "--set=source.files=.*_($others)_.*\\.wav" --set=train.out="$work/$speaker.model" \
    "${train_overrides[@]+"${train_overrides[@]}"}" >"$work/train_$speaker.txt" 2>&1
  "$sentio" run --graph=apps/audio/digits_${model}.pbtxt --set=source.path="$data" \
    "--set=source.files=.*_${speaker}_.*\\.wav" --set=classify.model="$work/$speaker.model" \
    "${test_overrides[@]+"${test_overrides[@]}"}" >"$work/test_$speaker.txt" 2>/dev/null
  accuracy=$(tail -n 1 "$work/test_$speaker.txt" | sed -n 's/^accuracy=//p')
  utterances=$(grep -c ' truth ' "$work/test_$speaker.txt" || true)
  echo "speaker=$speaker trained_on=$others utterances=$utterances accuracy=$accuracy"
  total=$(awk -v a="$total" -v b="$accuracy" 'BEGIN { print a + b }')
  count=$((count + 1))
done
awk -v t="$total" -v n="$count" 'BEGIN { printf "loso_accuracy=%.4f\n", t / n }'
