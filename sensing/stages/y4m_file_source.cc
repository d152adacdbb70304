// Y4mFileSource: replays a YUV4MPEG2 video (sensing/y4m_reader.h) as VideoFrame packets, read one
// frame at a time (memory holds a frame, whatever the video's length); frame i is stamped
// i / frame rate seconds from 0. Option `replay` paces the frames; in real time, a stream with
// the REALTIME policy drops (and counts) the frames its consumer cannot keep up with. `repeat: N`
// plays the video N times in a row, frame numbers and the clock running on.
#include <cmath>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/option_message.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/y4m_file_source.pb.h"
#include "sensing/y4m_reader.h"

namespace sentio {
namespace {

class Y4mFileSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"VIDEO", PayloadType::kVideoFrame}};
    contract.options_message = Y4mFileSourceOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const Y4mFileSourceOptions options = StageOptions<Y4mFileSourceOptions>(context);
    ASSIGN_OR_RETURN(const ReplayMode replay, ParseReplayMode(options.replay()));
    pacer_.emplace(replay, &SourceClock());
    ASSIGN_OR_RETURN(repeat_, RepeatOption(context));
    path_ = options.path();
    ASSIGN_OR_RETURN(Y4mFrameReader reader, Y4mFrameReader::OpenFile(path_));
    reader_.emplace(std::move(reader));
    const Y4mVideo& video = reader_->header();
    frame_period_us_ = 1e6 * video.frame_rate_denominator / video.frame_rate_numerator;
    if (frame_period_us_ < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          path_, ": frame rate ", video.frame_rate_numerator, ":", video.frame_rate_denominator,
          " is above the 1000000 frames per second a µs clock "
          "can stamp"));
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    ASSIGN_OR_RETURN(std::optional<VideoFrame> frame, reader_->Next());
    if (!frame && ++passes_ < repeat_ && reader_->frames_read() > 0) {
      ASSIGN_OR_RETURN(Y4mFrameReader reader, Y4mFrameReader::OpenFile(path_));
      reader_.emplace(std::move(reader));
      ASSIGN_OR_RETURN(frame, reader_->Next());
    }
    if (!frame) {
      context.MarkSourceDone();
      return absl::OkStatus();
    }
    const int64_t index = frames_emitted_++;
    const int64_t timestamp = std::llround(index * frame_period_us_);
    frame->index = index;
    pacer_->WaitUntilDue(timestamp, context);
    context.Emit(0, Packet::Make(timestamp, *std::move(frame)));
    return absl::OkStatus();
  }

 private:
  std::string path_;
  std::optional<Y4mFrameReader> reader_;
  int64_t repeat_ = 1;
  int64_t passes_ = 0;  // complete plays of the file
  int64_t frames_emitted_ = 0;
  double frame_period_us_ = 1;
  std::optional<ReplayPacer> pacer_;
};

SENTIO_REGISTER_STAGE(Y4mFileSource);

}  // namespace
}  // namespace sentio
