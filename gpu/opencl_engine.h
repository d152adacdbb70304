// The OpenCL engine (`--engine=opencl`): runs a CNN on any OpenCL device (a GPU when one is
// registered, else the CPU through PoCL). At load it makes one step per node from the op's
// kernels in gpu/kernels/ (gpu/opencl_op.h), fusing into a Conv, Gemm or MatMul the activation that
// alone reads its output, and uploads the weights those kernels read. A node whose op has no
// OpenCL kernel for its configuration runs through the op's reference kernel on the host: its
// inputs are read back and its outputs written to the device, and the profile names the fallback
// and counts the transfers, so no node leaves the device silently. Activations live in one device
// buffer planned by liveness (cnn/engine/memory_plan.h), each value a sub-buffer of it; Reshape,
// Flatten, Squeeze, Unsqueeze, Identity and Dropout share their input's buffer. Host transfers
// happen only for graph inputs and outputs and for fallback nodes. Values are float32.
#ifndef GPU_OPENCL_ENGINE_H_
#define GPU_OPENCL_ENGINE_H_

#include <CL/cl.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cnn/engine/engine.h"
#include "cnn/engine/model_runner.h"
#include "gpu/opencl_op.h"
#include "gpu/opencl_runtime.h"

namespace sentio::gpu {

class OpenClEngine : public cnn::engine::Engine {
 public:
  // An engine on the default device (OpenClRuntime::CreateDefault); an error says why there is
  // none (no platform, no device).
  static absl::StatusOr<std::unique_ptr<OpenClEngine>> Create();
  explicit OpenClEngine(std::unique_ptr<OpenClRuntime> runtime);
  ~OpenClEngine() override;

  absl::Status Load(cnn::Model model) override;
  absl::StatusOr<cnn::engine::TensorMap> Run(const cnn::engine::TensorMap& inputs) override;

  // Device memory held: the activation buffer planned for the latest run's input shapes (the
  // declared ones after Load), the weights the kernels read, and what steps hold of their own
  // (packed weights, padded-input scratch).
  int64_t PeakMemoryBytes() const override;

  void SetProfiling(bool on) override { profiling_ = on; }
  std::vector<cnn::engine::NodeTiming> LastProfile() const override { return profile_; }

  const OpenClDeviceInfo& device() const { return runtime_->device(); }
  // Where compiled kernels are kept between runs (gpu/program_binary_cache.h).
  const ProgramBinaryCache& binary_cache() const { return binary_cache_; }
  // How many nodes of the loaded model run on the host through their reference kernel.
  int fallback_nodes() const;
  // The loaded model, weights and all, for another engine to run when this one cannot; the engine
  // holds no model afterwards (ModelRunner::TakeModel).
  cnn::Model TakeModel();

 private:
  struct Value;
  struct Step;
  struct Plan;

  absl::Status AddStep(int node_index, const std::map<std::string, Shape>& checked_shapes,
                       std::vector<bool>& fused_away);
  // Copies the weights `step` reads to the device, once per weight.
  absl::Status UploadWeights(const Step& step);
  absl::Status MakePlan(const std::map<std::string, Shape>& input_shapes);
  absl::Status RunFallback(Step& step);
  void ReleaseDeviceMemory();

  std::unique_ptr<OpenClRuntime> runtime_;
  ProgramBinaryCache binary_cache_{ProgramBinaryCache::DefaultDirectory()};
  std::unique_ptr<OpenClPrograms> programs_;
  cnn::engine::ModelRunner runner_;
  std::vector<Value> values_;
  std::map<std::string, int> value_ids_;
  std::vector<Step> steps_;
  std::unique_ptr<Plan> plan_;
  int64_t weight_bytes_ = 0;
  bool profiling_ = false;
  std::vector<cnn::engine::NodeTiming> profile_;
};

}  // namespace sentio::gpu

#endif  // GPU_OPENCL_ENGINE_H_
