#include "cnn/stages/cnn_stage_options.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cnn/engine/dynamic_shape_engine.h"
#include "cnn/engine/engine_registry.h"
#include "cnn/import/model_loader.h"

namespace sentio {

SidePacketSpec ModelSidePacketSpec() { return {"MODEL", "cnn.Model", /*optional=*/true}; }

absl::StatusOr<std::shared_ptr<const StageModel>> LoadStageModel(const StageContext& context) {
  auto loaded = std::make_shared<StageModel>();
  loaded->path = context.GetString("model");
  loaded->weights = context.GetString("weights");
  if (loaded->path.empty()) {
    return absl::InvalidArgumentError(
        "set the option model (a model file) or bind the input side packet MODEL");
  }
  absl::StatusOr<cnn::Model> model = cnn::import::LoadModel(loaded->path, loaded->weights);
  if (!model.ok()) return model.status();
  loaded->model = *std::move(model);
  return loaded;
}

absl::StatusOr<std::shared_ptr<const StageModel>> StageModelFor(const StageContext& context,
                                                                int port) {
  const SidePacket* side_packet = context.input_side_packet(port);
  if (side_packet == nullptr) return LoadStageModel(context);
  if (!context.GetString("model").empty() || !context.GetString("weights").empty()) {
    return absl::InvalidArgumentError(
        "the model comes from the input side packet MODEL; leave the options model and weights "
        "unset");
  }
  std::shared_ptr<const StageModel> model = side_packet->Share<StageModel>();
  if (model == nullptr) {
    return absl::InternalError("the input side packet MODEL does not hold a cnn.Model");
  }
  return model;
}

absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> MakeStageEngine(const StageContext& context) {
  const int64_t threads = context.GetInt("threads");
  if (threads < 1 || threads > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("option threads=", threads, " is outside 1 to 1024"));
  }
  cnn::engine::EngineOptions options;
  options.threads = static_cast<int>(threads);
  return cnn::engine::MakeEngine(context.GetString("engine"), options);
}

absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> MakeStageEngineFor(const StageContext& context,
                                                                        const StageModel& model) {
  absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> engine = MakeStageEngine(context);
  if (!engine.ok() || std::none_of(model.model.input().begin(), model.model.input().end(),
                                   cnn::import::HasSymbolicDimensions)) {
    return engine;
  }
  cnn::engine::EngineOptions options;
  options.threads = static_cast<int>(context.GetInt("threads"));
  return std::make_unique<cnn::engine::DynamicShapeEngine>(
      [path = model.path, weights = model.weights](const cnn::import::InputShapes& shapes) {
        return cnn::import::LoadModel(path, weights, shapes);
      },
      [name = context.GetString("engine"), options] {
        return cnn::engine::MakeEngine(name, options);
      });
}

}  // namespace sentio
