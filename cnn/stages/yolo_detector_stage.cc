// YoloDetectorStage: finds objects in each video frame with a YOLO detector (a model with YOLO
// heads, e.g. a Darknet .cfg and its .weights, or the input side packet MODEL from CnnModelLoader;
// cnn/vision/yolo_decode.h), exactly as `sentio cnn
// detect` does: the frame converted to RGB, resized to the model's input and scaled by 1/255, run
// on the engine `engine` with `threads` threads, boxes above `threshold` kept after class-wise
// non-maximum suppression at `nms`. Each frame gives one Detections packet (possibly empty) with
// the boxes in the frame's pixels, the class names from `names` (a file, one per line) when given,
// and the engine's time on the frame.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/import/model_loader.h"
#include "cnn/stages/cnn_stage_options.h"
#include "cnn/stages/yolo_detector_stage.pb.h"
#include "cnn/vision/detection_records.h"
#include "cnn/vision/frame_to_rgb.h"
#include "cnn/vision/image_preprocess.h"
#include "cnn/vision/yolo_decode.h"
#include "sensing/class_names.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class YoloDetectorStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"VIDEO", PayloadType::kVideoFrame}};
    contract.outputs = {{"DETECTIONS", PayloadType::kDetections}};
    contract.emits_at_input_time = true;  // each frame's detections, at the frame's time
    contract.input_side_packets = {ModelSidePacketSpec()};
    contract.options_message = YoloDetectorStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const YoloDetectorStageOptions options = StageOptions<YoloDetectorStageOptions>(context);
    ASSIGN_OR_RETURN(engine_, MakeStageEngine(context));
    threshold_ = static_cast<float>(options.threshold());
    nms_ = static_cast<float>(options.nms());
    if (!(threshold_ >= 0 && threshold_ <= 1) || !(nms_ >= 0 && nms_ <= 1)) {
      return absl::InvalidArgumentError("options threshold and nms must be in [0, 1]");
    }
    ASSIGN_OR_RETURN(std::shared_ptr<const StageModel> shared, StageModelFor(context, 0));
    const std::string& path = shared->path;
    ASSIGN_OR_RETURN(cnn::Model model, StageModelCopy(context, *shared));
    if (model.yolo_head_size() == 0 || model.input_size() != 1 || model.input(0).dims_size() != 4 ||
        model.input(0).dims(1) != 3) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": detection needs YOLO heads and one [N, 3, H, W] input"));
    }
    input_height_ = static_cast<int>(model.input(0).dims(2));
    input_width_ = static_cast<int>(model.input(0).dims(3));
    if (!options.names().empty()) {
      ASSIGN_OR_RETURN(names_, ReadClassNames(options.names()));
    }
    structure_ = cnn::import::WithoutWeightValues(model);
    absl::Status loaded = engine_->Load(std::move(model));
    if (!loaded.ok()) {
      return absl::Status(loaded.code(), absl::StrCat(path, ": ", loaded.message()));
    }
    return EnableStageFrameCache(context, *engine_);
  }

  absl::Status Process(StageContext& context) override {
    const VideoFrame& frame = *context.input().Get<VideoFrame>();
    ASSIGN_OR_RETURN(const cnn::vision::RgbImage image, cnn::vision::FrameToRgb(frame));
    ASSIGN_OR_RETURN(cnn::Tensor input, cnn::vision::ImageToInputTensor(image, input_width_,
                                                                        input_height_, 1.0f / 255));
    cnn::engine::TensorMap inputs;
    inputs.emplace(structure_.input(0).name(), std::move(input));
    const auto start = std::chrono::steady_clock::now();
    ASSIGN_OR_RETURN(const cnn::engine::TensorMap outputs, engine_->Run(inputs));
    const double inference_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSIGN_OR_RETURN(const std::vector<cnn::vision::Detection> found,
                     cnn::vision::DetectObjects(structure_, outputs, threshold_, nms_));
    Detections detections = cnn::vision::ToDetectionsRecord(found, frame.index, image.width,
                                                            image.height, names_, inference_ms);
    context.Emit(0, Packet::Make(context.input().timestamp_us(), std::move(detections)));
    return absl::OkStatus();
  }

 private:
  float threshold_ = 0.25f;
  float nms_ = 0.45f;
  int input_width_ = 0;
  int input_height_ = 0;
  std::vector<std::string> names_;
  std::unique_ptr<cnn::engine::Engine> engine_;
  cnn::Model structure_;
};

SENTIO_REGISTER_STAGE(YoloDetectorStage);

}  // namespace
}  // namespace sentio
