// Registers the CPU engine as "cpu" (cnn/engine/engine_registry.h).
#include <memory>

#include "cnn/cpu/cpu_engine.h"
#include "cnn/engine/engine_registry.h"

namespace sentio::cnn::cpu {

using engine::Engine;
using engine::EngineOptions;

namespace {

absl::StatusOr<std::unique_ptr<Engine>> MakeCpuEngine(const EngineOptions& options) {
  return std::unique_ptr<Engine>(new CpuEngine(options.threads));
}

SENTIO_REGISTER_ENGINE("cpu", MakeCpuEngine);

}  // namespace
}  // namespace sentio::cnn::cpu
