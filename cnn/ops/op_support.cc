#include "cnn/ops/op_support.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"

namespace sentio::cnn {

absl::StatusOr<Shape> BroadcastShapes(const Shape& a, const Shape& b) {
  Shape out(std::max(a.size(), b.size()));
  for (size_t i = 0; i < out.size(); ++i) {
    const int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    const int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (da != db && da != 1 && db != 1) {
      return absl::InvalidArgumentError(absl::StrCat("shapes ", ShapeString(a), " and ",
                                                     ShapeString(b), " do not broadcast"));
    }
    out[out.size() - 1 - i] = da == 1 ? db : da;
  }
  return out;
}

std::vector<int64_t> BroadcastIndices(const Shape& input, const Shape& output) {
  const size_t rank = output.size();
  std::vector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (size_t i = 0; i < input.size(); ++i) {
    const size_t axis_in = input.size() - 1 - i;
    if (input[axis_in] != 1) strides[rank - 1 - i] = stride;
    stride *= input[axis_in];
  }
  int64_t count = 1;
  for (int64_t dim : output) count *= dim;
  std::vector<int64_t> indices(count);
  std::vector<int64_t> position(rank, 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t index = 0;
    for (size_t axis = 0; axis < rank; ++axis) index += position[axis] * strides[axis];
    indices[flat] = index;
    for (size_t axis = rank; axis-- > 0;) {
      if (++position[axis] < output[axis]) break;
      position[axis] = 0;
    }
  }
  return indices;
}

absl::StatusOr<Shape> ReshapedShape(const Shape& input, const std::vector<int64_t>& spec,
                                    bool allow_zero) {
  ASSIGN_OR_RETURN(int64_t count, NumElements(input));
  const auto cannot = [&] {
    return absl::InvalidArgumentError(absl::StrCat("cannot reshape ", ShapeString(input), " to ",
                                                   ShapeString(spec)));
  };
  Shape out(spec.size());
  int inferred = -1;
  int64_t known = 1;
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == -1 && inferred < 0) {
      inferred = static_cast<int>(i);
      continue;
    }
    if (spec[i] == 0 && !allow_zero && i < input.size()) {
      out[i] = input[i];
    } else if (spec[i] > 0 || (spec[i] == 0 && allow_zero)) {
      out[i] = spec[i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("bad target shape ", ShapeString(spec),
                                                     " for ", ShapeString(input)));
    }
    if (out[i] != 0 && count != 0 && known > count / out[i]) return cannot();  // no overflow
    known *= out[i];
  }
  if (inferred >= 0) {
    if (known == 0 || count % known != 0) return cannot();
    out[inferred] = count / known;
  }
  absl::StatusOr<int64_t> out_count = NumElements(out);
  if (!out_count.ok() || *out_count != count) return cannot();
  return out;
}

int NormalizeAxis(int64_t axis, int rank) {
  if (axis < -rank || axis >= rank) return -1;
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

}  // namespace sentio::cnn

namespace sentio::cnn::ops {

absl::Status ExpectInputs(const Node& node, const std::vector<Shape>& inputs, size_t minimum,
                          size_t maximum) {
  if (inputs.size() < minimum || inputs.size() > maximum) {
    const std::string expected = minimum == maximum ? absl::StrCat(minimum)
                                                    : absl::StrCat(minimum, " to ", maximum);
    return NodeError(node, absl::StrCat("takes ", expected, " inputs, has ", inputs.size()));
  }
  return absl::OkStatus();
}

absl::Status ExpectRank(const Node& node, const Shape& shape, int rank, const char* what) {
  if (static_cast<int>(shape.size()) != rank) {
    return NodeError(node, absl::StrCat(what, " must have rank ", rank, ", has shape ",
                                        ShapeString(shape)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> AxisAttribute(const Node& node, const char* name, int64_t default_axis,
                                  int rank) {
  ASSIGN_OR_RETURN(int64_t axis, IntAttribute(node, name, default_axis));
  const int normalized = NormalizeAxis(axis, rank);
  if (normalized < 0) {
    return NodeError(node, absl::StrCat("attribute '", name, "' ", axis,
                                        " is out of range for rank ", rank));
  }
  return normalized;
}

absl::StatusOr<std::vector<int>> NormalizeAxes(const Node& node, const std::vector<int64_t>& axes,
                                               int rank) {
  std::vector<int> normalized;
  for (int64_t axis : axes) {
    const int a = NormalizeAxis(axis, rank);
    if (a < 0) {
      return NodeError(node, absl::StrCat("attribute 'axes': axis ", axis,
                                          " is out of range for rank ", rank));
    }
    if (std::find(normalized.begin(), normalized.end(), a) != normalized.end()) {
      return NodeError(node, absl::StrCat("attribute 'axes': axis ", axis, " is given twice"));
    }
    normalized.push_back(a);
  }
  return normalized;
}

std::vector<Tensor> SingleOutput(Tensor tensor) {
  std::vector<Tensor> outputs;
  outputs.push_back(std::move(tensor));
  return outputs;
}

absl::StatusOr<std::vector<Tensor>> ZeroTensors(const std::vector<Shape>& shapes) {
  std::vector<Tensor> tensors;
  for (const Shape& shape : shapes) {
    ASSIGN_OR_RETURN(Tensor tensor, Tensor::Zeros(shape));
    tensors.push_back(std::move(tensor));
  }
  return tensors;
}

absl::StatusOr<std::vector<Shape>> SameShapeAsInput(const Node& node,
                                                    const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
  return std::vector<Shape>{inputs[0]};
}

OpDefinition ElementwiseUnaryOp(std::string op_type, UnaryFunctionMaker make) {
  OpDefinition op;
  op.op_type = std::move(op_type);
  op.infer_shapes = [make](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(make(node).status());
    return SameShapeAsInput(node, inputs);
  };
  op.run_reference = [make](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    ASSIGN_OR_RETURN(UnaryFunction function, make(node));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(inputs[0]->shape()));
    const Tensor& x = *inputs[0];
    for (int64_t i = 0; i < y.size(); ++i) y[i] = function(x[i]);
    return SingleOutput(std::move(y));
  };
  return op;
}

OpDefinition ElementwiseUnaryOp(std::string op_type, float (*function)(float)) {
  return ElementwiseUnaryOp(std::move(op_type),
                            [function](const Node&) -> absl::StatusOr<UnaryFunction> {
                              return UnaryFunction(function);
                            });
}

OpDefinition ElementwiseBinaryOp(std::string op_type, float (*function)(float, float)) {
  OpDefinition op;
  op.op_type = std::move(op_type);
  op.min_inputs = op.max_inputs = 2;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 2, 2));
    absl::StatusOr<Shape> out = BroadcastShapes(inputs[0], inputs[1]);
    if (!out.ok()) return NodeError(node, out.status().message());
    return std::vector<Shape>{*out};
  };
  op.run_reference = [function](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    ASSIGN_OR_RETURN(Shape shape, BroadcastShapes(inputs[0]->shape(), inputs[1]->shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(shape));
    const std::vector<int64_t> index_a = BroadcastIndices(inputs[0]->shape(), shape);
    const std::vector<int64_t> index_b = BroadcastIndices(inputs[1]->shape(), shape);
    for (int64_t i = 0; i < y.size(); ++i) {
      y[i] = function((*inputs[0])[index_a[i]], (*inputs[1])[index_b[i]]);
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

}  // namespace sentio::cnn::ops
