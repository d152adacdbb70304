// Computing at import the ONNX nodes that work out shapes and constants rather than activations,
// as exporters write them around Reshape: PyTorch's `x.view(x.size(0), -1)` becomes
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape. Folds Shape and Size (of any value whose shape
// is known), and on constant inputs Gather, Unsqueeze, Squeeze, Concat, Cast, CastLike, Slice,
// ConstantOfShape, Reshape and integer Add/Sub/Mul/Div, with the attribute or input forms of
// opsets 1 to 21.
#ifndef CNN_IMPORT_ONNX_CONSTANT_FOLDING_H_
#define CNN_IMPORT_ONNX_CONSTANT_FOLDING_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/tensor.h"
#include "third_party/onnx/onnx.pb.h"

namespace sentio::cnn::import {

// A constant known at import: float or 64-bit integer elements in row-major order.
struct OnnxConstant {
  Shape shape;
  bool is_integer = false;
  std::vector<int64_t> integers;  // when is_integer
  std::vector<float> floats;      // otherwise
};

// Folded constants above this many elements are taken as a corrupt model (nothing that shapes a
// CNN's tensors is that large).
constexpr int64_t kMaxFoldedElements = int64_t{1} << 24;

// What folding reads, by the node's input names: a constant (nullopt when the value is computed
// by the graph) and the shape of any defined value (nullopt when undefined).
struct OnnxFoldingContext {
  int64_t opset = 0;
  std::function<std::optional<OnnxConstant>(const std::string&)> constant;
  std::function<std::optional<Shape>(const std::string&)> shape;
};

// Whether FoldOnnxNode handles nodes of `op_type`.
bool IsFoldableOnnxOp(absl::string_view op_type);

// The output of `node` computed now, or nullopt when an input it needs is not constant (the node
// has to run in the graph then). Errors do not name the node; the caller adds it.
absl::StatusOr<std::optional<OnnxConstant>> FoldOnnxNode(const onnx::NodeProto& node,
                                                         const OnnxFoldingContext& context);

// The axes of Squeeze or Unsqueeze `node` (attribute before opset 13, input from 13; empty when
// absent), or an error when they are given by a non-constant input.
absl::StatusOr<std::vector<int64_t>> SqueezeAxes(const onnx::NodeProto& node,
                                                 const OnnxFoldingContext& context);

// The shape that Squeeze (`unsqueeze` false) or Unsqueeze with `axes` gives `input`.
absl::StatusOr<Shape> SqueezedShape(const Shape& input, std::vector<int64_t> axes, bool unsqueeze);

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_ONNX_CONSTANT_FOLDING_H_
