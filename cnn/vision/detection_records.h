// YOLO detections (cnn/vision/yolo_decode.h, boxes in fractions of the image) as the Detections
// record of one video frame (sensing/packet.h: boxes in pixels, class names), which the graph's
// detection sinks and `sentio cnn detect`'s outputs share.
#ifndef CNN_VISION_DETECTION_RECORDS_H_
#define CNN_VISION_DETECTION_RECORDS_H_

#include <string>
#include <vector>

#include "cnn/vision/yolo_decode.h"
#include "sensing/packet.h"

namespace sentio::cnn::vision {

// `names[class_id]` labels a detection when there is such a name.
Detections ToDetectionsRecord(const std::vector<Detection>& found, int64_t frame_index,
                              int frame_width, int frame_height,
                              const std::vector<std::string>& names, double inference_ms);

}  // namespace sentio::cnn::vision

#endif  // CNN_VISION_DETECTION_RECORDS_H_
