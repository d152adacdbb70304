// DetectionOverlayStage: draws each frame's detections on it (a box in its class's colour and the
// class name and score above it; sensing/frame_drawing.h) and passes the frames on, in order, for
// the video and snapshot sinks. Frames wait for the detections of their timestamp; a frame the
// detector never saw (a real-time stream dropped it there) leaves as it is once a later frame's
// detections arrive, and frames still waiting when the streams end leave as they are.
#include <deque>

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
    return contract;
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    if (packet.Get<VideoFrame>() != nullptr) {
      frames_.push_back(packet);
      return absl::OkStatus();
    }
    const Detections& detections = *packet.Get<Detections>();
    while (!frames_.empty() && frames_.front().timestamp_us() <= packet.timestamp_us()) {
      if (frames_.front().timestamp_us() == packet.timestamp_us()) {
        VideoFrame frame = *frames_.front().Get<VideoFrame>();
        DrawDetections(detections, frame);
        context.Emit(0, Packet::Make(packet.timestamp_us(), std::move(frame)));
      } else {
        context.Emit(0, frames_.front());
      }
      frames_.pop_front();
    }
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    for (const Packet& frame : frames_) context.Emit(0, frame);
    frames_.clear();
    return absl::OkStatus();
  }

 private:
  std::deque<Packet> frames_;
};

SENTIO_REGISTER_STAGE(DetectionOverlayStage);

}  // namespace
}  // namespace sentio
