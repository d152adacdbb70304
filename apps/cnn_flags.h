// What the `sentio cnn` commands share: the engine that --engine (and --threads) name, the
// --precision flag, and the one-line description of a model they print.
#ifndef APPS_CNN_FLAGS_H_
#define APPS_CNN_FLAGS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "apps/command_line.h"
#include "cnn/engine/engine.h"
#include "cnn/ir/model.pb.h"

namespace sentio {

// A new engine by its registered name (cnn/engine/engine_registry.h: "cpu", "opencl",
// "reference") with `threads` threads; `cpu_fallback` as EngineOptions::cpu_fallback. Errors name
// the flag.
absl::StatusOr<std::unique_ptr<cnn::engine::Engine>> MakeCnnEngine(const std::string& name,
                                                                   int threads,
                                                                   bool cpu_fallback = true);

// Reads --no_fallback (a device engine fails instead of handing the model to the CPU engine):
// the value for MakeCnnEngine's `cpu_fallback`.
absl::StatusOr<bool> ReadCpuFallbackFlag(CommandLine& flags);

// Reads --precision=fp32|fp16 (default fp32): true for fp16, half-precision weight storage.
absl::StatusOr<bool> ReadHalfPrecisionFlag(CommandLine& flags);

// "onnx:mnist.onnx (name): 12 nodes, input 'x' [1,1,28,28], output 'y' [1,10]".
std::string CnnModelSummary(const cnn::Model& model);

}  // namespace sentio

#endif  // APPS_CNN_FLAGS_H_
