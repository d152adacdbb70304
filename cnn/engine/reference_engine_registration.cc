// Registers the reference engine as "reference" (cnn/engine/engine_registry.h).
#include <memory>

#include "cnn/engine/engine_registry.h"
#include "cnn/engine/reference_engine.h"

namespace sentio::cnn::engine {
namespace {

absl::StatusOr<std::unique_ptr<Engine>> MakeReferenceEngine(const EngineOptions& options) {
  if (options.threads != 1) {
    return absl::InvalidArgumentError("the reference engine runs on one thread");
  }
  return std::unique_ptr<Engine>(new ReferenceEngine());
}

SENTIO_REGISTER_ENGINE("reference", MakeReferenceEngine);

}  // namespace
}  // namespace sentio::cnn::engine
