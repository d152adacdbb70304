// The model IR's operators (listed in cnn/model.proto) as parameters and shapes: parsing a node's
// attributes into the numbers engines use, the output shapes of one node, and the check that runs
// at load over a whole model (every value defined before use, every shape consistent), which also
// records the shape of every value.
#ifndef CNN_SHAPE_INFERENCE_H_
#define CNN_SHAPE_INFERENCE_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/model.pb.h"
#include "cnn/tensor.h"

namespace sentio {

struct ConvParams {
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t group = 1;
};

struct PoolParams {
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  // Round the output size up (Caffe's pooling) rather than down; a last window that would start
  // in the end padding is dropped, as Caffe and PyTorch do.
  bool ceil_mode = false;
  // AveragePool: divide by the window clipped to the padded input (true) or to the input (false).
  bool count_include_pad = false;
};

// Kernel sizes, strides, dilations and pads above this are taken as a corrupt model: window
// arithmetic on them could overflow.
constexpr int64_t kMaxWindowValue = int64_t{1} << 30;

absl::StatusOr<ConvParams> ParseConvParams(const cnn::Node& node);
absl::StatusOr<PoolParams> ParsePoolParams(const cnn::Node& node);

// Clip's bounds; a missing bound is infinite.
struct ClipRange {
  float min = -std::numeric_limits<float>::infinity();
  float max = std::numeric_limits<float>::infinity();
};
absl::StatusOr<ClipRange> ParseClipRange(const cnn::Node& node);

// Transpose's `perm` for an input of `rank` axes (default: the axes reversed), checked to be a
// permutation.
absl::StatusOr<std::vector<int64_t>> TransposePermutation(const cnn::Node& node, size_t rank);

// LRN across channels (ONNX): y = x / (bias + alpha / size * sum of x^2 over the channels
// c - floor((size - 1) / 2) .. c + ceil((size - 1) / 2))^beta.
struct LrnParams {
  int64_t size = 0;
  float alpha = 1e-4f, beta = 0.75f, bias = 1.0f;
};
absl::StatusOr<LrnParams> ParseLrnParams(const cnn::Node& node);

// Output size along one axis of a pooling window sweep; below 1 means the window does not fit.
int64_t PooledSize(int64_t input, int64_t kernel, int64_t stride, int64_t pad_begin,
                   int64_t pad_end, bool ceil_mode);

// The NumPy broadcast of two shapes, or an error naming both.
absl::StatusOr<Shape> BroadcastShapes(const Shape& a, const Shape& b);

// The shape that Reshape's `shape` attribute gives `input` (0 copies, -1 is inferred).
absl::StatusOr<Shape> ReshapedShape(const Shape& input, const std::vector<int64_t>& spec);

// Axis `axis` of a rank-`rank` tensor, negative counting from the end, or -1 when out of range.
int NormalizeAxis(int64_t axis, int rank);

// The shapes of the outputs of `node` given the shapes of its inputs; errors name the node.
absl::StatusOr<std::vector<Shape>> InferNodeOutputShapes(const cnn::Node& node,
                                                         const std::vector<Shape>& inputs);

// Checks the whole graph (inputs with shapes, initializers whose finite values fill their shapes,
// nodes in topological order that read only defined values and define each value once, declared
// outputs) and rewrites `model.value_info` and the output shapes with the inferred ones.
absl::Status InferModelShapes(cnn::Model& model);

}  // namespace sentio

#endif  // CNN_SHAPE_INFERENCE_H_
