// FrameTensorStage: turns each video frame into a CNN input tensor [1, 3, height, width]
// (cnn/vision/image_preprocess.h ImageToTensor), for CnnInferenceStage. Options: `width` and
// `height` (the network's input); `fit` stretch (default) | letterbox | crop; `channels` rgb
// (default) | bgr; each value is (pixel * `scale` - `mean`) / `std`, with `scale` 1/255 by default
// and `mean`, `std` three comma-separated numbers in the tensor's channel order (default 0,0,0 and
// 1,1,1; ImageNet's, for torchvision classifiers: 0.485,0.456,0.406 and 0.229,0.224,0.225);
// `pad` the letterbox's border as a pixel value (default 114). The tensor keeps the frame's
// timestamp.
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"
#include "cnn/stages/frame_tensor_stage.pb.h"
#include "cnn/vision/frame_to_rgb.h"
#include "cnn/vision/image_preprocess.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

using cnn::vision::ChannelOrder;
using cnn::vision::FitMode;
using cnn::vision::ImageTensorOptions;

// Three numbers "a,b,c" from option `name`, whose value is `text`.
absl::StatusOr<std::array<float, 3>> ParseTriple(const std::string& name, const std::string& text) {
  const std::vector<std::string> parts = absl::StrSplit(text, ',');
  std::array<float, 3> values;
  if (parts.size() != values.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("option ", name, " '", text, "': expected three comma-separated numbers"));
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::optional<double> value = ParseFiniteDouble(parts[i]);
    if (!value) {
      return absl::InvalidArgumentError(
          absl::StrCat("option ", name, " '", text, "': '", parts[i], "' is not a number"));
    }
    values[i] = static_cast<float>(*value);
  }
  return values;
}

absl::StatusOr<ImageTensorOptions> ParseOptions(const FrameTensorStageOptions& stage_options) {
  ImageTensorOptions options;
  const int64_t width = stage_options.width(), height = stage_options.height();
  constexpr int64_t kMaxSide = 1 << 14;
  if (width < 1 || width > kMaxSide || height < 1 || height > kMaxSide) {
    return absl::InvalidArgumentError(absl::StrCat("options width and height: ", width, "x", height,
                                                   " (each 1 to ", kMaxSide, ")"));
  }
  options.width = static_cast<int>(width);
  options.height = static_cast<int>(height);
  const std::string& fit = stage_options.fit();
  if (fit == "stretch") {
    options.fit = FitMode::kStretch;
  } else if (fit == "letterbox") {
    options.fit = FitMode::kLetterbox;
  } else if (fit == "crop") {
    options.fit = FitMode::kCrop;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("option fit '", fit, "': expected stretch, letterbox or crop"));
  }
  const std::string& channels = stage_options.channels();
  if (channels != "rgb" && channels != "bgr") {
    return absl::InvalidArgumentError(
        absl::StrCat("option channels '", channels, "': expected rgb or bgr"));
  }
  options.channels = channels == "rgb" ? ChannelOrder::kRgb : ChannelOrder::kBgr;
  options.scale = static_cast<float>(stage_options.scale());
  ASSIGN_OR_RETURN(options.mean, ParseTriple("mean", stage_options.mean()));
  ASSIGN_OR_RETURN(options.std, ParseTriple("std", stage_options.std()));
  for (float s : options.std) {
    if (s == 0) return absl::InvalidArgumentError("option std: a standard deviation of 0");
  }
  const int64_t pad = stage_options.pad();
  if (pad < 0 || pad > 255) {
    return absl::InvalidArgumentError(absl::StrCat("option pad ", pad, ": expected 0 to 255"));
  }
  options.pad = static_cast<uint8_t>(pad);
  return options;
}

class FrameTensorStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"VIDEO", PayloadType::kVideoFrame}};
    contract.outputs = {{"TENSORS", PayloadType::kTensor}};
    contract.options_message = FrameTensorStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    ASSIGN_OR_RETURN(options_, ParseOptions(StageOptions<FrameTensorStageOptions>(context)));
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const VideoFrame& frame = *context.input().Get<VideoFrame>();
    ASSIGN_OR_RETURN(const cnn::vision::RgbImage image, cnn::vision::FrameToRgb(frame));
    ASSIGN_OR_RETURN(const cnn::Tensor tensor, cnn::vision::ImageToTensor(image, options_));
    TensorPayload payload;
    payload.shape = tensor.shape();
    payload.data.assign(tensor.data(), tensor.data() + tensor.size());
    context.Emit(0, Packet::Make(context.input().timestamp_us(), std::move(payload)));
    return absl::OkStatus();
  }

 private:
  ImageTensorOptions options_;
};

SENTIO_REGISTER_STAGE(FrameTensorStage);

}  // namespace
}  // namespace sentio
