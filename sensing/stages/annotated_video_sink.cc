// AnnotatedVideoSink: writes the video with each frame's detections drawn on it (a box in its
// class's colour, and the class name and score above it; sensing/frame_drawing.h) to the .y4m file
// at `path` (sensing/y4m_writer.h: complete or absent, never truncated). Frames wait for the
// detections of their timestamp; a frame the detector never saw (a real-time stream dropped it
// there) is written as it is once a later frame's detections arrive. The frame rate is `fps`, or
// when 0 the rate of the first two frames' timestamps.
#include <cmath>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "base/status_macros.h"
#include "sensing/frame_drawing.h"
#include "sensing/stage_registry.h"
#include "sensing/y4m_writer.h"

namespace sentio {
namespace {

class AnnotatedVideoSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"VIDEO", PayloadType::kVideoFrame},
                       {"DETECTIONS", PayloadType::kDetections}};
    contract.options = {{"path", OptionType::kString, true, std::nullopt},
                        {"fps", OptionType::kDouble, false, OptionValue(0.0)}};
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    fps_ = context.GetDouble("fps");
    if (!(fps_ >= 0 && fps_ <= 1000)) {
      return absl::InvalidArgumentError("option fps must be in [0, 1000] (0: from the frames)");
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    if (packet.Get<VideoFrame>() != nullptr) {
      frames_.push_back(packet);
      return absl::OkStatus();
    }
    const Detections& detections = *packet.Get<Detections>();
    while (!frames_.empty() && frames_.front().timestamp_us() <= packet.timestamp_us()) {
      const Packet frame = frames_.front();
      frames_.pop_front();
      RETURN_IF_ERROR(Write(context, frame,
                            frame.timestamp_us() == packet.timestamp_us() ? &detections : nullptr));
    }
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    while (!frames_.empty()) {
      RETURN_IF_ERROR(Write(context, frames_.front(), nullptr));
      frames_.pop_front();
    }
    if (!writer_ && pending_first_) RETURN_IF_ERROR(StartVideo(context, 30));
    if (writer_) {
      if (pending_first_) RETURN_IF_ERROR(writer_->Write(*pending_first_));
      RETURN_IF_ERROR(writer_->Close());
    }
    return absl::OkStatus();
  }

 private:
  absl::Status StartVideo(StageContext& context, double fps) {
    const VideoFrame& first = *pending_first_;
    // The rate as a fraction with a denominator of 1000.
    ASSIGN_OR_RETURN(
        writer_, Y4mWriter::Create(context.GetString("path"), first.width, first.height,
                                   first.format, static_cast<int>(std::lround(fps * 1000)), 1000));
    return absl::OkStatus();
  }

  absl::Status Write(StageContext& context, const Packet& packet, const Detections* detections) {
    VideoFrame frame = *packet.Get<VideoFrame>();
    if (detections != nullptr) DrawDetections(*detections, frame);
    if (!writer_) {
      if (!pending_first_) {
        pending_first_ = std::move(frame);
        first_timestamp_us_ = packet.timestamp_us();
        return absl::OkStatus();
      }
      const double fps =
          fps_ > 0 ? fps_ : 1e6 / std::max<int64_t>(1, packet.timestamp_us() - first_timestamp_us_);
      RETURN_IF_ERROR(StartVideo(context, std::min(fps, 1000.0)));
      RETURN_IF_ERROR(writer_->Write(*pending_first_));
      pending_first_.reset();
    }
    return writer_->Write(frame);
  }

  double fps_ = 0;
  std::deque<Packet> frames_;
  std::unique_ptr<Y4mWriter> writer_;
  std::optional<VideoFrame> pending_first_;  // held until the second frame gives the rate
  int64_t first_timestamp_us_ = 0;
};

SENTIO_REGISTER_STAGE(AnnotatedVideoSink);

}  // namespace
}  // namespace sentio
