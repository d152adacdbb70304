#!/usr/bin/env bash
# Progress lines (issue 16, item 5): on a terminal (a pseudo-terminal made by util-linux `script`)
# long commands draw "what: step N of M (rate/s, ETA m:ss)" on standard error and clear it; when
# standard error is not a terminal they print nothing extra, and standard output is the same
# either way, so scripts reading the last key=value line see no change.
set -uo pipefail

sentio="$PWD/$1"
shared="$PWD/external/shared_data"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

source tests/check.sh

# Runs "$@" with a pseudo-terminal as standard error; standard output goes to $tmp/stdout and the
# terminal's text to stdout of this function.
on_terminal() {
  local command
  printf -v command '%q ' "$@"
  script -qec "$command >$tmp/stdout" /dev/null
}

iris="$shared/arff/iris.arff"
terminal=$(on_terminal "$sentio" eval --data="$iris")
check "eval on a terminal: fold count, rate and ETA" \
  grep -qE 'eval: fold 10 of 10 \([0-9.]+/s, ETA [0-9]+:[0-9]{2}\)' <<<"$terminal"
check "... the line is cleared at the end" grep -q $'\r\x1b\\[K$' <<<"$(tr -d '\n' <<<"$terminal")"
plain=$("$sentio" eval --data="$iris" 2>"$tmp/stderr")
check "not a terminal: nothing on stderr" test ! -s "$tmp/stderr"
check "stdout is the same either way" test "$(cat "$tmp/stdout")" = "$plain"
quiet=$(SENTIO_PROGRESS=0 on_terminal "$sentio" eval --data="$iris")
check "SENTIO_PROGRESS=0 silences the terminal" bash -c "! grep -q 'eval: fold' <<<\"\$0\"" "$quiet"

terminal=$(on_terminal "$sentio" features --wav_dir="$shared/audio/fsdd" --files='^[01]_.*' \
  --label_regex='^([0-9])_' --set=mfcc-stats --out="$tmp/f.arff")
check "features over many files: file count" grep -q 'features: file 400 of 400' <<<"$terminal"
"$sentio" features --wav_dir="$shared/audio/fsdd" --files='^[01]_.*' --label_regex='^([0-9])_' \
  --set=mfcc-stats --out="$tmp/f.arff" >/dev/null 2>"$tmp/stderr"
check "features, not a terminal: nothing on stderr" test ! -s "$tmp/stderr"

models="$shared/models"
terminal=$(on_terminal "$sentio" cnn detect --model="$models/yolo-fastest-1.1_body.cfg" \
  --weights="$models/yolo-fastest-1.1_body.weights" --video="$shared/video/road_320x240.y4m" \
  --frames=5)
check "video detection: frame count" grep -q 'detect: frame 5 of 5' <<<"$terminal"
terminal=$(on_terminal "$sentio" cnn bench --model="$models/mnist.onnx" --iters=20 --warmup=1)
check "benchmark: run count" grep -q 'bench: run 20 of 20' <<<"$terminal"

echo "$failures failed"
exit $((failures > 0))
