// Registers "opencl" in the engine registry (cnn/engine/engine_registry.h): the OpenCL engine on
// the default device, the CPU engine taking over where it cannot run (gpu/opencl_or_cpu_engine.h).
// EngineOptions::threads applies to the CPU engine only.
#include <iostream>
#include <memory>

#include "cnn/engine/engine_registry.h"
#include "gpu/opencl_or_cpu_engine.h"

namespace sentio::gpu {
namespace {

absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> MakeOpenClEngine(
    const cnn::engine::EngineOptions& options) {
  return std::make_unique<OpenClOrCpuEngine>(options, std::cerr);
}

SENTIO_REGISTER_ENGINE("opencl", MakeOpenClEngine);

}  // namespace
}  // namespace sentio::gpu
