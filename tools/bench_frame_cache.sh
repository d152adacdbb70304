#!/usr/bin/env bash
# Convolutional caching (`sentio cnn detect --cache`) with Yolo-Fastest on the fixed-camera videos
# of ../shared/data/video and on a panning video made from a still frame
# (tools/make_panning_video.py): per-frame engine time with the cache against without it
# (`sentio cnn detect --timing`, same frames, model and threads; means over the frames, then over
# the rounds), the share of the cached layers' outputs reused, and the boxes (score >= 0.05)
# against the uncached run's
# (tests/match_detections.awk). Interleaved rounds; plots per-frame time and reuse for each video
# to OUT/frame_cache_<video>.png (Debian's python3-matplotlib).
#
#   bash tools/bench_frame_cache.sh [--rounds=3] [--cache=0.005] [--layers=auto] [--out=DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/bench_cnn_common.sh

rounds=3
threshold=0.005
layers=auto
out_dir=/tmp/sentio_frame_cache
bazel_args=()
for arg in "$@"; do
  case "$arg" in
    --rounds=*) rounds="${arg#--rounds=}" ;;
    --cache=*) threshold="${arg#--cache=}" ;;
    --layers=*) layers="${arg#--layers=}" ;;
    --out=*) out_dir="${arg#--out=}" ;;
    *) echo "unknown argument $arg" >&2; exit 2 ;;
  esac
done
build_sentio
mkdir -p "$out_dir"
data=../shared/data
model=(--model="$data/models/yolo-fastest-1.1_body.cfg" --weights="$data/models/yolo-fastest-1.1_body.weights")
/usr/bin/python3 tools/make_panning_video.py "$data/video/road_320x240.y4m" "$out_dir/pan.y4m" 60
declare -A videos=([highway]="$data/video/highway_320x240.y4m" [road]="$data/video/road_320x240.y4m"
                   [pan]="$out_dir/pan.y4m")
names=(highway road pan)

declare -A cached uncached reused changed
for ((round = 1; round <= rounds; ++round)); do
  for name in "${names[@]}"; do
    "$sentio" cnn detect "${model[@]}" --video="${videos[$name]}" --threads=2 --threshold=0.05 \
      --timing >"$out_dir/$name.uncached.out"
    uncached[$name]+="$(awk '/^time frame=/ { split($3, t, "="); s += t[2]; n++ } END { printf "%.4f", s / n }' \
      "$out_dir/$name.uncached.out") "
    "$sentio" cnn detect "${model[@]}" --video="${videos[$name]}" --threads=2 --threshold=0.05 \
      --cache="$threshold" --cache_layers="$layers" >"$out_dir/$name.cached.out"
    cached[$name]+="$(awk '/^cache frame=/ { split($3, t, "="); s += t[2]; n++ } END { printf "%.4f", s / n }' \
      "$out_dir/$name.cached.out") "
    reused[$name]=$(awk '/^cache frame=/ { split($5, r, "="); s += r[2]; n++ } END { printf "%.1f", 100 * s / n }' \
      "$out_dir/$name.cached.out")
    changed[$name]=$(awk '/^cache frame=/ { split($4, r, "="); s += r[2]; n++ } END { printf "%.1f", 100 * s / n }' \
      "$out_dir/$name.cached.out")
  done
done
mean() { tr ' ' '\n' <<<"$1" | awk 'NF { s += $1; n++ } END { printf "%.3f", s / n }'; }
echo "Yolo-Fastest, 2 threads, --cache=$threshold --cache_layers=$layers, $rounds rounds"
echo "| video | uncached ms per frame | cached ms per frame | uncached / cached | blocks changed | outputs reused | boxes: uncached, cached, matched |"
echo "|---|---:|---:|---:|---:|---:|---|"
for name in "${names[@]}"; do
  ms=$(mean "${cached[$name]}")
  base=$(mean "${uncached[$name]}")
  boxes=$(awk -f tests/match_detections.awk "$out_dir/$name.uncached.out" "$out_dir/$name.cached.out" |
    sed 's/reference=\([0-9]*\) other=\([0-9]*\) matched=\([0-9]*\)/\1, \2, \3/')
  echo "| $name | $base | $ms | $(awk -v a="$base" -v b="$ms" 'BEGIN { printf "%.2fx", a / b }') | ${changed[$name]} % | ${reused[$name]} % | $boxes |"
  /usr/bin/python3 - "$out_dir/$name.cached.out" "$base" "$out_dir/frame_cache_$name.png" "$name" <<'PY'
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
frames, ms, reused = [], [], []
for line in open(sys.argv[1]):
    if line.startswith("cache frame="):
        fields = dict(item.split("=") for item in line.split()[1:])
        frames.append(int(fields["frame"]))
        ms.append(float(fields["ms"]))
        reused.append(100 * float(fields["reused"]))
figure, axes = plt.subplots(figsize=(7, 4))
axes.plot(frames, ms, label="cached, ms per frame")
axes.axhline(float(sys.argv[2]), color="gray", linestyle="--", label="uncached (mean)")
axes.set_xlabel("frame")
axes.set_ylabel("ms")
other = axes.twinx()
other.plot(frames, reused, color="tab:green", alpha=0.6, label="outputs reused (%)")
other.set_ylabel("outputs of cached layers reused (%)")
other.set_ylim(0, 100)
axes.set_title("Yolo-Fastest with convolutional caching: " + sys.argv[4])
lines = axes.get_legend_handles_labels()
more = other.get_legend_handles_labels()
axes.legend(lines[0] + more[0], lines[1] + more[1], loc="upper right", fontsize=8)
figure.tight_layout()
figure.savefig(sys.argv[3], dpi=90)
PY
done
echo "plots=$out_dir/frame_cache_*.png"
