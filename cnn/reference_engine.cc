#include "cnn/reference_engine.h"

#include "cnn/reference_ops.h"

namespace sentio {

absl::Status ReferenceEngine::Load(const cnn::Model& model) { return runner_.Load(model); }

absl::StatusOr<TensorMap> ReferenceEngine::Run(const TensorMap& inputs) {
  return runner_.Run(inputs, RunReferenceNode);
}

}  // namespace sentio
