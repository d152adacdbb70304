#!/usr/bin/env bash
# Measures the people-detection graphs (apps/vision/detect_people*.pbtxt) on the CPU engine:
# (1) memory over video length: the lossless graph on the road video and on the same frames
#     repeated 10 times (1500 frames), peak RSS from /usr/bin/time; it should not grow;
# (2) real time: the live graph on the road video restamped at 30 fps (a 30 fps 320x240 camera),
#     frames dropped by its one-frame real-time queue, and the frame rate the detector sustained.
# Prints one key=value line per figure. Run from the repository root:
#   bash tools/bench_vision_graph.sh [--sentio=PATH] [--threads=1]
set -euo pipefail

sentio=""
threads=1
for arg in "$@"; do
  case "$arg" in
    --sentio=*) sentio="${arg#*=}" ;;
    --threads=*) threads="${arg#*=}" ;;
    *) echo "usage: $0 [--sentio=PATH] [--threads=N]" >&2; exit 2 ;;
  esac
done
if [[ -z "$sentio" ]]; then
  bazel build -c opt //apps:sentio >&2
  sentio="$(bazel info -c opt bazel-bin 2>/dev/null)/apps/sentio"
fi
video="../shared/data/video/road_320x240.y4m"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The road video's frames at 30 fps, once and ten times over.
header=$(head -n 1 "$video")
body_offset=$((${#header} + 2))
sed 's/ F[0-9]*:[0-9]* / F30:1 /' <<<"$header" >"$work/road30.y4m"
tail -c +"$body_offset" "$video" >>"$work/road30.y4m"
cp "$work/road30.y4m" "$work/road30x10.y4m"
for _ in $(seq 9); do tail -c +"$body_offset" "$video" >>"$work/road30x10.y4m"; done

rss_kb() {  # peak resident memory of the graph on video $1, in KiB
  /usr/bin/time -f '%M' -o "$work/rss" "$sentio" run --graph=apps/vision/detect_people.pbtxt \
    --set=source.path="$1" --set=detect.threads="$threads" --set=detections.path="$work/d.jsonl" \
    --set=video.path="$work/v.y4m" --set=snapshots.dir="$work/snapshots" >"$work/out" 2>/dev/null
  cat "$work/rss"
}
echo "frames_150_peak_rss_kib=$(rss_kb "$work/road30.y4m")"
echo "frames_1500_peak_rss_kib=$(rss_kb "$work/road30x10.y4m")"
echo "lossless_summary=$(grep '^Frames:' "$work/out")"

"$sentio" run --graph=apps/vision/detect_people_live.pbtxt --set=source.path="$work/road30.y4m" \
  --set=detect.threads="$threads" --set=detections.path="$work/d.jsonl" \
  --set=video.path="$work/v.y4m" >"$work/live_out" 2>"$work/live_err"
frames_line=$(grep '^  frames: ' "$work/live_err")
echo "live_frames_stream=${frames_line#  frames: }"
echo "live_dropped=$(sed -E 's/^  frames: [0-9]+, [0-9]+, ([0-9]+);.*/\1/' <<<"$frames_line")"
echo "live_summary=$(grep '^Frames:' "$work/live_out")"
