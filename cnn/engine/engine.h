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
};

}  // namespace sentio::cnn::engine

#endif  // CNN_ENGINE_ENGINE_H_
