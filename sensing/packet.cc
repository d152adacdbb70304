#include "sensing/packet.h"

namespace sentio {

absl::string_view PayloadTypeName(PayloadType type) {
  switch (type) {
    case PayloadType::kImuBlock:
      return "ImuBlock";
    case PayloadType::kFeatureVector:
      return "FeatureVector";
    case PayloadType::kPrediction:
      return "Prediction";
    case PayloadType::kSegmentLabel:
      return "SegmentLabel";
    case PayloadType::kAudioChunk:
      return "AudioChunk";
    case PayloadType::kVideoFrame:
      return "VideoFrame";
    case PayloadType::kTensor:
      return "Tensor";
    case PayloadType::kFrameBlock:
      return "FrameBlock";
    case PayloadType::kDetections:
      return "Detections";
  }
  return "unknown payload";
}

}  // namespace sentio
