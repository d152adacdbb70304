// The fast CPU engine. At load it compiles the model into steps: convolutions as packed GEMMs
// (cnn/cpu/gemm.h; 1x1 stride-1 convolutions read the NCHW input directly, 3x3 stride-1 ones with
// enough channels and pixels go through Winograd (cnn/cpu/winograd_conv.h), other stride-1 ones on
// small images are read in place on wide rows (cnn/cpu/wide_row_conv.h), the rest through im2col
// done while packing, depthwise ones by a direct kernel), Gemm and MatMul on the same GEMM with
// constant weights packed once, the activation that alone reads a convolution's or product's output
// fused into it, and the cheap operators as array kernels (cnn/cpu/cpu_ops.h); operators it has no
// kernel for run through the reference kernels. Intermediate values live in one arena planned by
// liveness (cnn/engine/memory_plan.h), Reshape and Flatten sharing their input's memory, so a run
// allocates only its outputs. Work splits over a persistent thread pool; results are identical for
// any thread count.
#ifndef CNN_CPU_CPU_ENGINE_H_
#define CNN_CPU_CPU_ENGINE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cnn/cpu/conv_kernels.h"
#include "cnn/cpu/gemm.h"
#include "cnn/cpu/thread_pool.h"
#include "cnn/cpu/wide_row_conv.h"
#include "cnn/engine/engine.h"
#include "cnn/engine/model_runner.h"

namespace sentio::cnn::cpu {

class CpuEngine : public engine::Engine {
 public:
  // `threads` counts the calling thread; values below 1 mean 1.
  explicit CpuEngine(int threads = 1);
  ~CpuEngine() override;

  absl::Status Load(cnn::Model model) override;
  absl::StatusOr<engine::TensorMap> Run(const engine::TensorMap& inputs) override;

  // The memory this engine holds to run the model, in bytes: the activation arena planned for the
  // input shapes of the latest run (the declared shapes after Load), the GEMM's per-thread packing
  // buffers, the packed weights, and the weights kept as loaded for the operators that read them
  // unpacked (those that only packed copies read are freed at Load; float16 weights read unpacked
  // are kept as the engine's float copies instead of their half originals, except the constant
  // matrices of Gemm and MatMul, which batch-1 products read as halves). Not counted: the inputs
  // and the outputs that Run returns.
  int64_t PeakMemoryBytes() const override;

  int threads() const { return pool_->size(); }

  void SetProfiling(bool on) override { profiling_ = on; }
  std::vector<engine::NodeTiming> LastProfile() const override { return profile_; }

  // Convolutional caching (cnn/engine/engine.h): the cached steps are the first ones, up to the
  // chosen number of convolutions, that are convolutions (but Winograd's), pools, activations,
  // BatchNormalization or element-wise Add, Mul and Concat over channels of same-sized images.
  // Their outputs stay in the arena from frame to frame; a frame recomputes the rectangles that
  // its changed blocks reach (cnn/caching/regions.h), each with the step's own kernel on the
  // rectangle's input, so that what nothing reaches keeps its values. An error when the
  // model's first step cannot be cached or the options are out of range.
  absl::Status EnableFrameCache(const engine::FrameCacheOptions& options) override;
  engine::FrameCacheStats LastFrameCacheStats() const override { return frame_cache_stats_; }

 private:
  enum class StepKind;
  struct Step;
  struct Value;
  struct Plan;
  struct FrameCache;

  static const char* StepKindName(StepKind kind);
  absl::Status CompileNode(int node_index, std::vector<bool>& fused_away);
  // Frees the loaded weights that no step reads but through its packed copy.
  void ReleasePackedWeights();
  absl::Status MakePlan(const std::map<std::string, Shape>& input_shapes);
  absl::Status RunStep(Step& step, const std::vector<const float*>& data);
  absl::Status RunReference(const Step& step, const std::vector<const float*>& data);
  // cpu_engine_frame_cache.cc: compares the frame with the last and decides what to recompute;
  // runs step `s`, through the cache when it is one of the cached steps.
  absl::Status BeginCachedFrame(const std::vector<const float*>& data);
  absl::Status RunStepOfFrame(size_t s, const std::vector<const float*>& data);
  // Runs `step` on output rows [row_begin, row_end) x columns [col_begin, col_end) alone.
  absl::Status RunStepOnRegion(Step& step, int64_t row_begin, int64_t row_end, int64_t col_begin,
                               int64_t col_end, const std::vector<const float*>& data);
  // `geometry` with the whole layer's sizes and padding while a region of it runs: what kernels
  // are chosen by, so that a region computes its values as the whole layer would.
  ConvGeometry LayerGeometry(const ConvGeometry& geometry) const;

  std::unique_ptr<ThreadPool> pool_;
  std::unique_ptr<GemmContext> gemm_;
  std::vector<float> winograd_scratch_;  // shared by the Winograd convolutions, grown on demand
  std::vector<float> small_input_scratch_;  // the padded input of SmallInputConv
  std::vector<int32_t> row_offsets_;        // where B's rows start for 1x1 products read in place
  WideRowConvBuffers wide_row_buffers_;  // shared by the small-image convolutions
  engine::ModelRunner runner_;
  std::vector<Value> values_;
  std::map<std::string, int> value_ids_;
  std::vector<Step> steps_;
  std::unique_ptr<Plan> plan_;
  bool profiling_ = false;
  std::vector<engine::NodeTiming> profile_;
  std::unique_ptr<FrameCache> frame_cache_;  // when caching is on
  // While a region runs: the whole layer's geometry (out_h 0 otherwise).
  ConvGeometry layer_geometry_;
  engine::FrameCacheStats frame_cache_stats_;
};

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_CPU_ENGINE_H_
