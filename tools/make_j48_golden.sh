#!/bin/bash
# Writes the golden J48 tree printouts that tests/j48_test.cc compares with: Weka 3.6 J48 with its
# defaults (-C 0.25 -M 2) on the full training set of every data set in J48_REFERENCE.md, one file
# classifiers/testdata/j48/<name>.txt each. Needs Debian's weka package (apt-get install weka).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$repo/../shared/data/arff}"
weka_jar="${WEKA_JAR:-/usr/share/java/weka.jar}"
out="$repo/classifiers/testdata/j48"

[[ -f "$weka_jar" ]] || { echo "no $weka_jar: apt-get install -y weka" >&2; exit 1; }
mkdir -p "$out"
for name in iris diabetes glass ionosphere breast-cancer vote soybean labor credit-g \
            weather.numeric segment-challenge; do
  arff="$data/$name.arff"
  [[ -f "$arff" ]] || { echo "missing $arff" >&2; exit 1; }
  # -no-cv: only the model built on the full training set is printed; keep its tree section.
  java -cp "$weka_jar" weka.classifiers.trees.J48 -C 0.25 -M 2 -no-cv -t "$arff" |
    awk '/^J48 (pruned|unpruned) tree/ { on = 1 } on { print } /^Size of the tree/ { exit }' \
    > "$out/$name.txt"
  [[ -s "$out/$name.txt" ]] || { echo "J48 printed no tree for $arff" >&2; exit 1; }
  echo "$out/$name.txt: $(grep -c . "$out/$name.txt") lines"
done
