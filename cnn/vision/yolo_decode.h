// Turning the raw outputs of YOLO detection heads (cnn.YoloHead in cnn/ir/model.proto) into scored
// boxes, and class-wise non-maximum suppression, as OpenCV DNN's region layer and
// cv::dnn::NMSBoxes do it:
//   x = (cell x + (logistic(tx) - 0.5) * scale_x_y + 0.5) / grid width, y likewise;
//   w = exp(tw) * anchor width / (input width for [yolo], grid width for [region]), h likewise;
//   score of class c = logistic(objectness) * p(c), p = logistic for [yolo], softmax for [region].
// Each (cell, anchor) gives at most one detection: its best class, when that score exceeds the
// threshold.
#ifndef CNN_VISION_YOLO_DECODE_H_
#define CNN_VISION_YOLO_DECODE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "cnn/engine/engine.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn::vision {

// A box in fractions of the image width and height: (0, 0) is the top-left corner.
struct DetectionBox {
  float left = 0, top = 0, width = 0, height = 0;
};

struct Detection {
  int class_id = 0;
  float score = 0;
  DetectionBox box;
};

// The detections of one head's output (batch size 1) scoring above `score_threshold`, in the
// order cell row, cell column, anchor.
absl::StatusOr<std::vector<Detection>> DecodeYoloHead(const cnn::YoloHead& head,
                                                      const Tensor& output,
                                                      float score_threshold);

// Intersection over union; 0 for boxes without area.
float IntersectionOverUnion(const DetectionBox& a, const DetectionBox& b);

// Greedy suppression within each class: in order of decreasing score (ties keep their order), a
// detection survives when its IoU with every survivor of its class is at most `iou_threshold`.
// Returns the survivors by decreasing score.
std::vector<Detection> SuppressNonMaximum(std::vector<Detection> detections, float iou_threshold);

// Decodes every head of `model` from the engine's `outputs`, then suppresses non-maxima.
absl::StatusOr<std::vector<Detection>> DetectObjects(const cnn::Model& model,
                                                     const engine::TensorMap& outputs,
                                                     float score_threshold, float iou_threshold);

}  // namespace sentio::cnn::vision

#endif  // CNN_VISION_YOLO_DECODE_H_
