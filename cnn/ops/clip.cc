#include "cnn/ops/clip.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn {

absl::StatusOr<ClipRange> ParseClipRange(const cnn::Node& node) {
  ClipRange range;
  ASSIGN_OR_RETURN(range.min, FloatAttribute(node, "min", range.min));
  ASSIGN_OR_RETURN(range.max, FloatAttribute(node, "max", range.max));
  if (!(range.min <= range.max)) {
    return NodeError(node, absl::StrCat("min ", range.min, " is above max ", range.max));
  }
  return range;
}

namespace ops {
namespace {

OpDefinition MakeClip() {
  OpDefinition op = ElementwiseUnaryOp("Clip", [](const Node& node) -> absl::StatusOr<UnaryFunction> {
    ASSIGN_OR_RETURN(ClipRange range, ParseClipRange(node));
    return UnaryFunction([range](float x) { return std::min(std::max(x, range.min), range.max); });
  });
  op.onnx_constant_inputs = {{1, "min", 11, false, true}, {2, "max", 11, false, true}};
  return op;
}

SENTIO_REGISTER_OP(MakeClip);

}  // namespace
}  // namespace ops
}  // namespace sentio::cnn
