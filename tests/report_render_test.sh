#!/usr/bin/env bash
# `--report=DIR` pages as a browser shows them (issue 16, item 4): each report is rendered by
# headless Chromium (Debian's chromium, installed by tools/setup.sh) to a screenshot that must not
# be blank and to a DOM that must carry the charts' titles and labels; pages hold no script and
# nothing fetched from the network.
set -uo pipefail

sentio="$PWD/$1"
png_ink="$PWD/$2"
shared="$PWD/external/shared_data"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

source tests/check.sh

if ! command -v chromium >/dev/null; then
  echo "FAIL chromium is not installed (tools/setup.sh installs it)"
  exit 1
fi

# Renders $1/index.html: the screenshot to $1.png, the DOM after layout to stdout.
render() {
  local page="file://$1/index.html"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$tmp/chromium" --window-size=1000,1600 --screenshot="$1.png" "$page" \
    >/dev/null 2>&1
  timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chromium" \
    --dump-dom "$page" 2>/dev/null
}

# Checks that the screenshot $1.png shows something: ink above $2 and more than $3 colours.
check_screenshot() {
  local stats
  stats=$("$png_ink" "$1.png")
  check "$(basename "$1"): screenshot is not blank ($stats)" awk -v s="$stats" -v ink="$2" \
    -v colours="$3" 'BEGIN { split(s, f, /[ =]/); exit !(f[6] > ink && f[8] > colours) }'
}

check_page() {
  check "$(basename "$1"): no script" bash -c "! grep -qi '<script' '$1/index.html'"
  check "$(basename "$1"): nothing from the network" bash -c "! grep -qE '(src|href)=\"https?:' '$1/index.html'"
}

# Renders the report in folder $1 and checks its screenshot (ink above $2, more than $3 colours)
# and page; the rendered DOM is left in $dom.
check_report() {
  dom=$(render "$1")
  check_screenshot "$1" "$2" "$3"
  check_page "$1"
}

out=$("$sentio" eval --data="$shared/arff/iris.arff" --report="$tmp/eval" 2>&1)
check "eval names its report" grep -q "^Report: $tmp/eval/index.html$" <<<"$out"
check "eval's last line is still accuracy=" grep -qE '^accuracy=' <<<"$(tail -n 1 <<<"$out")"
check_report "$tmp/eval" 0.05 20
check "eval: confusion matrix heat map" grep -q '>Confusion matrix (shade: share of the actual class)</text>' <<<"$dom"
check "eval: classes on the axes" grep -q '>Iris-versicolor</text>' <<<"$dom"
check "eval: per-class bars" grep -q '>Precision, recall and F1 per class</text>' <<<"$dom"
check "eval: accuracy shown" grep -q '<dt>accuracy</dt><dd>0.9533</dd>' <<<"$dom"

out=$("$sentio" fbank --wav="$shared/audio/fsdd/0_george_0.wav" --num_mel_bins=40 \
  --report="$tmp/fbank" 2>&1)
check "fbank: features still end with frames=" grep -q '^frames=28$' <<<"$(tail -n 1 <<<"$out")"
check_report "$tmp/fbank" 0.02 20
check "fbank: spectrogram titled" grep -q '>Log mel spectrogram of .*0_george_0.wav</text>' <<<"$dom"
check "fbank: time axis" grep -q '>time (s)</text>' <<<"$dom"

models="$shared/models"
out=$("$sentio" cnn profile --model="$models/yolo-fastest-1.1_body.cfg" \
  --weights="$models/yolo-fastest-1.1_body.weights" --iters=2 --warmup=1 --report="$tmp/profile" 2>&1)
check "profile: last line total_ms=" grep -q '^total_ms=' <<<"$(tail -n 1 <<<"$out")"
check_report "$tmp/profile" 0.02 5
check "profile: time per op" grep -q '>Milliseconds per op</text>' <<<"$dom"
check "profile: every layer" grep -q '>conv_0 (Conv+LeakyRelu)</text>' <<<"$dom"

out=$("$sentio" cnn detect --model="$models/yolo-fastest-1.1_body.cfg" \
  --weights="$models/yolo-fastest-1.1_body.weights" --video="$shared/video/road_320x240.y4m" \
  --threshold=0.1 --frames=20 --report="$tmp/detect" 2>&1)
check "detect: last line detections=" grep -q '^detections=' <<<"$(tail -n 1 <<<"$out")"
check_report "$tmp/detect" 0.02 5
check "detect: latency per frame" grep -q '>Latency per frame</text>' <<<"$dom"
check "detect: objects per frame" grep -q '>Objects detected per frame</text>' <<<"$dom"
check "detect: 20 frames" grep -q '<dt>frames run</dt><dd>20</dd>' <<<"$dom"

out=$("$sentio" run --graph="$PWD/apps/har/imu_csv.pbtxt" \
  --set=source.path="$PWD/tests/testdata/basic_motions_imu.csv" \
  --set=classify.train="$shared/har/BasicMotions_TRAIN.ts" --report="$tmp/run" 2>"$tmp/run.err")
check "run: the graph's report line stays last" grep -qE '^accuracy=' <<<"$(tail -n 1 <<<"$out")"
check "run: the page is named on stderr" grep -q "^Report: $tmp/run/index.html" "$tmp/run.err"
check_report "$tmp/run" 0.05 20
check "run: timeline of truth and decisions" grep -q '>Truth and decisions over time</text>' <<<"$dom"
check "run: the truth track" grep -q '>truth: labels</text>' <<<"$dom"
check "run: activities in the legend" grep -q '>Badminton</text>' <<<"$dom"
check "run: decisions scored against the truth" grep -q '>Confusion matrix per decision</text>' <<<"$dom"

check "a report folder that cannot be made is named" grep -q -- "--report=/proc/x: cannot create" \
  <<<"$("$sentio" eval --data="$shared/arff/iris.arff" --report=/proc/x 2>&1)"

echo "$failures failed"
exit $((failures > 0))
