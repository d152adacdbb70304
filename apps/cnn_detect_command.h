// `sentio cnn detect`: a YOLO detector (a model with cnn.YoloHead records, e.g. a Darknet .cfg
// with its .weights) run on the frames of a .y4m video, each frame resized to the model's input
// size and scaled to [0, 1] as cv::dnn::blobFromImage(frame, 1 / 255, size, swapRB) does.
//
//   sentio cnn detect --model=M [--weights=W] --video=F.y4m [--threshold=0.25] [--nms=0.45]
//                     [--start=0] [--frames=all] [--engine=cpu|reference] [--threads=1]
//                     [--cache=CHI2 [--cache_layers=N|auto] [--cache_refresh=30]] [--timing]
//                     [--names=F] [--json=F.jsonl] [--out_video=F.y4m] [--precision=fp32|fp16]
//     Per frame, `time frame=N ms=T` (T: the engine's run), then one line per box after class-wise
//     non-maximum suppression: `frame=N class=C score=S left=L top=T width=W height=H` (pixels of
//     the video); the last line is `detections=N`, the number of boxes. The video is read one
//     frame at a time, as it streams through (memory stays flat over any length).
//     --names (class names, one per line) adds `label=NAME` after the class; --json writes a JSON
//     line per frame (sensing/record_formatting.h DetectionsJson); --out_video writes the video
//     with the boxes drawn (sensing/frame_drawing.h), complete or not at all. The graph stages
//     YoloDetectorStage, JsonLinesDetectionSink, DetectionOverlayStage and Y4mFileSink give the same.
//     --precision=fp16 stores the weights as halves (cnn/transforms/half_weights.h).
//     --cache turns on convolutional caching (cnn/engine/engine.h FrameCacheOptions) with that
//     chi-square threshold for a block to count as changed: the first N convolutions (auto: the
//     engine chooses) recompute only what changed blocks reach, the whole frame is recomputed
//     every --cache_refresh frames (0: never) and on a scene cut. Each frame then also gets a line
//     `cache frame=N ms=T changed_blocks=S reused=R whole=0|1` instead of the time line (R: the
//     share of the cached layers' outputs kept), and a summary line precedes the last. Without the
//     cache, --timing adds a summary line of the mean time per frame.
#ifndef APPS_CNN_DETECT_COMMAND_H_
#define APPS_CNN_DETECT_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunCnnDetectCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_CNN_DETECT_COMMAND_H_
