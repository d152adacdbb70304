// What op files share: input-count and rank checks with errors that name the node, NumPy
// broadcasting, axis normalisation, and makers for the common op shapes (element-wise unary and
// binary ops) so that such an op's file is a few lines.
#ifndef CNN_OPS_OP_SUPPORT_H_
#define CNN_OPS_OP_SUPPORT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"
#include "cnn/ops/op_registry.h"

namespace sentio::cnn {

// The NumPy broadcast of two shapes, or an error naming both.
absl::StatusOr<Shape> BroadcastShapes(const Shape& a, const Shape& b);

// For each element of `output` (row-major), the index of the element of a tensor of shape `input`
// that broadcasting maps to it.
std::vector<int64_t> BroadcastIndices(const Shape& input, const Shape& output);

// The shape that Reshape's `shape` gives `input`: -1 is inferred, 0 copies the input's dimension
// unless `allow_zero` (then it is a zero dimension).
absl::StatusOr<Shape> ReshapedShape(const Shape& input, const std::vector<int64_t>& spec,
                                    bool allow_zero = false);

// Axis `axis` of a rank-`rank` tensor, negative counting from the end, or -1 when out of range.
int NormalizeAxis(int64_t axis, int rank);

}  // namespace sentio::cnn

namespace sentio::cnn::ops {

// Errors naming the node unless the node has minimum..maximum inputs.
absl::Status ExpectInputs(const Node& node, const std::vector<Shape>& inputs, size_t minimum,
                          size_t maximum);
absl::Status ExpectRank(const Node& node, const Shape& shape, int rank, const char* what);

// Axis attribute `name` (default `default_axis`) normalised for `rank`, or an error naming the node.
absl::StatusOr<int> AxisAttribute(const Node& node, const char* name, int64_t default_axis,
                                  int rank);

// Each of `axes` (the attribute 'axes') normalised for `rank`, checked to be in range and
// distinct; errors name the node and the attribute.
absl::StatusOr<std::vector<int>> NormalizeAxes(const Node& node, const std::vector<int64_t>& axes,
                                               int rank);

// `tensor` as the one output of a reference kernel.
std::vector<Tensor> SingleOutput(Tensor tensor);

// Zero tensors of `shapes`.
absl::StatusOr<std::vector<Tensor>> ZeroTensors(const std::vector<Shape>& shapes);

// One output of the shape of input 0.
absl::StatusOr<std::vector<Shape>> SameShapeAsInput(const Node& node,
                                                    const std::vector<Shape>& inputs);

// A function of one float, made from a node's attributes (checked when it is made).
using UnaryFunction = std::function<float(float)>;
using UnaryFunctionMaker = std::function<absl::StatusOr<UnaryFunction>(const Node&)>;

// An op with one input and one output of its shape, y[i] = f(x[i]). The maker runs in the shape
// function too, so bad attributes fail at load.
OpDefinition ElementwiseUnaryOp(std::string op_type, UnaryFunctionMaker make);
// The same for a function that takes no attributes.
OpDefinition ElementwiseUnaryOp(std::string op_type, float (*function)(float));

// An op with two inputs broadcast against each other, y = f(a, b).
OpDefinition ElementwiseBinaryOp(std::string op_type, float (*function)(float, float));

}  // namespace sentio::cnn::ops

#endif  // CNN_OPS_OP_SUPPORT_H_
