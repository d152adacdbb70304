// Clip: y = min(max(x, min), max). In the IR the bounds are the float attributes `min` and `max`
// (ONNX's inputs 1 and 2 from opset 11); a missing bound is infinite.
#ifndef CNN_OPS_CLIP_H_
#define CNN_OPS_CLIP_H_

#include <limits>

#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn {

struct ClipRange {
  float min = -std::numeric_limits<float>::infinity();
  float max = std::numeric_limits<float>::infinity();
};

// The bounds of Clip node `node`; min above max is an error naming the node.
absl::StatusOr<ClipRange> ParseClipRange(const cnn::Node& node);

}  // namespace sentio::cnn

#endif  // CNN_OPS_CLIP_H_
