#include "cnn/vision/detection_records.h"

namespace sentio::cnn::vision {

Detections ToDetectionsRecord(const std::vector<Detection>& found, int64_t frame_index,
                              int frame_width, int frame_height,
                              const std::vector<std::string>& names, double inference_ms) {
  Detections record;
  record.frame_index = frame_index;
  record.frame_width = frame_width;
  record.frame_height = frame_height;
  record.inference_ms = inference_ms;
  for (const Detection& d : found) {
    DetectedObject object;
    object.class_id = d.class_id;
    if (d.class_id >= 0 && d.class_id < static_cast<int>(names.size())) {
      object.label = names[d.class_id];
    }
    object.score = d.score;
    object.left = d.box.left * frame_width;
    object.top = d.box.top * frame_height;
    object.width = d.box.width * frame_width;
    object.height = d.box.height * frame_height;
    record.objects.push_back(std::move(object));
  }
  return record;
}

}  // namespace sentio::cnn::vision
