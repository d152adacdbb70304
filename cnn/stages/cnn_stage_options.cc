#include "cnn/stages/cnn_stage_options.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/engine/dynamic_shape_engine.h"
#include "cnn/engine/engine_registry.h"
#include "cnn/import/model_loader.h"
#include "cnn/transforms/half_weights.h"

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

namespace {

bool HalfPrecision(const StageContext& context) { return context.GetString("precision") == "fp16"; }

absl::Status ApplyPrecision(bool half, const std::string& path, cnn::Model& model) {
  if (!half) return absl::OkStatus();
  absl::Status stored = cnn::transforms::StoreWeightsAsHalf(model);
  if (!stored.ok()) {
    return absl::Status(stored.code(), absl::StrCat(path, ": precision fp16: ", stored.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<cnn::Model> StageModelCopy(const StageContext& context, const StageModel& shared) {
  cnn::Model model = shared.model;
  RETURN_IF_ERROR(ApplyPrecision(HalfPrecision(context), shared.path, model));
  return model;
}

absl::Status EnableStageFrameCache(const StageContext& context, cnn::engine::Engine& engine) {
  if (!context.HasOption("cache")) return absl::OkStatus();
  cnn::engine::FrameCacheOptions options;
  options.threshold = context.GetDouble("cache");
  if (!(options.threshold >= 0 && options.threshold <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("option cache=", options.threshold, " is outside [0, 1]"));
  }
  const int64_t layers = context.GetInt("cache_layers");
  const int64_t refresh = context.GetInt("cache_refresh");
  if (layers < 0 || refresh < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "options cache_layers=", layers, " and cache_refresh=", refresh, " must not be negative"));
  }
  options.layers = layers == 0 ? -1 : static_cast<int>(layers);
  options.refresh = static_cast<int>(refresh);
  absl::Status enabled = engine.EnableFrameCache(options);
  if (!enabled.ok()) {
    return absl::Status(enabled.code(),
                        absl::StrCat("option cache with engine ", context.GetString("engine"), ": ",
                                     enabled.message()));
  }
  return absl::OkStatus();
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
      [path = model.path, weights = model.weights, half = HalfPrecision(context)](
          const cnn::import::InputShapes& shapes) -> absl::StatusOr<cnn::Model> {
        absl::StatusOr<cnn::Model> loaded = cnn::import::LoadModel(path, weights, shapes);
        if (loaded.ok()) RETURN_IF_ERROR(ApplyPrecision(half, path, *loaded));
        return loaded;
      },
      [name = context.GetString("engine"), options] {
        return cnn::engine::MakeEngine(name, options);
      });
}

}  // namespace sentio
