#!/usr/bin/env bash
# Makes the report screenshots the README shows (docs/images/report_*.png): the HAR graph's run
# report on the timestamped BasicMotions log and the evaluation report of the same log read as
# recordings, rendered by headless Chromium. Run from the repository root after
# `bazel build //apps:sentio`.
set -euo pipefail
sentio=bazel-bin/apps/sentio
tmp=/tmp/sentio-reports  # a short, fixed name: the pages show the command that made them
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
"$sentio" run --graph=apps/har/imu_csv.pbtxt --report="$tmp/run" >/dev/null 2>&1
"$sentio" eval --data=tests/testdata/basic_motions_imu.csv --time=t_ms --group=subject \
  --report="$tmp/eval" >/dev/null
shoot() {  # $1: report folder, $2: PNG, $3: window size
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/chromium" \
    --window-size="$3" --screenshot="$PWD/$2" "file://$1/index.html" >/dev/null 2>&1
  echo "wrote $2"
}
shoot "$tmp/run" docs/images/report_run_har.png 1000,860
shoot "$tmp/eval" docs/images/report_eval_har_csv.png 1000,1250
