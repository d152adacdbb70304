#include "cnn/engine/reference_ops.h"

#include "cnn/ops/op_registry.h"

namespace sentio::cnn::engine {

absl::StatusOr<std::vector<Tensor>> RunReferenceNode(const cnn::Node& node,
                                                     const std::vector<const Tensor*>& inputs) {
  return cnn::ops::RunOpReference(node, inputs);
}

}  // namespace sentio::cnn::engine
