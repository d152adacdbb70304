#include "cnn/vision/yolo_decode.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio::cnn::vision {

using engine::TensorMap;

namespace {

float Logistic(float x) { return 1.0f / (1.0f + std::exp(-x)); }

}  // namespace

absl::StatusOr<std::vector<Detection>> DecodeYoloHead(const cnn::YoloHead& head,
                                                      const Tensor& output,
                                                      float score_threshold) {
  const int64_t anchors = head.anchors_size() / 2;
  const int64_t classes = head.classes();
  const int64_t per_anchor = 5 + classes;
  const bool is_yolo = head.kind() == cnn::YoloHead::YOLO;
  if (output.rank() != 4 || output.dim(0) != 1 || anchors < 1 || classes < 1 ||
      output.dim(1) != anchors * per_anchor) {
    return absl::InvalidArgumentError(absl::StrCat(
        "YOLO head '", head.output(), "' with ", anchors, " anchors of ", classes,
        " classes cannot decode an output of shape ", ShapeString(output.shape())));
  }
  if (is_yolo && (head.input_width() < 1 || head.input_height() < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("YOLO head '", head.output(), "' has no input size"));
  }
  const int64_t rows = output.dim(2), cols = output.dim(3), plane = rows * cols;
  const float width_norm = is_yolo ? head.input_width() : cols;
  const float height_norm = is_yolo ? head.input_height() : rows;
  const float scale_x_y = head.scale_x_y();
  std::vector<Detection> detections;
  std::vector<float> probabilities(classes);
  for (int64_t y = 0; y < rows; ++y) {
    for (int64_t x = 0; x < cols; ++x) {
      for (int64_t a = 0; a < anchors; ++a) {
        // Channel k of this anchor at this cell.
        auto at = [&](int64_t k) { return output[(a * per_anchor + k) * plane + y * cols + x]; };
        const float objectness = Logistic(at(4));
        if (is_yolo) {
          for (int64_t c = 0; c < classes; ++c) probabilities[c] = Logistic(at(5 + c));
        } else {
          float largest = at(5);
          for (int64_t c = 1; c < classes; ++c) largest = std::max(largest, at(5 + c));
          float total = 0;
          for (int64_t c = 0; c < classes; ++c) {
            probabilities[c] = std::exp(at(5 + c) - largest);
            total += probabilities[c];
          }
          for (float& p : probabilities) p /= total;
        }
        const int64_t best =
            std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin();
        const float score = objectness * probabilities[best];
        if (!(score > score_threshold)) continue;
        const float center_x = (x + (Logistic(at(0)) - 0.5f) * scale_x_y + 0.5f) / cols;
        const float center_y = (y + (Logistic(at(1)) - 0.5f) * scale_x_y + 0.5f) / rows;
        const float width = std::exp(at(2)) * head.anchors(2 * a) / width_norm;
        const float height = std::exp(at(3)) * head.anchors(2 * a + 1) / height_norm;
        Detection detection;
        detection.class_id = static_cast<int>(best);
        detection.score = score;
        detection.box = {center_x - width / 2, center_y - height / 2, width, height};
        detections.push_back(detection);
      }
    }
  }
  return detections;
}

float IntersectionOverUnion(const DetectionBox& a, const DetectionBox& b) {
  const float left = std::max(a.left, b.left), top = std::max(a.top, b.top);
  const float right = std::min(a.left + a.width, b.left + b.width);
  const float bottom = std::min(a.top + a.height, b.top + b.height);
  const float intersection =
      right > left && bottom > top ? (right - left) * (bottom - top) : 0.0f;
  const float union_area = a.width * a.height + b.width * b.height - intersection;
  return union_area > 0 ? intersection / union_area : 0.0f;
}

std::vector<Detection> SuppressNonMaximum(std::vector<Detection> detections, float iou_threshold) {
  std::stable_sort(detections.begin(), detections.end(),
                   [](const Detection& a, const Detection& b) { return a.score > b.score; });
  std::vector<Detection> kept;
  for (const Detection& candidate : detections) {
    const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const Detection& survivor) {
      return survivor.class_id == candidate.class_id &&
             IntersectionOverUnion(survivor.box, candidate.box) > iou_threshold;
    });
    if (!overlaps) kept.push_back(candidate);
  }
  return kept;
}

absl::StatusOr<std::vector<Detection>> DetectObjects(const cnn::Model& model,
                                                     const TensorMap& outputs,
                                                     float score_threshold, float iou_threshold) {
  if (model.yolo_head_size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("model '", model.name(), "' has no detection heads"));
  }
  std::vector<Detection> detections;
  for (const cnn::YoloHead& head : model.yolo_head()) {
    auto it = outputs.find(head.output());
    if (it == outputs.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the engine gave no output '", head.output(), "' for a YOLO head"));
    }
    ASSIGN_OR_RETURN(std::vector<Detection> decoded,
                     DecodeYoloHead(head, it->second, score_threshold));
    detections.insert(detections.end(), decoded.begin(), decoded.end());
  }
  return SuppressNonMaximum(std::move(detections), iou_threshold);
}

}  // namespace sentio::cnn::vision
