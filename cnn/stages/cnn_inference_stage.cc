// CnnInferenceStage: runs a CNN on each tensor of a stream (a spectrogram, an image): the model
// (`model`, with `weights` for Caffe and Darknet; cnn/import/model_loader.h, or the input side
// packet MODEL from CnnModelLoader) is loaded once when the graph opens, on the engine `engine` (cnn/engine/engine_registry.h: cpu, opencl, reference)
// with `threads` threads; each TENSORS packet is the model's single input and the output named
// `output` (default: the model's first) leaves with the same timestamp. A model exported with
// symbolic input dimensions runs at each tensor's shape.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/stages/cnn_inference_stage.pb.h"
#include "cnn/stages/cnn_stage_options.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class CnnInferenceStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"TENSORS", PayloadType::kTensor}};
    contract.outputs = {{"TENSORS", PayloadType::kTensor}};
    contract.input_side_packets = {ModelSidePacketSpec()};
    contract.options_message = CnnInferenceStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const CnnInferenceStageOptions options = StageOptions<CnnInferenceStageOptions>(context);
    ASSIGN_OR_RETURN(std::shared_ptr<const StageModel> shared, StageModelFor(context, 0));
    ASSIGN_OR_RETURN(engine_, MakeStageEngineFor(context, *shared));
    const std::string& path = shared->path;
    ASSIGN_OR_RETURN(cnn::Model model, StageModelCopy(context, *shared));
    if (model.input_size() != 1) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": the model has ", model.input_size(),
                                                     " inputs; this stage feeds one"));
    }
    input_ = model.input(0).name();
    output_ = options.output();
    if (output_.empty()) output_ = model.output(0).name();
    bool found = false;
    for (const auto& output : model.output()) found = found || output.name() == output_;
    if (!found) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": the model has no output '", output_, "'"));
    }
    absl::Status loaded = engine_->Load(std::move(model));
    if (!loaded.ok()) {
      return absl::Status(loaded.code(), absl::StrCat(path, ": ", loaded.message()));
    }
    return EnableStageFrameCache(context, *engine_);
  }

  absl::Status Process(StageContext& context) override {
    const TensorPayload& payload = *context.input().Get<TensorPayload>();
    ASSIGN_OR_RETURN(cnn::Tensor input, cnn::Tensor::FromValues(payload.shape, payload.data));
    cnn::engine::TensorMap inputs;
    inputs.emplace(input_, std::move(input));
    ASSIGN_OR_RETURN(cnn::engine::TensorMap outputs, engine_->Run(inputs));
    const cnn::Tensor output = outputs.at(output_).ToFloat32();
    TensorPayload result;
    result.shape = output.shape();
    result.data.assign(output.data(), output.data() + output.size());
    context.Emit(0, Packet::Make(context.input().timestamp_us(), std::move(result)));
    return absl::OkStatus();
  }

 private:
  std::unique_ptr<cnn::engine::Engine> engine_;
  std::string input_;
  std::string output_;
};

SENTIO_REGISTER_STAGE(CnnInferenceStage);

}  // namespace
}  // namespace sentio
