// CNN engines by name, as `sentio cnn ... --engine=NAME` and pipeline configs name them: each
// engine registers a factory at static initialisation (SENTIO_REGISTER_ENGINE, in a library with
// alwayslink = 1), and callers make engines from a name and EngineOptions without knowing the
// engines' types. The OpenCL engine in gpu/ registers itself the same way.
#ifndef CNN_ENGINE_ENGINE_REGISTRY_H_
#define CNN_ENGINE_ENGINE_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/engine/engine.h"

namespace sentio::cnn::engine {

// What every engine is made with; each engine rejects settings it cannot honour.
struct EngineOptions {
  int threads = 1;
  // An engine for a device (OpenCL) that cannot run a model there (no device, a kernel that does
  // not build, device memory exhausted, a device lost mid-run) hands it to the CPU engine with a
  // one-line warning on stderr; false makes that cause the error instead.
  bool cpu_fallback = true;
};

using EngineFactory =
    std::function<absl::StatusOr<std::unique_ptr<Engine>>(const EngineOptions& options)>;

// Adds engine `name`; a second registration of a name is a programming error (aborts).
bool RegisterEngine(const std::string& name, EngineFactory factory);

// A new engine `name` made with `options`; an unknown name is an error listing the known ones.
absl::StatusOr<std::unique_ptr<Engine>> MakeEngine(absl::string_view name,
                                                   const EngineOptions& options);

// The registered engine names, sorted.
std::vector<std::string> EngineNames();

}  // namespace sentio::cnn::engine

#define SENTIO_REGISTER_ENGINE(name, factory)                             \
  [[maybe_unused]] static const bool sentio_engine_registered_##factory = \
      ::sentio::cnn::engine::RegisterEngine(name, factory)

#endif  // CNN_ENGINE_ENGINE_REGISTRY_H_
