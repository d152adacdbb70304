#include "sensing/fake_stage_context.h"

#include "base/status_macros.h"

namespace sentio {

absl::StatusOr<std::pair<std::unique_ptr<Stage>, std::unique_ptr<FakeStageContext>>>
FakeStageContext::ForStage(const std::string& stage_type,
                           std::map<std::string, OptionValue> options) {
  ASSIGN_OR_RETURN(const StageType* type, StageRegistry::Global().Find(stage_type));
  for (const OptionSpec& spec : type->contract.options) {
    if (!options.count(spec.name) && spec.default_value) {
      options.emplace(spec.name, *spec.default_value);
    }
  }
  return std::make_pair(type->make(),
                        std::unique_ptr<FakeStageContext>(new FakeStageContext(std::move(options))));
}

const std::string& FakeStageContext::GetString(const std::string& name) const {
  return std::get<std::string>(options_.at(name));
}

int64_t FakeStageContext::GetInt(const std::string& name) const {
  return std::get<int64_t>(options_.at(name));
}

double FakeStageContext::GetDouble(const std::string& name) const {
  const OptionValue& value = options_.at(name);
  if (const int64_t* integer = std::get_if<int64_t>(&value)) return static_cast<double>(*integer);
  return std::get<double>(value);
}

bool FakeStageContext::GetBool(const std::string& name) const {
  return std::get<bool>(options_.at(name));
}

}  // namespace sentio
