// Registers the OpenCL engine as "opencl" in the engine registry (cnn/engine/engine_registry.h).
// It runs on the default device; EngineOptions::threads does not apply to it.
#include <memory>

#include "absl/strings/str_cat.h"

#include "cnn/engine/engine_registry.h"
#include "gpu/opencl_engine.h"

namespace sentio::gpu {
namespace {

absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> MakeOpenClEngine(
    const cnn::engine::EngineOptions& /*options*/) {
  absl::StatusOr<std::unique_ptr<OpenClEngine>> engine = OpenClEngine::Create();
  if (!engine.ok()) {
    return absl::Status(engine.status().code(), absl::StrCat("the OpenCL engine has no device: ",
                                                             engine.status().message()));
  }
  return std::unique_ptr<cnn::engine::Engine>(std::move(*engine));
}

SENTIO_REGISTER_ENGINE("opencl", MakeOpenClEngine);

}  // namespace
}  // namespace sentio::gpu
