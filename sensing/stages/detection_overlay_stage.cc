// DetectionOverlayStage: draws each frame's detections on it (a box in its class's colour and the
// class name and score above it; sensing/frame_drawing.h) and passes the frames on, in order, for
// the video and snapshot sinks. Its inputs are aligned by timestamp (InputPolicy): each frame
// comes with the detections of its timestamp; a frame the detector never saw (a real-time stream
// dropped it there) comes alone, once the detections have gone past it or ended, and leaves as it
// is.
#include <utility>

#include "sensing/frame_drawing.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class DetectionOverlayStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"VIDEO", PayloadType::kVideoFrame},
                       {"DETECTIONS", PayloadType::kDetections}};
    contract.outputs = {{"VIDEO", PayloadType::kVideoFrame}};
    contract.input_policy = InputPolicy::kAlignedTimestamps;
    contract.emits_at_input_time = true;
    return contract;
  }

  absl::Status Process(StageContext& context) override {
    const Packet* frame = context.input_at(0);
    if (frame == nullptr) return absl::OkStatus();  // detections of a frame not seen here
    const Packet* detections = context.input_at(1);
    if (detections == nullptr) {
      context.Emit(0, *frame);
      return absl::OkStatus();
    }
    VideoFrame drawn = *frame->Get<VideoFrame>();
    DrawDetections(*detections->Get<Detections>(), drawn);
    context.Emit(0, Packet::Make(frame->timestamp_us(), std::move(drawn)));
    return absl::OkStatus();
  }
};

SENTIO_REGISTER_STAGE(DetectionOverlayStage);

}  // namespace
}  // namespace sentio
