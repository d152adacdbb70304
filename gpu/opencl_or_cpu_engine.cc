#include "gpu/opencl_or_cpu_engine.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"

namespace sentio::gpu {
namespace {

// Failures of the device rather than of the model.
bool IsDeviceFailure(const absl::Status& status) {
  return !status.ok() && !absl::IsInvalidArgument(status);
}

}  // namespace

OpenClOrCpuEngine::OpenClOrCpuEngine(const cnn::engine::EngineOptions& options,
                                     std::ostream& warnings)
    : options_(options), warnings_(warnings) {
  absl::StatusOr<std::unique_ptr<OpenClEngine>> opencl = OpenClEngine::Create();
  if (opencl.ok()) {
    opencl_ = std::move(*opencl);
  } else {
    no_device_ = opencl.status();
  }
}

cnn::engine::Engine& OpenClOrCpuEngine::active() const {
  return cpu_ != nullptr ? *cpu_ : static_cast<cnn::engine::Engine&>(*opencl_);
}

absl::Status OpenClOrCpuEngine::SwitchToCpu(const absl::Status& cause, cnn::Model model) {
  if (!options_.cpu_fallback) {
    return absl::Status(cause.code(), absl::StrCat("the OpenCL engine: ", cause.message()));
  }
  // One line, however long the cause (a build log): its lines joined, the whole cut short.
  constexpr size_t kMaxCause = 300;
  std::string text = absl::StrJoin(absl::StrSplit(cause.message(), '\n', absl::SkipEmpty()), " | ");
  if (text.size() > kMaxCause) text = text.substr(0, kMaxCause) + "...";
  warnings_ << "warning: the OpenCL engine cannot run the model (" << text
            << "); the CPU engine runs it instead\n";
  opencl_.reset();
  ASSIGN_OR_RETURN(cpu_, cnn::engine::MakeEngine("cpu", options_));
  cpu_->SetProfiling(profiling_);
  return cpu_->Load(std::move(model));
}

absl::Status OpenClOrCpuEngine::Load(cnn::Model model) {
  if (cpu_ != nullptr) return cpu_->Load(std::move(model));
  if (opencl_ == nullptr) {
    return SwitchToCpu(
        absl::Status(no_device_.code(), absl::StrCat("no device: ", no_device_.message())),
        std::move(model));
  }
  const absl::Status loaded = opencl_->Load(std::move(model));
  if (!IsDeviceFailure(loaded)) return loaded;
  return SwitchToCpu(loaded, opencl_->TakeModel());
}

absl::StatusOr<cnn::engine::TensorMap> OpenClOrCpuEngine::Run(
    const cnn::engine::TensorMap& inputs) {
  if (cpu_ != nullptr) return cpu_->Run(inputs);
  if (opencl_ == nullptr) return absl::FailedPreconditionError("no model is loaded");
  absl::StatusOr<cnn::engine::TensorMap> outputs = opencl_->Run(inputs);
  if (!IsDeviceFailure(outputs.status())) return outputs;
  RETURN_IF_ERROR(SwitchToCpu(outputs.status(), opencl_->TakeModel()));
  return cpu_->Run(inputs);
}

int64_t OpenClOrCpuEngine::PeakMemoryBytes() const {
  return cpu_ != nullptr || opencl_ != nullptr ? active().PeakMemoryBytes() : -1;
}

void OpenClOrCpuEngine::SetProfiling(bool on) {
  profiling_ = on;
  if (cpu_ != nullptr || opencl_ != nullptr) active().SetProfiling(on);
}

std::vector<cnn::engine::NodeTiming> OpenClOrCpuEngine::LastProfile() const {
  return cpu_ != nullptr || opencl_ != nullptr ? active().LastProfile()
                                               : std::vector<cnn::engine::NodeTiming>{};
}

}  // namespace sentio::gpu
