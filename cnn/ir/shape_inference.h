// The check that runs at load over a whole model (every value defined before use, every shape
// consistent, through each op's shape function in cnn/ops/), which also records the shape of every
// value; and the output shapes of one node. The headers included here give engines the parsed
// parameters of the ops they have kernels for.
#ifndef CNN_IR_SHAPE_INFERENCE_H_
#define CNN_IR_SHAPE_INFERENCE_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"
#include "cnn/ops/clip.h"
#include "cnn/ops/lrn.h"
#include "cnn/ops/op_support.h"
#include "cnn/ops/transpose.h"
#include "cnn/ops/window_params.h"

namespace sentio::cnn {

// The shapes of the outputs of `node` given the shapes of its inputs; errors name the node.
absl::StatusOr<std::vector<Shape>> InferNodeOutputShapes(const cnn::Node& node,
                                                         const std::vector<Shape>& inputs);

// Checks the whole graph (inputs with shapes, initializers whose finite values fill their shapes,
// nodes in topological order that read only defined values and define each value once, declared
// outputs) and rewrites `model.value_info` and the output shapes with the inferred ones.
absl::Status InferModelShapes(cnn::Model& model);

}  // namespace sentio::cnn

#endif  // CNN_IR_SHAPE_INFERENCE_H_
