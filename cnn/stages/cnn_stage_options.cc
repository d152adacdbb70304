#include "cnn/stages/cnn_stage_options.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "cnn/engine/engine_registry.h"
#include "cnn/import/model_loader.h"

namespace sentio {

std::vector<OptionSpec> CnnStageOptionSpecs() {
  return {{"model", OptionType::kString, true, std::nullopt},
          {"weights", OptionType::kString, false, OptionValue(std::string())},
          {"engine", OptionType::kString, false, OptionValue(std::string("cpu"))},
          {"threads", OptionType::kInt, false, OptionValue(int64_t{1})}};
}

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

}  // namespace sentio
