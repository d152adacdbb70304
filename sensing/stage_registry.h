// Stage types by name: each stage's own cc_library (alwayslink = 1) registers it at static
// initialisation with SENTIO_REGISTER_STAGE, so a binary knows exactly the stages it links.
#ifndef SENSING_STAGE_REGISTRY_H_
#define SENSING_STAGE_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/stage.h"

namespace sentio {

using StageFactory = std::function<std::unique_ptr<Stage>()>;

struct StageType {
  StageContract contract;
  StageFactory make;
};

class StageRegistry {
 public:
  // The registry that SENTIO_REGISTER_STAGE fills.
  static StageRegistry& Global();

  // Adds `name`; a second registration of the same name, or an options message that cannot
  // declare options (sensing/option_message.h), is remembered and makes Find fail. With an
  // options message, the contract's options are derived from it.
  bool Register(const std::string& name, StageContract contract, StageFactory make);

  // The stage type `name`; the error lists the registered names.
  absl::StatusOr<const StageType*> Find(absl::string_view name) const;

  // Every registered name, sorted (those Find refuses included).
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, StageType, std::less<>> types_;
  std::vector<std::string> registered_twice_;
  std::map<std::string, std::string, std::less<>> invalid_;  // name -> why
};

}  // namespace sentio

// Registers `StageClass` (default-constructible, with `static StageContract Contract()`) under its
// class name. Use at namespace scope in the stage's .cc file.
#define SENTIO_REGISTER_STAGE(StageClass)                                            \
  static const bool sentio_registered_##StageClass =                                 \
      ::sentio::StageRegistry::Global().Register(                                    \
          #StageClass, StageClass::Contract(),                                       \
          []() -> std::unique_ptr<::sentio::Stage> { return std::make_unique<StageClass>(); })

#endif  // SENSING_STAGE_REGISTRY_H_
