// The naive, obviously correct implementation of every model IR operator: the reference kernels
// that the op files of cnn/ops/ register, the yardstick the fast engines are tested against and the
// fallback they use for ops they have no kernel of their own for.
#ifndef CNN_ENGINE_REFERENCE_OPS_H_
#define CNN_ENGINE_REFERENCE_OPS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn::engine {

// Computes the outputs of `node` from its inputs (in the node's input order); shapes are checked
// as at load (cnn/ir/shape_inference.h) and errors name the node.
absl::StatusOr<std::vector<Tensor>> RunReferenceNode(const cnn::Node& node,
                                                     const std::vector<const Tensor*>& inputs);

}  // namespace sentio::cnn::engine

#endif  // CNN_ENGINE_REFERENCE_OPS_H_
