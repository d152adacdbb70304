#!/usr/bin/env bash
# The people-detection graphs (apps/vision/detect_people*.pbtxt) with Yolo-Fastest on a real
# video: the streaming graph finds exactly the boxes `sentio cnn detect` finds frame by frame, its
# JSON lines hold one object per frame, the last line is detections=N; the live graph replays at the
# video's pace and reports dropped frames.
set -uo pipefail

sentio="$PWD/$1"
graph="$PWD/apps/vision/detect_people.pbtxt"
live_graph="$PWD/apps/vision/detect_people_live.pbtxt"
names="$PWD/apps/vision/person.names"
data="$PWD/external/shared_data"
video="$data/video/highway_320x240.y4m"
cfg="$data/models/yolo-fastest-1.1_body.cfg"
weights="$data/models/yolo-fastest-1.1_body.weights"

source tests/check.sh

scratch="${TEST_TMPDIR:-$(mktemp -d)}/vision"
mkdir -p "$scratch"
cd "$scratch" || exit 1
settings=(--set=source.path="$video" --set=detect.model="$cfg" --set=detect.weights="$weights"
  --set=detect.names="$names" --set=detect.threshold=0.1 --set=detections.path="$scratch/d.jsonl"
  --set=video.path="$scratch/annotated.y4m")

out=$("$sentio" run --graph="$graph" "${settings[@]}" --set=snapshots.dir="$scratch/snapshots" \
  2>"$scratch/stderr")
check "detection graph exits 0" test $? -eq 0
batch=$("$sentio" cnn detect --model="$cfg" --weights="$weights" --video="$video" --threshold=0.1 \
  --nms=0.45)
check "cnn detect exits 0" test $? -eq 0
check "the graph finds boxes" grep -q '^frame=' <<<"$out"
check "the graph's boxes are cnn detect's, frame by frame" \
  test "$(grep '^frame=' <<<"$out" | sed 's/ label=person//')" = "$(grep '^frame=' <<<"$batch")"
check "boxes carry the class name" grep -q '^frame=[0-9]* class=0 label=person score=' <<<"$out"
check "the last line is cnn detect's detections=" test "$(tail -n 1 <<<"$out")" = "$(tail -n 1 <<<"$batch")"
check "the summary gives the detector's time and frame rate" \
  grep -qE '^Frames: 51; detector per frame: mean [0-9.]+ ms, largest [0-9.]+ ms; [0-9.]+ frames per second' <<<"$out"
check "one JSON line per frame" test "$(wc -l <"$scratch/d.jsonl")" -eq 51
check "JSON lines name frame and boxes" \
  grep -q '^{"timestamp_us":[0-9]*,"frame":[0-9]*,"width":320,"height":240,"inference_ms":[0-9.e-]*,"objects":\[{"class":0,"label":"person","score":' "$scratch/d.jsonl"
check "JSON lines count the boxes" \
  test "$(grep -o '"class":' "$scratch/d.jsonl" | wc -l)" = "$(tail -n 1 <<<"$out" | cut -d= -f2)"

check "the annotated video is written" test -s "$scratch/annotated.y4m"
header_bytes=$(head -n 1 "$scratch/annotated.y4m" | wc -c)
check "it has every frame (51 of 6 + 320 x 240 x 1.5 bytes)" \
  test "$(stat -c %s "$scratch/annotated.y4m")" -eq $((header_bytes + 51 * (6 + 115200)))
check "its header keeps size and the video's 10 fps" \
  grep -aq '^YUV4MPEG2 W320 H240 F10000:1000 ' "$scratch/annotated.y4m"
# The frames after each file's header line: the video's own where nothing is found, changed where
# boxes are drawn.
frames_of() { tail -n +2 "$1"; }
"$sentio" run --graph="$graph" "${settings[@]}" --set=detect.threshold=1 \
  --set=snapshots.dir="$scratch/no_snapshots" --set=video.path="$scratch/unannotated.y4m" \
  --set=detections.path="$scratch/none.jsonl" >/dev/null 2>&1
check "with nothing detected the written frames are the video's" \
  cmp -s <(frames_of "$scratch/unannotated.y4m") <(frames_of "$video")
check "boxes change the frames" \
  test "$(cmp -s <(frames_of "$scratch/annotated.y4m") <(frames_of "$video"); echo $?)" -ne 0
check "no partial file is left" test ! -e "$scratch/annotated.y4m.partial"
check "PNG snapshots of frames 0 and 50" \
  test "$(ls "$scratch/snapshots" | paste -sd,)" = "frame_000000.png,frame_000050.png"
check "snapshots are PNG images" \
  test "$(head -c 8 "$scratch/snapshots/frame_000050.png" | od -An -tx1 | tr -d ' ')" = "89504e470d0a1a0a"

# cnn detect writes the same JSON lines (but the measured time) and the same annotated video.
"$sentio" cnn detect --model="$cfg" --weights="$weights" --video="$video" --threshold=0.1 \
  --names="$names" --json="$scratch/batch.jsonl" --out_video="$scratch/batch.y4m" >"$scratch/batch.txt"
check "cnn detect with names labels its boxes" \
  test "$(grep '^frame=' "$scratch/batch.txt")" = "$(grep '^frame=' <<<"$out")"
strip_time() { sed 's/"inference_ms":[0-9.e+-]*,//' "$1"; }
check "cnn detect --json equals the graph's JSON lines" \
  test "$(strip_time "$scratch/batch.jsonl")" = "$(strip_time "$scratch/d.jsonl")"
check "cnn detect --out_video has the graph's annotated frames (headers state the rate apart)" \
  cmp -s <(tail -n +2 "$scratch/batch.y4m") <(tail -n +2 "$scratch/annotated.y4m")

# The detector's precision and convolutional cache options give cnn detect's boxes with the same
# flags; a value the option does not take stops the graph before it runs.
boxes() { grep '^frame=' | sed 's/ label=person//'; }
for variant in "precision=fp16|--precision=fp16" "cache=0.005 cache_layers=1|--cache=0.005 --cache_layers=1"; do
  read -r -a options <<<"${variant%%|*}"
  read -r -a flags <<<"${variant#*|}"
  graph_boxes=$("$sentio" run --graph="$graph" "${settings[@]}" "${options[@]/#/--set=detect.}" \
    --set=snapshots.dir="$scratch/variant_snapshots" 2>/dev/null | boxes)
  batch_boxes=$("$sentio" cnn detect --model="$cfg" --weights="$weights" --video="$video" \
    --threshold=0.1 "${flags[@]}" | boxes)
  check "the graph with ${variant%%|*} finds cnn detect's boxes" \
    test -n "$graph_boxes" -a "$graph_boxes" = "$batch_boxes"
done
check "an unknown precision is refused before the run" \
  grep -q "node 'detect' (YoloDetectorStage): option 'precision' is \"fp8\"; accepted: fp32, fp16" \
  <<<"$("$sentio" run --graph="$graph" "${settings[@]}" --set=detect.precision=fp8 2>&1)"

# Live: 51 frames at the video's 10 fps take about 5 s; the detector keeps up or drops frames.
start=$(date +%s%N)
live=$("$sentio" run --graph="$live_graph" "${settings[@]}" 2>"$scratch/live_stderr")
check "live graph exits 0" test $? -eq 0
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check "live graph takes the video's time (${elapsed_ms} ms >= 4900)" test "$elapsed_ms" -ge 4900
check "live graph reports the real-time stream's drops" \
  grep -qE '^  frames: 51, [0-9]+, [0-9]+; 1 of 1 \(real-time\)(; [0-9]+ consumers)?$' "$scratch/live_stderr"
check "live graph ends with detections=" grep -qE '^detections=[0-9]+$' <<<"$(tail -n 1 <<<"$live")"

err=$("$sentio" run --graph="$graph" "${settings[@]}" --set=snapshots.dir="$scratch/snapshots" \
  --set=detect.names="$scratch/none.names" 2>&1 >/dev/null)
check "a missing names file fails naming it" grep -q "none.names" <<<"$err"
stages=$("$sentio" stages)
for stage in YoloDetectorStage DetectionConsoleSink JsonLinesDetectionSink DetectionOverlayStage Y4mFileSink \
  PngSnapshotSink CnnInferenceStage \
  TopClassStage UtteranceTensorStage; do
  check "sentio stages lists $stage" grep -qx "$stage" <<<"$stages"
done

echo "$failures failed"
exit $((failures > 0))
