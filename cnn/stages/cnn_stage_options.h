// What every CNN stage does when it opens with the options `model` (a model file,
// cnn/import/model_loader.h), `weights` (for Caffe and Darknet), `engine` (a registered engine,
// cnn/engine/engine_registry.h), `threads`, `precision` (fp32, or fp16 weight storage) and the
// convolutional cache's `cache`, `cache_layers` and `cache_refresh`, read by name and checked in
// one place. Each stage declares them as fields of its options message
// (cnn/stages/cnn_inference_stage.proto, cnn/stages/yolo_detector_stage.proto).
//
// Instead of `model`, a node may bind the input side packet MODEL (kind "cnn.Model"): a model
// CnnModelLoader loaded once, which several CNN nodes then share (each still has its own engine).
#ifndef CNN_STAGES_CNN_STAGE_OPTIONS_H_
#define CNN_STAGES_CNN_STAGE_OPTIONS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "cnn/engine/engine.h"
#include "cnn/ir/model.pb.h"
#include "sensing/stage.h"

namespace sentio {

// A model as CNN stages share it: the model, and the files it came from (a model with symbolic
// input sizes is imported again for each shape it runs at).
struct StageModel {
  std::string path;
  std::string weights;
  cnn::Model model;
};

// The side packet a CNN stage declares (optional): MODEL, kind "cnn.Model", holding a StageModel.
SidePacketSpec ModelSidePacketSpec();

// The files `model` and `weights` name, loaded.
absl::StatusOr<std::shared_ptr<const StageModel>> LoadStageModel(const StageContext& context);

// The stage's model: its MODEL side packet (input side packet `port`) where the node binds it,
// otherwise LoadStageModel; exactly one of the two must be given.
absl::StatusOr<std::shared_ptr<const StageModel>> StageModelFor(const StageContext& context,
                                                                int port);

// The stage's own copy of `shared`'s model, its weights stored as halves with `precision` fp16
// (cnn/transforms/half_weights.h: rounded to half precision, arithmetic stays fp32).
absl::StatusOr<cnn::Model> StageModelCopy(const StageContext& context, const StageModel& shared);

// With `cache` set (a chi-square threshold in [0, 1]), turns on convolutional caching across
// frames on `engine`, which holds the model (cnn/engine/engine.h FrameCacheOptions; `cache_layers`
// 0: the engine chooses how many convolutions; `cache_refresh`: frames between whole
// recomputations, 0: never).
absl::Status EnableStageFrameCache(const StageContext& context, cnn::engine::Engine& engine);

// A new engine named by `engine`, with `threads` threads (checked: 1 to 1024).
absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> MakeStageEngine(const StageContext& context);

// As MakeStageEngine, for `model`: when one of its inputs has symbolic dimensions (an ONNX export
// with dynamic height and width), an engine that runs each packet at its tensor's shape, planning
// once per shape (cnn/engine/dynamic_shape_engine.h).
absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> MakeStageEngineFor(const StageContext& context,
                                                                        const StageModel& model);

}  // namespace sentio

#endif  // CNN_STAGES_CNN_STAGE_OPTIONS_H_
