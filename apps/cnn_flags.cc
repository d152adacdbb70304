#include "apps/cnn_flags.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cnn/engine/engine_registry.h"
#include "cnn/ir/tensor.h"

namespace sentio {

using cnn::Shape;
using cnn::ShapeString;
using cnn::engine::Engine;
using cnn::engine::EngineOptions;
using cnn::engine::MakeEngine;

namespace {

std::string Describe(const cnn::ValueInfo& value) {
  return absl::StrCat("'", value.name(), "' ",
                      ShapeString(Shape(value.dims().begin(), value.dims().end())));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Engine>> MakeCnnEngine(const std::string& name, int threads,
                                                      bool cpu_fallback) {
  if (threads < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: ", threads, " is not a thread count"));
  }
  EngineOptions options;
  options.threads = threads;
  options.cpu_fallback = cpu_fallback;
  absl::StatusOr<std::unique_ptr<Engine>> engine = MakeEngine(name, options);
  if (!engine.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--engine=", name, ": ", engine.status().message()));
  }
  return engine;
}

absl::StatusOr<bool> ReadCpuFallbackFlag(CommandLine& flags) {
  if (!flags.Has("no_fallback")) return true;
  const std::string value = flags.GetString("no_fallback", "");
  if (value != "" && value != "true") {
    return absl::InvalidArgumentError(
        absl::StrCat("--no_fallback takes no value (got '", value, "')"));
  }
  return false;
}

absl::StatusOr<bool> ReadHalfPrecisionFlag(CommandLine& flags) {
  const std::string precision = flags.GetString("precision", "fp32");
  if (precision != "fp32" && precision != "fp16") {
    return absl::InvalidArgumentError(
        absl::StrCat("--precision: unknown precision '", precision, "' (fp32 or fp16)"));
  }
  return precision == "fp16";
}

std::string CnnModelSummary(const cnn::Model& model) {
  std::vector<std::string> inputs, outputs;
  for (const cnn::ValueInfo& input : model.input()) inputs.push_back(Describe(input));
  for (const cnn::ValueInfo& output : model.output()) outputs.push_back(Describe(output));
  return absl::StrCat(model.source(), model.name().empty() ? "" : absl::StrCat(" (", model.name(), ")"),
                      ": ", model.node_size(), " nodes, input ", absl::StrJoin(inputs, ", "),
                      ", output ", absl::StrJoin(outputs, ", "));
}

}  // namespace sentio
