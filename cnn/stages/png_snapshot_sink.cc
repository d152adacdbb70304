// PngSnapshotSink: writes every `every`-th frame of a video stream (by the frame's number in its
// video) as `dir`/frame_NNNNNN.png (cnn/vision/png_writer.h; the directory is created), e.g. the
// annotated frames of DetectionOverlayStage, for looking at what a detector saw.
#include <filesystem>
#include <string>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "cnn/stages/png_snapshot_sink.pb.h"
#include "cnn/vision/frame_to_rgb.h"
#include "cnn/vision/png_writer.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class PngSnapshotSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"VIDEO", PayloadType::kVideoFrame}};
    contract.options_message = PngSnapshotSinkOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const PngSnapshotSinkOptions options = StageOptions<PngSnapshotSinkOptions>(context);
    every_ = options.every();
    if (every_ < 1) {
      return absl::InvalidArgumentError(absl::StrCat("option every=", every_, " must be >= 1"));
    }
    dir_ = options.dir();
    std::error_code error;
    std::filesystem::create_directories(dir_, error);
    if (error || !std::filesystem::is_directory(dir_)) {
      return absl::NotFoundError(
          absl::StrCat("cannot create the directory ", dir_, error ? ": " + error.message() : ""));
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const VideoFrame& frame = *context.input().Get<VideoFrame>();
    if (frame.index % every_ != 0) return absl::OkStatus();
    ASSIGN_OR_RETURN(const cnn::vision::RgbImage image, cnn::vision::FrameToRgb(frame));
    return cnn::vision::WritePng(absl::StrFormat("%s/frame_%06d.png", dir_, frame.index), image);
  }

 private:
  int64_t every_ = 30;
  std::string dir_;
};

SENTIO_REGISTER_STAGE(PngSnapshotSink);

}  // namespace
}  // namespace sentio
