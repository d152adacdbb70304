// What `--engine=opencl` makes: the OpenCL engine, with the CPU engine taking over when OpenCL
// cannot run the model. No device (no platform, a context that cannot be made) switches at once;
// a failure of the device at load (a kernel that does not build, device memory exhausted) or
// during a run (a launch that fails, as from a lost device) switches then, the model handed over
// (OpenClEngine::TakeModel) and the run repeated on the CPU. Each switch prints one line to
// stderr with the cause. Errors of the model itself (InvalidArgument: a node the importer let
// through that shape inference refuses, an input of the wrong shape) are returned as they are.
// With EngineOptions::cpu_fallback off, the cause of a switch is the error instead.
#ifndef GPU_OPENCL_OR_CPU_ENGINE_H_
#define GPU_OPENCL_OR_CPU_ENGINE_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cnn/engine/engine.h"
#include "cnn/engine/engine_registry.h"
#include "gpu/opencl_engine.h"

namespace sentio::gpu {

class OpenClOrCpuEngine : public cnn::engine::Engine {
 public:
  // Warnings go to `warnings` (std::cerr for the registered engine).
  OpenClOrCpuEngine(const cnn::engine::EngineOptions& options, std::ostream& warnings);

  absl::Status Load(cnn::Model model) override;
  absl::StatusOr<cnn::engine::TensorMap> Run(const cnn::engine::TensorMap& inputs) override;
  int64_t PeakMemoryBytes() const override;
  void SetProfiling(bool on) override;
  std::vector<cnn::engine::NodeTiming> LastProfile() const override;

  // Whether the CPU engine runs the model (after a switch).
  bool on_cpu() const { return cpu_ != nullptr; }

 private:
  // Makes the CPU engine, loads `model` into it and says why on `warnings_`.
  absl::Status SwitchToCpu(const absl::Status& cause, cnn::Model model);
  cnn::engine::Engine& active() const;

  cnn::engine::EngineOptions options_;
  std::ostream& warnings_;
  absl::Status no_device_;  // why there is no OpenCL engine
  std::unique_ptr<OpenClEngine> opencl_;
  std::unique_ptr<cnn::engine::Engine> cpu_;
  bool profiling_ = false;
};

}  // namespace sentio::gpu

#endif  // GPU_OPENCL_OR_CPU_ENGINE_H_
