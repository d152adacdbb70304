// Y4mFileSink: writes a stream of video frames to the .y4m file at `path` (sensing/y4m_writer.h:
// complete or absent, never truncated), e.g. the annotated frames of DetectionOverlayStage. The
// frame rate is `fps`, or when 0 the rate of the first two frames' timestamps (30 for a single
// frame). Frames of another size than the first are an error naming the file.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "base/status_macros.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/y4m_file_sink.pb.h"
#include "sensing/y4m_writer.h"

namespace sentio {
namespace {

class Y4mFileSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"VIDEO", PayloadType::kVideoFrame}};
    contract.options_message = Y4mFileSinkOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const Y4mFileSinkOptions options = StageOptions<Y4mFileSinkOptions>(context);
    path_ = options.path();
    fps_ = options.fps();
    if (!(fps_ >= 0 && fps_ <= 1000)) {
      return absl::InvalidArgumentError("option fps must be in [0, 1000] (0: from the frames)");
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const VideoFrame& frame = *context.input().Get<VideoFrame>();
    if (writer_) return writer_->Write(frame);
    if (!first_) {
      first_ = frame;
      first_timestamp_us_ = context.input().timestamp_us();
      return absl::OkStatus();
    }
    const double fps =
        fps_ > 0 ? fps_
                 : 1e6 / std::max<int64_t>(1, context.input().timestamp_us() - first_timestamp_us_);
    RETURN_IF_ERROR(StartVideo(std::min(fps, 1000.0)));
    return writer_->Write(frame);
  }

  absl::Status Close(StageContext& context) override {
    if (!writer_ && first_) RETURN_IF_ERROR(StartVideo(fps_ > 0 ? fps_ : 30));
    if (writer_) RETURN_IF_ERROR(writer_->Close());
    return absl::OkStatus();
  }

 private:
  // Creates the file (the rate as a fraction over 1000) and writes the held first frame.
  absl::Status StartVideo(double fps) {
    ASSIGN_OR_RETURN(writer_,
                     Y4mWriter::Create(path_, first_->width, first_->height, first_->format,
                                       static_cast<int>(std::lround(fps * 1000)), 1000));
    RETURN_IF_ERROR(writer_->Write(*first_));
    first_.reset();
    return absl::OkStatus();
  }

  std::string path_;
  double fps_ = 0;
  std::unique_ptr<Y4mWriter> writer_;
  std::optional<VideoFrame> first_;  // held until the second frame gives the rate
  int64_t first_timestamp_us_ = 0;
};

SENTIO_REGISTER_STAGE(Y4mFileSink);

}  // namespace
}  // namespace sentio
