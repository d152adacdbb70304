#!/usr/bin/python3
"""Writes cnn/vision/testdata/yolo_fastest_golden.txt: OpenCV DNN's Yolo-Fastest 1.1 (body) detections
on chosen frames of the shared road and highway videos, the reference that
tests/yolo_fastest_test.cc holds our Darknet importer, engine and YOLO decoding to.

Pipeline (as OpenCV's object_detection sample): YUV4MPEG2 I420 frame -> BGR (cv2.cvtColor) ->
cv2.dnn.blobFromImage(scale 1/255, 320x320, swapRB=True, INTER_LINEAR resize, no crop) ->
readNetFromDarknet forward of every [yolo] output -> per row the best class, kept when its score
(objectness * class probability) exceeds THRESHOLD -> class-wise cv2.dnn.NMSBoxes (NMS).

The model is a person detector and the videos show mostly cars: its best scores there are about
0.1-0.3, so THRESHOLD is 0.1, below OpenCV's own cut of class scores at 0.2 (the [yolo] `thresh`
option, which the script lowers in a temporary copy of the cfg so that THRESHOLD alone decides).

Usage: /usr/bin/python3 tools/make_yolo_golden.py [--list]   (run from the repository root)
  --list prints the number of detections of every frame, to choose FRAMES.
"""
import sys
import tempfile

import cv2
import numpy as np

DATA = "../shared/data/"
CFG = DATA + "models/yolo-fastest-1.1_body.cfg"
WEIGHTS = DATA + "models/yolo-fastest-1.1_body.weights"
VIDEOS = {"road": DATA + "video/road_320x240.y4m", "highway": DATA + "video/highway_320x240.y4m"}
OUTPUT = "cnn/vision/testdata/yolo_fastest_golden.txt"
THRESHOLD = 0.1
NMS = 0.4
# (video, frame number from 0): frames with detections chosen with --list, avoiding scores within
# 0.01 of THRESHOLD, and the first frame of each video, where nothing scores above 0.1.
FRAMES = [("road", 0), ("road", 140), ("road", 141), ("road", 143), ("road", 145),
          ("highway", 0), ("highway", 29), ("highway", 32), ("highway", 34), ("highway", 35)]


def read_y4m(path):
    """The frames of an 8-bit 4:2:0 YUV4MPEG2 file as BGR images."""
    data = open(path, "rb").read()
    header_end = data.index(b"\n")
    fields = data[:header_end].split()
    assert fields[0] == b"YUV4MPEG2", path
    width = int(next(f[1:] for f in fields if f.startswith(b"W")))
    height = int(next(f[1:] for f in fields if f.startswith(b"H")))
    colour = next((f[1:] for f in fields if f.startswith(b"C")), b"420jpeg")
    assert colour.startswith(b"420"), colour
    frame_bytes = width * height + 2 * ((width + 1) // 2) * ((height + 1) // 2)
    frames = []
    position = header_end + 1
    while position < len(data):
        line_end = data.index(b"\n", position)
        assert data[position:line_end].startswith(b"FRAME"), position
        start = line_end + 1
        yuv = np.frombuffer(data[start:start + frame_bytes], np.uint8)
        frames.append(cv2.cvtColor(yuv.reshape(height * 3 // 2, width), cv2.COLOR_YUV2BGR_I420))
        position = start + frame_bytes
    return frames


def detect(net, frame):
    """(class, score, left, top, width, height) in pixels of the frame, after NMS."""
    height, width = frame.shape[:2]
    blob = cv2.dnn.blobFromImage(frame, 1 / 255.0, (320, 320), swapRB=True, crop=False)
    net.setInput(blob)
    boxes, scores, classes = [], [], []
    for output in net.forward(net.getUnconnectedOutLayersNames()):
        for row in output:
            class_scores = row[5:]
            best = int(np.argmax(class_scores))
            score = float(class_scores[best])
            if score > THRESHOLD:
                box_width, box_height = row[2] * width, row[3] * height
                boxes.append([float(row[0] * width - box_width / 2),
                              float(row[1] * height - box_height / 2),
                              float(box_width), float(box_height)])
                scores.append(score)
                classes.append(best)
    kept = []
    for class_id in sorted(set(classes)):
        members = [i for i, c in enumerate(classes) if c == class_id]
        chosen = cv2.dnn.NMSBoxes([boxes[i] for i in members], [scores[i] for i in members],
                                  THRESHOLD, NMS)
        kept += [members[int(i)] for i in np.array(chosen).flatten()]
    kept.sort(key=lambda i: -scores[i])
    return [(classes[i], scores[i], *boxes[i]) for i in kept]


def read_net():
    """The network, with OpenCV's internal class score cut lowered below THRESHOLD."""
    cfg = open(CFG).read().replace("[yolo]", "[yolo]\nthresh=%g" % (THRESHOLD / 10))
    with tempfile.NamedTemporaryFile("w", suffix=".cfg") as lowered:
        lowered.write(cfg)
        lowered.flush()
        return cv2.dnn.readNetFromDarknet(lowered.name, WEIGHTS)


def main():
    net = read_net()
    videos = {name: read_y4m(path) for name, path in VIDEOS.items()}
    if "--list" in sys.argv:
        for name, frames in videos.items():
            for number, frame in enumerate(frames):
                found = detect(net, frame)
                if found:
                    print(name, number, " ".join("%.3f" % d[1] for d in found))
        return
    with open(OUTPUT, "w") as out:
        out.write("# Generated by tools/make_yolo_golden.py with OpenCV %s: Yolo-Fastest 1.1 body,\n"
                  "# threshold %g, NMS %g. Per frame: 'frame <video> <number> <detections>', then\n"
                  "# one line per detection: class score left top width height (pixels).\n"
                  % (cv2.__version__, THRESHOLD, NMS))
        for name, number in FRAMES:
            found = detect(net, videos[name][number])
            out.write("frame %s %d %d\n" % (name, number, len(found)))
            for class_id, score, left, top, width, height in found:
                out.write("%d %.5f %.3f %.3f %.3f %.3f\n"
                          % (class_id, score, left, top, width, height))

if __name__ == "__main__":
    main()
