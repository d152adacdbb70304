// DetectionConsoleSink: prints a video's detections as they arrive, one line per box in the form
// `sentio cnn detect` prints (`frame=N class=C score=S left=L top=T width=W height=H`, pixels;
// with the class name as `label=NAME` after the class when the detector has names), and with
// `timing` a line `time frame=N ms=T` per frame (the detector's time). When the streams end: the
// frames seen, mean and largest detection time, the frame rate achieved over the run (first to
// last frame, wall clock), and the last line `detections=N`.
#include <algorithm>
#include <chrono>
#include <optional>
#include <string>

#include "absl/strings/str_format.h"
#include "sensing/option_message.h"
#include "sensing/record_formatting.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/detection_console_sink.pb.h"

namespace sentio {
namespace {

class DetectionConsoleSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"DETECTIONS", PayloadType::kDetections}};
    contract.options_message = DetectionConsoleSinkOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    timing_ = StageOptions<DetectionConsoleSinkOptions>(context).timing();
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const Detections& detections = *context.input().Get<Detections>();
    const auto now = std::chrono::steady_clock::now();
    if (!first_) first_ = now;
    last_ = now;
    ++frames_;
    total_ms_ += detections.inference_ms;
    max_ms_ = std::max(max_ms_, detections.inference_ms);
    if (timing_) {
      context.out() << absl::StrFormat("time frame=%d ms=%.3f\n", detections.frame_index,
                                       detections.inference_ms);
    }
    context.out() << DetectionLines(detections);
    boxes_ += static_cast<int64_t>(detections.objects.size());
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    if (frames_ > 0) {
      const double seconds = std::chrono::duration<double>(*last_ - *first_).count();
      context.out() << absl::StrFormat(
          "Frames: %d; detector per frame: mean %.2f ms, largest %.2f ms; %s\n", frames_,
          total_ms_ / frames_, max_ms_,
          frames_ > 1 && seconds > 0
              ? absl::StrFormat("%.1f frames per second over the run", (frames_ - 1) / seconds)
              : std::string("one frame"));
    }
    context.out() << "detections=" << boxes_ << "\n";
    return absl::OkStatus();
  }

 private:
  bool timing_ = false;
  int64_t frames_ = 0;
  int64_t boxes_ = 0;
  double total_ms_ = 0;
  double max_ms_ = 0;
  std::optional<std::chrono::steady_clock::time_point> first_, last_;
};

SENTIO_REGISTER_STAGE(DetectionConsoleSink);

}  // namespace
}  // namespace sentio
