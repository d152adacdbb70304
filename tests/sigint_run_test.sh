#!/usr/bin/env bash
# Ctrl-C during `sentio run` (issue 17, item 5): the live BasicMotions graph (a 400 s real-time
# replay) gets SIGINT after a few seconds and must stop within a second or two (a source waiting
# for its next packet's time wakes up), exit 1 saying the graph was cancelled, print what it had
# printed so far, and account for every packet of every stream:
# produced x consumers = consumed + dropped + still queued.
set -uo pipefail

sentio="$PWD/$1"
shared="$PWD/external/shared_data/har"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

source tests/check.sh

"$sentio" run --graph="$PWD/apps/har/basic_motions_live.pbtxt" \
  --set=source.path="$shared/BasicMotions_TEST.ts" --set=classify.train="$shared/BasicMotions_TRAIN.ts" \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 6
kill -INT "$pid"
start=$(date +%s)
wait "$pid"
status=$?
took=$(($(date +%s) - start))

check "exits 1 (got $status)" test "$status" -eq 1
check "stops within 2 s of the signal (took $took s)" test "$took" -le 2
check "says the graph was cancelled" grep -q "the graph was cancelled" "$tmp/err"
check "what it decided before is on stdout" grep -qE '^ +[0-9.]+ s +(Standing|Running|Walking|Badminton)' "$tmp/out"
check "the stream counts are printed" grep -q '^Streams (packets produced' "$tmp/err"
check "every packet is accounted for" awk '
  /^  [a-z_]+: / {
    split($0, part, /[:;,]/); produced = part[2]; consumed = part[3]; dropped = part[4]
    queued = 0; if (match($0, /; [0-9]+ still queued/)) { split(substr($0, RSTART + 2), q, " "); queued = q[1] }
    consumers = 1; if (match($0, /; [0-9]+ consumers/)) { split(substr($0, RSTART + 2), c, " "); consumers = c[1] }
    seen++; if (produced * consumers != consumed + dropped + queued) bad++
  }
  END { exit !(seen > 0 && bad == 0) }' "$tmp/err"

echo "$failures failed"
exit $((failures > 0))
