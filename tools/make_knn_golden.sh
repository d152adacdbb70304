#!/bin/bash
# Writes classifiers/testdata/knn_weka.txt, the Weka 3.6 IBk results that tests/knn_weka_test.cc
# compares with: every data set in ../shared/data/arff split by instance parity (even-numbered
# instances train, odd-numbered ones test, counting from 0 in file order, as the test splits
# them), IBk with k = 1, 3, 7, no / inverse (-I) / similarity (-F) distance weighting and
# Euclidean or Manhattan distance (min-max normalised, Weka's default). One line per run:
#   data-set k weighting distance correct test-instances root-mean-squared-error
# Not similarity with Manhattan: IBk's weight 1 - d / sqrt(attributes) goes negative when the
# Manhattan distance d exceeds sqrt(attributes), and Weka then gives negative probabilities or
# throws (ArrayIndexOutOfBoundsException in Evaluation.updateMargins) where Sentio votes 0.
# A run Weka cannot finish becomes a comment line.
# Needs Debian's weka package (apt-get install weka).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$repo/../shared/data/arff}"
weka_jar="${WEKA_JAR:-/usr/share/java/weka.jar}"
out="$repo/classifiers/testdata/knn_weka.txt"

[[ -f "$weka_jar" ]] || { echo "no $weka_jar: apt-get install -y weka" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The header goes to both halves; data lines (not blank, not a % comment) alternate.
split_by_parity() {
  awk -v even="$2" -v odd="$3" '
    !in_data { print > even; print > odd; if (tolower($0) ~ /^@data/) in_data = 1; next }
    /^[ \t]*$/ || /^%/ { next }
    { print > ((n++ % 2 == 0) ? even : odd) }' "$1"
}

declare -A weighting_flag=([uniform]="" [inverse]="-I" [similarity]="-F")
declare -A distance_class=([euclidean]=weka.core.EuclideanDistance
                           [manhattan]=weka.core.ManhattanDistance)

{
  echo "# $(basename "$(readlink -f "$weka_jar")" .jar) IBk, written by tools/make_knn_golden.sh"
  echo "# data-set k weighting distance correct test-instances root-mean-squared-error"
  for arff in "$data"/*.arff; do
    name=$(basename "$arff" .arff)
    split_by_parity "$arff" "$scratch/train.arff" "$scratch/test.arff"
    for k in 1 3 7; do
      for weighting in uniform inverse similarity; do
        for distance in euclidean manhattan; do
          [[ $weighting == similarity && $distance == manhattan ]] && continue
          search="weka.core.neighboursearch.LinearNNSearch -A \"${distance_class[$distance]} -R first-last\""
          # shellcheck disable=SC2086  # the weighting flag is empty or one word
          report=$(java -cp "$weka_jar" weka.classifiers.lazy.IBk -K "$k" \
            ${weighting_flag[$weighting]} -A "$search" -no-cv -o \
            -t "$scratch/train.arff" -T "$scratch/test.arff" 2>&1 || true)
          awk -v prefix="$name $k $weighting $distance" '
            /Error on test data/ { on = 1 }
            on && /^Correctly Classified Instances/ { correct = $4 }
            on && /^Total Number of Instances/ { total = $5 }
            on && /^Root mean squared error/ { rmse = $5 }
            END {
              if (correct == "" || total == "" || rmse == "") exit 1
              print prefix, correct, total, rmse
            }' <<<"$report" ||
            echo "# $name $k $weighting $distance: Weka failed: $(grep -m1 Exception <<<"$report")"
        done
      done
    done
  done
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "$out: $(grep -vc '^#' "$out") results"
