// The naive, obviously correct implementation of every model IR operator (cnn/model.proto): plain
// loops that follow the definitions, the yardstick the fast engines are tested against.
#ifndef CNN_REFERENCE_OPS_H_
#define CNN_REFERENCE_OPS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "cnn/model.pb.h"
#include "cnn/tensor.h"

namespace sentio {

// Computes the outputs of `node` from its inputs (in the node's input order); shapes are checked
// as at load (cnn/shape_inference.h) and errors name the node.
absl::StatusOr<std::vector<Tensor>> RunReferenceNode(const cnn::Node& node,
                                                     const std::vector<const Tensor*>& inputs);

}  // namespace sentio

#endif  // CNN_REFERENCE_OPS_H_
