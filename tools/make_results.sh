#!/usr/bin/env bash
# Writes docs/RESULTS.md: every registered classifier on every ARFF set in ../shared/data/arff
# (10-fold stratified cross-validation, seed 1) and on BasicMotions (train -> test, through the
# window-statistics pipeline), with Weka J48's reference accuracy alongside.
#   usage: bash tools/make_results.sh [classifier ...]   (default: every classifier sentio lists
#   that needs no per-data-set file, plus the variants below). A classifier may carry options:
#   "gmm:regularization=0.1,components=3" runs --classifier=gmm --regularization=0.1 --components=3.
set -euo pipefail
cd "$(dirname "$0")/.."

bazel build -c opt //apps:sentio >/dev/null 2>&1
sentio="bazel-bin/apps/sentio"
data="$(cd ../shared/data && pwd)"
if [[ $# -gt 0 ]]; then
  classifiers=("$@")
else
  # "rules" needs a hand-written rule file per data set, so it is not run on every set.
  mapfile -t classifiers < <("$sentio" help 2>&1 | sed -n 's/.*known classifiers: //p' \
    | tr ',' '\n' | tr -d ' ' | grep -vx rules)
  # GMMs on data with many repeated values (diabetes' zeros) need more than scikit-learn's
  # default regularisation of 1e-6.
  classifiers+=("gmm:regularization=0.1")
fi

# The sentio eval flags of a classifier spec "name[:option=value,...]".
classifier_flags() {
  local name=${1%%:*} options
  echo "--classifier=$name"
  if [[ $1 == *:* ]]; then
    IFS=',' read -ra options <<<"${1#*:}"
    printf -- '--%s\n' "${options[@]}"
  fi
}

# J48's 10-fold CV accuracy from the reference table, or "" when the set is not in it.
j48_reference() {
  awk -F'|' -v name="$1" '$2 ~ "^ *" name " *$" { gsub(/ /, "", $4); print $4 }' \
    "$data/arff/J48_REFERENCE.md"
}

# The accuracy figure of one evaluation; when it cannot run, "n/a" and the reason goes to
# $reasons, listed under the table.
reasons=$(mktemp)
accuracy_of() {
  local output
  if output=$("$sentio" eval "$@" 2>&1); then
    tail -n 1 <<<"$output" | sed 's/accuracy=//'
  else
    echo "n/a"
    echo "- \`sentio eval $*\`: $(tail -n 1 <<<"$output" | sed 's/^sentio eval: //')" \
      | sed "s|$data/||g" >>"$reasons"
  fi
}

{
  echo "# Results on real data"
  echo
  echo "Produced by \`bash tools/make_results.sh\` on $(date -u +%Y-%m-%d). ARFF sets: 10-fold stratified"
  echo "cross-validation with seed 1 (our fold assignment, not Weka's, so figures may differ from Weka's"
  echo "by a point or two for the same model). BasicMotions: train on TRAIN, classify every TEST case"
  echo "from windows of 50 samples every 25 (per-channel statistics)."
  echo
  printf "| data set | J48 (Weka 3.6.14) |"
  for c in "${classifiers[@]}"; do printf " %s |" "${c/:/ }"; done
  printf "\n|---|---|"
  for c in "${classifiers[@]}"; do printf "%s" "---|"; done
  echo
  for arff in "$data"/arff/*.arff; do
    name=$(basename "$arff" .arff)
    reference=$(j48_reference "$name")
    printf "| %s | %s |" "$name" "${reference:+$(awk -v r="$reference" 'BEGIN { printf "%.4f", r / 100 }')}"
    for c in "${classifiers[@]}"; do
      mapfile -t flags < <(classifier_flags "$c")
      printf " %s |" "$(accuracy_of --data="$arff" "${flags[@]}")"
    done
    echo
  done
  printf "| BasicMotions (train/test) | |"
  for c in "${classifiers[@]}"; do
    mapfile -t flags < <(classifier_flags "$c")
    printf " %s |" "$(accuracy_of --data="$data/har/BasicMotions_TRAIN.ts" \
      --test="$data/har/BasicMotions_TEST.ts" --rate_hz=10 "${flags[@]}")"
  done
  echo
  if [[ -s "$reasons" ]]; then
    echo
    echo "Not applicable (n/a):"
    echo
    cat "$reasons"
  fi
  # Sections other tools measure (e.g. tools/tucker2_tradeoff.sh), kept as they were written.
  for part in docs/results/*.md; do
    echo
    cat "$part"
  done
} > docs/RESULTS.md
rm -f "$reasons"
echo "wrote docs/RESULTS.md"
