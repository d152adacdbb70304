// What every CNN stage does when it opens with the options `model` (a model file,
// cnn/import/model_loader.h), `weights` (for Caffe and Darknet), `engine` (a registered engine,
// cnn/engine/engine_registry.h) and `threads`, read by name and checked in one place. Each stage
// declares them as fields of its options message (cnn/stages/cnn_inference_stage.proto,
// cnn/stages/yolo_detector_stage.proto: model required, weights "", engine "cpu", threads 1).
#ifndef CNN_STAGES_CNN_STAGE_OPTIONS_H_
#define CNN_STAGES_CNN_STAGE_OPTIONS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "cnn/engine/engine.h"
#include "cnn/ir/model.pb.h"
#include "sensing/stage.h"

namespace sentio {

// The model named by `model` and `weights`.
absl::StatusOr<cnn::Model> LoadStageModel(const StageContext& context);

// A new engine named by `engine`, with `threads` threads (checked: 1 to 1024).
absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> MakeStageEngine(const StageContext& context);

// As MakeStageEngine, for `model` (loaded by LoadStageModel): when one of its inputs has symbolic
// dimensions (an ONNX export with dynamic height and width), an engine that runs each packet at
// its tensor's shape, planning once per shape (cnn/engine/dynamic_shape_engine.h).
absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> MakeStageEngineFor(const StageContext& context,
                                                                        const cnn::Model& model);

}  // namespace sentio

#endif  // CNN_STAGES_CNN_STAGE_OPTIONS_H_
