// The interface every CNN engine implements (the naive reference engine, the fast CPU engine, the
// OpenCL engine in gpu/): load a model IR once, then run it on named input tensors.
#ifndef CNN_ENGINE_ENGINE_H_
#define CNN_ENGINE_ENGINE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn::engine {

// Tensors by value name.
using TensorMap = std::map<std::string, Tensor>;

// How long one step of a run took: a node, or a node with the activation fused into it.
struct NodeTiming {
  std::string node;     // the node's name
  std::string op_type;  // its op, with a fused activation after a '+' ("Conv+Relu")
  std::string kernel;   // the engine's kernel that ran it ("winograd", "reference", ...)
  double milliseconds = 0;
};

// Convolutional caching across the frames of a video (DeepMon): from the second frame on, the
// first layers recompute only the rows of their outputs that the changed blocks of the frame
// reach and keep the rest from the previous frame (cnn/caching/).
struct FrameCacheOptions {
  // Chi-square distance of a block's colour histograms (cnn/caching/block_changes.h) above which
  // the block changed, in [0, 1].
  double threshold = 0.005;
  // How many convolutions, from the input on, are cached; -1 chooses: those down to an eighth of
  // the input's height. Caching stops earlier at the first operator it cannot follow.
  int layers = -1;
  // Every `refresh` frames the whole frame is recomputed, bounding drift (0: never).
  int refresh = 0;
  // A frame with more than this share of its blocks changed is recomputed whole (a scene cut).
  double scene_cut = 0.5;
  int64_t block_size = 16;
  // The input values the histograms span.
  float low = 0, high = 1;
};

// What the cache did for the last run.
struct FrameCacheStats {
  bool whole_frame = true;      // computed in full: first frame, scene cut, refresh
  double changed_blocks = 1;    // share of the input's blocks that changed
  double reused_values = 0;     // share of the cached layers' output values kept, not recomputed
  int cached_convolutions = 0;  // how many convolutions the cache covers
};

class Engine {
 public:
  virtual ~Engine() = default;

  // Checks `model` (cnn/ir/shape_inference.h) and prepares to run it; errors name the node. Pass
  // the model with std::move when it is not needed afterwards: that spares a copy of the weights
  // (cnn/import/model_loader.h's WithoutWeightValues keeps what a caller needs of it).
  virtual absl::Status Load(cnn::Model model) = 0;

  // Runs the loaded model on one tensor per graph input, each of the declared shape except that
  // the batch size (dimension 0) may differ, and returns every graph output.
  virtual absl::StatusOr<TensorMap> Run(const TensorMap& inputs) = 0;

  // The memory the engine holds to run the loaded model, in bytes (each engine documents what it
  // counts), or -1 when the engine does not track it.
  virtual int64_t PeakMemoryBytes() const { return -1; }

  // Turns timing of each step of the following runs on or off; LastProfile then holds the steps
  // of the last run in order (empty when the engine does not profile).
  virtual void SetProfiling(bool on) {}
  virtual std::vector<NodeTiming> LastProfile() const { return {}; }

  // Turns convolutional caching on for the following runs, whose single input is then one video
  // frame after another; an error when the engine has no cache or the options are out of range.
  // A frame of another size than the first is an error; Load turns the cache off.
  virtual absl::Status EnableFrameCache(const FrameCacheOptions& options) {
    return absl::UnimplementedError("this engine has no frame cache");
  }
  virtual FrameCacheStats LastFrameCacheStats() const { return {}; }
};

}  // namespace sentio::cnn::engine

#endif  // CNN_ENGINE_ENGINE_H_
