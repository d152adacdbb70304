// What every CPU-side engine shares: the checked model, its weights as tensors, and the walk over
// the nodes in order that hands each node's inputs to an engine's kernel and frees values after
// their last use.
#ifndef CNN_ENGINE_MODEL_RUNNER_H_
#define CNN_ENGINE_MODEL_RUNNER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/engine/engine.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn::engine {

// Computes one node's outputs from its inputs (in the node's input order).
using NodeKernel = std::function<absl::StatusOr<std::vector<Tensor>>(
    const cnn::Node& node, const std::vector<const Tensor*>& inputs)>;

class ModelRunner {
 public:
  // Checks `model` and keeps it, its shapes inferred, with its weights as tensors (its initializers
  // keep their names and dims, not their values): float32 for `values`, float16 for `half_values`
  // (not expanded: an engine converts them where it computes in float); errors start with the
  // model's source (its file) when it has one.
  absl::Status Load(cnn::Model model);

  // Checks that `inputs` holds exactly the graph inputs, each of its declared shape except for
  // the batch size (dimension 0); errors name the input.
  absl::Status CheckInputs(const TensorMap& inputs) const;

  // Runs the nodes in order with `kernel`; inputs as in Engine::Run. The kernel gets float32
  // tensors only: a float16 weight is converted for each node that reads it, and the copy freed
  // after the node runs.
  absl::StatusOr<TensorMap> Run(const TensorMap& inputs, const NodeKernel& kernel) const;

  const cnn::Model& model() const { return model_; }
  // The initializer named `name` as held (float32 or float16), or nullptr.
  const Tensor* FindWeights(const std::string& name) const;
  // Frees the tensor of initializer `name`, for an engine that keeps its own (packed) copy and
  // does not Run through this runner; FindWeights returns nullptr for it from then on.
  void ReleaseWeights(const std::string& name);
  // The bytes of the weight tensors held (2 per float16 value, 4 per float32 one).
  int64_t WeightBytes() const;
  // The loaded model with its weights back in its initializers (float32 tensors as `values`,
  // float16 ones as `half_values`), for another engine to load when this one cannot run it; the
  // runner holds nothing afterwards. Weights released with ReleaseWeights are missing from it.
  cnn::Model TakeModel();

 private:
  cnn::Model model_;
  std::map<std::string, Tensor> weights_;
  // For each node, the values it reads for the last time (freed after it runs).
  std::vector<std::vector<std::string>> last_reads_;
};

}  // namespace sentio::cnn::engine

#endif  // CNN_ENGINE_MODEL_RUNNER_H_
