#!/bin/bash
# Yolo-Fastest 1.1 (body, 320x320) forward time: `sentio cnn bench` (CPU engine) against OpenCV
# DNN (cv2 4.6, /usr/bin/python3), one thread each, rounds interleaved so that both see the same
# machine load. Prints each round's median milliseconds per frame.
# Usage: tools/bench_yolo_fastest.sh [rounds=3] [iters=20]   (after bazel build //apps:sentio)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
ITERS=${2:-20}
SENTIO=${SENTIO:-bazel-bin/apps/sentio}
MODEL=../shared/data/models/yolo-fastest-1.1_body
for round in $(seq "$ROUNDS"); do
  ours=$("$SENTIO" cnn bench --model=$MODEL.cfg --weights=$MODEL.weights --threads=1 \
         --iters="$ITERS" --warmup=3 | tail -1)
  opencv=$(/usr/bin/python3 - "$MODEL" "$ITERS" <<'PY'
import statistics, sys, time
import cv2, numpy as np
cv2.setNumThreads(1)
model, iters = sys.argv[1], int(sys.argv[2])
net = cv2.dnn.readNetFromDarknet(model + ".cfg", model + ".weights")
blob = np.random.RandomState(1).rand(1, 3, 320, 320).astype(np.float32)
names = net.getUnconnectedOutLayersNames()
times = []
for i in range(3 + iters):
    net.setInput(blob)
    start = time.perf_counter()
    net.forward(names)
    if i >= 3:
        times.append((time.perf_counter() - start) * 1000)
print("median_ms=%.3f" % statistics.median(times))
PY
)
  echo "round $round: sentio $ours opencv $opencv"
done
