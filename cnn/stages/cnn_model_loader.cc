// CnnModelLoader: loads a model (`model`, with `weights` for Caffe and Darknet;
// cnn/import/model_loader.h) once when the graph opens and shares it as the output side packet
// MODEL, which CnnInferenceStage and YoloDetectorStage nodes bind instead of loading the file each:
//
//   node { name: "model" stage: "CnnModelLoader" output_side_packet: "model"
//          option { name: "model" string_value: "digits_cnn.onnx" } }
//   node { name: "cnn" stage: "CnnInferenceStage" input_side_packet: "model" ... }
//
// It has no streams: it opens, loads, and closes.
#include <memory>

#include "base/status_macros.h"
#include "cnn/stages/cnn_model_loader.pb.h"
#include "cnn/stages/cnn_stage_options.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class CnnModelLoader : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    SidePacketSpec model = ModelSidePacketSpec();
    model.optional = false;
    contract.output_side_packets = {model};
    contract.options_message = CnnModelLoaderOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    ASSIGN_OR_RETURN(std::shared_ptr<const StageModel> model, LoadStageModel(context));
    context.SetOutputSidePacket(0, SidePacket::Make(std::move(model)));
    return absl::OkStatus();
  }

  absl::Status Process(StageContext&) override {
    return absl::InternalError("CnnModelLoader has no inputs to process");
  }
};

SENTIO_REGISTER_STAGE(CnnModelLoader);

}  // namespace
}  // namespace sentio
