// Y4mFileSource: replays a YUV4MPEG2 video (sensing/y4m_reader.h) as VideoFrame packets; frame i
// is stamped i / frame rate seconds from 0. Option `replay` paces the frames.
#include <cmath>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"
#include "sensing/y4m_reader.h"

namespace sentio {
namespace {

class Y4mFileSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"VIDEO", PayloadType::kVideoFrame}};
    contract.options = {{"path", OptionType::kString, true, std::nullopt}, ReplayOptionSpec()};
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    ASSIGN_OR_RETURN(const ReplayMode replay, ParseReplayMode(context.GetString("replay")));
    pacer_.emplace(replay, &SourceClock());
    ASSIGN_OR_RETURN(video_, ReadY4mFile(context.GetString("path")));
    frame_period_us_ = 1e6 * video_.frame_rate_denominator / video_.frame_rate_numerator;
    if (frame_period_us_ < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          context.GetString("path"), ": frame rate ", video_.frame_rate_numerator, ":",
          video_.frame_rate_denominator, " is above the 1000000 frames per second a µs clock "
          "can stamp"));
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    if (next_frame_ < video_.frames.size()) {
      const int64_t timestamp = std::llround(next_frame_ * frame_period_us_);
      pacer_->WaitUntilDue(timestamp);
      context.Emit(0, Packet::Make(timestamp, std::move(video_.frames[next_frame_])));
      ++next_frame_;
    }
    if (next_frame_ == video_.frames.size()) context.MarkSourceDone();
    return absl::OkStatus();
  }

 private:
  Y4mVideo video_;
  double frame_period_us_ = 1;
  std::optional<ReplayPacer> pacer_;
  size_t next_frame_ = 0;
};

SENTIO_REGISTER_STAGE(Y4mFileSource);

}  // namespace
}  // namespace sentio
