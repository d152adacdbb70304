#include "cnn/stages/cnn_stage_options.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cnn/engine/dynamic_shape_engine.h"
#include "cnn/engine/engine_registry.h"
#include "cnn/import/model_loader.h"

namespace sentio {

absl::StatusOr<cnn::Model> LoadStageModel(const StageContext& context) {
  return cnn::import::LoadModel(context.GetString("model"), context.GetString("weights"));
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
                                                                        const cnn::Model& model) {
  absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> engine = MakeStageEngine(context);
  if (!engine.ok() || std::none_of(model.input().begin(), model.input().end(),
                                   cnn::import::HasSymbolicDimensions)) {
    return engine;
  }
  cnn::engine::EngineOptions options;
  options.threads = static_cast<int>(context.GetInt("threads"));
  return std::make_unique<cnn::engine::DynamicShapeEngine>(
      [path = context.GetString("model"),
       weights = context.GetString("weights")](const cnn::import::InputShapes& shapes) {
        return cnn::import::LoadModel(path, weights, shapes);
      },
      [name = context.GetString("engine"), options] {
        return cnn::engine::MakeEngine(name, options);
      });
}

}  // namespace sentio
