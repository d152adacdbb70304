#!/usr/bin/env bash
# The main job: sets up the machine, builds `sentio`, and recognises activities in the real
# BasicMotions smartwatch recordings: trains on TRAIN, classifies every TEST case, and prints the
# per-class counts, the confusion matrix and the accuracy.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh
data="$(cd ../shared/data/har && pwd)"
bazel build -c opt //apps:sentio
bazel-bin/apps/sentio eval --data="$data/BasicMotions_TRAIN.ts" --test="$data/BasicMotions_TEST.ts" \
  --classifier=knn --rate_hz=10 "$@"
