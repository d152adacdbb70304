#include "cnn/engine/reference_engine.h"

#include <utility>

#include "cnn/engine/reference_ops.h"

namespace sentio::cnn::engine {

absl::Status ReferenceEngine::Load(cnn::Model model) { return runner_.Load(std::move(model)); }

absl::StatusOr<TensorMap> ReferenceEngine::Run(const TensorMap& inputs) {
  return runner_.Run(inputs, RunReferenceNode);
}

}  // namespace sentio::cnn::engine
