#include "cnn/import/onnx_constant_folding.h"

#include <algorithm>
#include <cstdint>
#include <set>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/import/onnx_values.h"
#include "cnn/ir/shape_inference.h"

namespace sentio::cnn::import {
namespace {

absl::Status Error(absl::string_view message) { return absl::InvalidArgumentError(message); }

// A constant of `shape` whose element i is element source[i] of `from` (same type).
OnnxConstant Pick(const OnnxConstant& from, Shape shape, const std::vector<int64_t>& source) {
  OnnxConstant out;
  out.shape = std::move(shape);
  out.is_integer = from.is_integer;
  for (int64_t index : source) {
    if (from.is_integer) {
      out.integers.push_back(from.integers[index]);
    } else {
      out.floats.push_back(from.floats[index]);
    }
  }
  return out;
}

OnnxConstant Integers(Shape shape, std::vector<int64_t> values) {
  OnnxConstant out;
  out.shape = std::move(shape);
  out.is_integer = true;
  out.integers = std::move(values);
  return out;
}

// The number of elements of dimensions [begin, end) of `shape`.
int64_t Product(const Shape& shape, size_t begin, size_t end) {
  int64_t product = 1;
  for (size_t i = begin; i < end; ++i) product *= shape[i];
  return product;
}

absl::StatusOr<int64_t> IntAttributeOr(const onnx::NodeProto& node, const char* name,
                                       int64_t default_value) {
  const onnx::AttributeProto* attribute = FindAttribute(node, name);
  if (attribute == nullptr) return default_value;
  if (attribute->type() != onnx::AttributeProto::INT) {
    return Error(absl::StrCat("attribute '", name, "' is not an integer"));
  }
  return attribute->i();
}

// Input `index` as a constant; nullopt when the graph computes it.
absl::StatusOr<std::optional<OnnxConstant>> ConstantInput(const onnx::NodeProto& node, int index,
                                                          const OnnxFoldingContext& context) {
  if (index >= node.input_size() || node.input(index).empty()) {
    return Error(absl::StrCat("input ", index, " is missing"));
  }
  if (!context.shape(node.input(index)).has_value()) {
    return Error(absl::StrCat("reads '", node.input(index), "', which no earlier node defines"));
  }
  return context.constant(node.input(index));
}

// An optional integer input or, before `first_input_opset`, the attribute `name`; nullopt when
// neither is given.
absl::StatusOr<std::optional<std::vector<int64_t>>> IntegersFromInputOrAttribute(
    const onnx::NodeProto& node, int index, const char* name, int64_t first_input_opset,
    const OnnxFoldingContext& context) {
  if (context.opset < first_input_opset) {
    const onnx::AttributeProto* attribute = FindAttribute(node, name);
    if (attribute == nullptr) return std::optional<std::vector<int64_t>>();
    if (attribute->type() != onnx::AttributeProto::INTS) {
      return Error(absl::StrCat("attribute '", name, "' is not a list of integers"));
    }
    return std::optional<std::vector<int64_t>>(
        std::vector<int64_t>(attribute->ints().begin(), attribute->ints().end()));
  }
  if (index >= node.input_size() || node.input(index).empty()) {
    return std::optional<std::vector<int64_t>>();
  }
  ASSIGN_OR_RETURN(std::optional<OnnxConstant> value, ConstantInput(node, index, context));
  if (!value.has_value() || !value->is_integer) {
    return Error(absl::StrCat("input '", node.input(index), "' (", name,
                              ") must be a constant integer tensor"));
  }
  return std::optional<std::vector<int64_t>>(value->integers);
}

absl::StatusOr<OnnxConstant> FoldShape(const onnx::NodeProto& node, const Shape& input,
                                       const OnnxFoldingContext& context) {
  const int64_t rank = static_cast<int64_t>(input.size());
  int64_t start = 0, end = rank;
  if (context.opset >= 15) {  // optional start / end, clamped like Slice
    ASSIGN_OR_RETURN(start, IntAttributeOr(node, "start", 0));
    ASSIGN_OR_RETURN(end, IntAttributeOr(node, "end", rank));
    if (start < 0) start += rank;
    if (end < 0) end += rank;
    start = std::clamp<int64_t>(start, 0, rank);
    end = std::clamp<int64_t>(end, start, rank);
  }
  return Integers({end - start}, std::vector<int64_t>(input.begin() + start, input.begin() + end));
}

absl::StatusOr<OnnxConstant> FoldGather(const onnx::NodeProto& node, const OnnxConstant& data,
                                        const OnnxConstant& indices) {
  if (!indices.is_integer) return Error("the indices are not integers");
  ASSIGN_OR_RETURN(int64_t axis_attribute, IntAttributeOr(node, "axis", 0));
  const int rank = static_cast<int>(data.shape.size());
  const int axis = NormalizeAxis(axis_attribute, rank);
  if (axis < 0) return Error(absl::StrCat("axis ", axis_attribute, " out of range"));
  const int64_t dim = data.shape[axis];
  Shape shape(data.shape.begin(), data.shape.begin() + axis);
  shape.insert(shape.end(), indices.shape.begin(), indices.shape.end());
  shape.insert(shape.end(), data.shape.begin() + axis + 1, data.shape.end());
  ASSIGN_OR_RETURN(int64_t count, NumElements(shape));
  if (count > kMaxFoldedElements)
    return Error(absl::StrCat("output ", ShapeString(shape), " is too large"));
  const int64_t outer = Product(data.shape, 0, axis);
  const int64_t inner = Product(data.shape, axis + 1, data.shape.size());
  std::vector<int64_t> source;
  source.reserve(count);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t index : indices.integers) {
      if (index < -dim || index >= dim) {
        return Error(absl::StrCat("index ", index, " out of range for dimension ", dim));
      }
      const int64_t row = index < 0 ? index + dim : index;
      for (int64_t i = 0; i < inner; ++i) source.push_back((o * dim + row) * inner + i);
    }
  }
  return Pick(data, std::move(shape), source);
}

absl::StatusOr<OnnxConstant> FoldConcat(const onnx::NodeProto& node,
                                        const std::vector<OnnxConstant>& inputs) {
  const onnx::AttributeProto* axis_attribute = FindAttribute(node, "axis");
  if (axis_attribute == nullptr) return Error("has no axis");
  const OnnxConstant& first = inputs[0];
  const int rank = static_cast<int>(first.shape.size());
  const int axis = NormalizeAxis(axis_attribute->i(), rank);
  if (axis < 0) return Error(absl::StrCat("axis ", axis_attribute->i(), " out of range"));
  Shape shape = first.shape;
  shape[axis] = 0;
  for (const OnnxConstant& input : inputs) {
    Shape other = input.shape;
    if (input.is_integer != first.is_integer || other.size() != first.shape.size()) {
      return Error("the inputs differ in type or rank");
    }
    shape[axis] += other[axis];
    other[axis] = first.shape[axis];
    if (other != first.shape) {
      return Error(absl::StrCat("input ", ShapeString(input.shape), " does not concatenate with ",
                                ShapeString(first.shape), " along axis ", axis));
    }
  }
  ASSIGN_OR_RETURN(int64_t count, NumElements(shape));
  if (count > kMaxFoldedElements)
    return Error(absl::StrCat("output ", ShapeString(shape), " is too large"));
  OnnxConstant out;
  out.shape = shape;
  out.is_integer = first.is_integer;
  const int64_t outer = Product(shape, 0, axis);
  for (int64_t o = 0; o < outer; ++o) {
    for (const OnnxConstant& input : inputs) {
      const int64_t block = Product(input.shape, axis, input.shape.size());
      if (out.is_integer) {
        out.integers.insert(out.integers.end(), input.integers.begin() + o * block,
                            input.integers.begin() + (o + 1) * block);
      } else {
        out.floats.insert(out.floats.end(), input.floats.begin() + o * block,
                          input.floats.begin() + (o + 1) * block);
      }
    }
  }
  return out;
}

absl::StatusOr<OnnxConstant> FoldCast(const onnx::NodeProto& node, OnnxConstant value) {
  ASSIGN_OR_RETURN(int64_t to, IntAttributeOr(node, "to", onnx::TensorProto::UNDEFINED));
  static const std::set<int64_t> kFloatTypes = {onnx::TensorProto::FLOAT, onnx::TensorProto::DOUBLE,
                                                onnx::TensorProto::FLOAT16};
  static const std::set<int64_t> kIntegerTypes = {
      onnx::TensorProto::INT64,  onnx::TensorProto::INT32,  onnx::TensorProto::INT16,
      onnx::TensorProto::INT8,   onnx::TensorProto::UINT64, onnx::TensorProto::UINT32,
      onnx::TensorProto::UINT16, onnx::TensorProto::UINT8};
  const bool to_float = kFloatTypes.count(to) > 0;
  if (!to_float && kIntegerTypes.count(to) == 0) {
    return Error(absl::StrCat("cast to data type ", to, " is not supported"));
  }
  if (to_float && value.is_integer) {
    value.floats.assign(value.integers.begin(), value.integers.end());
    value.integers.clear();
  } else if (!to_float && !value.is_integer) {
    for (float x : value.floats) {
      // Casting a float outside int64 (or NaN) is undefined in ONNX and in C++.
      if (!(x > -9.2e18f && x < 9.2e18f))
        return Error(absl::StrCat("cannot cast ", x, " to an integer"));
      value.integers.push_back(static_cast<int64_t>(x));
    }
    value.floats.clear();
  }
  value.is_integer = !to_float;
  return value;
}

absl::StatusOr<OnnxConstant> FoldSlice(const onnx::NodeProto& node, const OnnxConstant& data,
                                       const OnnxFoldingContext& context) {
  // Before opset 10 starts, ends and axes are attributes; from 10 inputs 1 to 4 (with steps).
  ASSIGN_OR_RETURN(std::optional<std::vector<int64_t>> starts,
                   IntegersFromInputOrAttribute(node, 1, "starts", 10, context));
  ASSIGN_OR_RETURN(std::optional<std::vector<int64_t>> ends,
                   IntegersFromInputOrAttribute(node, 2, "ends", 10, context));
  ASSIGN_OR_RETURN(std::optional<std::vector<int64_t>> axes,
                   IntegersFromInputOrAttribute(node, 3, "axes", 10, context));
  std::optional<std::vector<int64_t>> steps;
  if (context.opset >= 10) {
    ASSIGN_OR_RETURN(steps, IntegersFromInputOrAttribute(node, 4, "steps", 10, context));
  }
  if (!starts || !ends || starts->size() != ends->size()) {
    return Error("needs as many starts as ends");
  }
  const int rank = static_cast<int>(data.shape.size());
  const size_t count = starts->size();
  if (!axes) {
    axes.emplace();
    for (size_t i = 0; i < count; ++i) axes->push_back(static_cast<int64_t>(i));
  }
  if (!steps) steps.emplace(count, 1);
  if (axes->size() != count || steps->size() != count) {
    return Error("starts, ends, axes and steps differ in length");
  }
  // Per axis: first index, step and element count of the slice.
  std::vector<int64_t> first(rank, 0), step(rank, 1);
  Shape shape = data.shape;
  std::set<int> seen;
  for (size_t i = 0; i < count; ++i) {
    const int axis = NormalizeAxis((*axes)[i], rank);
    if (axis < 0 || !seen.insert(axis).second) {
      return Error(absl::StrCat("axis ", (*axes)[i], " is out of range or repeated"));
    }
    const int64_t dim = data.shape[axis];
    const int64_t s = (*steps)[i];
    if (s == 0) return Error("a step is 0");
    int64_t start = (*starts)[i], end = (*ends)[i];
    // Negative positions count from the end; then clamp as ONNX says (ends may be INT64_MAX).
    if (start < 0) start = start < -dim ? 0 : start + dim;
    if (end < 0) end = end < -dim ? -1 : end + dim;
    if (s > 0) {
      start = std::min(start, dim);
      end = std::min(end, dim);
      shape[axis] = end > start ? (end - start - 1) / s + 1 : 0;
    } else {
      start = std::min(start, dim - 1);
      end = std::min(end, dim - 1);
      const int64_t magnitude = s == INT64_MIN ? INT64_MAX : -s;
      shape[axis] = start > end ? (start - end - 1) / magnitude + 1 : 0;
    }
    first[axis] = start;
    step[axis] = s;
  }
  ASSIGN_OR_RETURN(int64_t total, NumElements(shape));
  std::vector<int64_t> source;
  source.reserve(total);
  std::vector<int64_t> position(rank, 0);
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t index = 0;
    for (int axis = 0; axis < rank; ++axis) {
      index = index * data.shape[axis] + first[axis] + position[axis] * step[axis];
    }
    source.push_back(index);
    for (int axis = rank - 1; axis >= 0; --axis) {
      if (++position[axis] < shape[axis]) break;
      position[axis] = 0;
    }
  }
  return Pick(data, std::move(shape), source);
}

absl::StatusOr<OnnxConstant> FoldConstantOfShape(const onnx::NodeProto& node,
                                                 const OnnxConstant& shape_value) {
  if (!shape_value.is_integer || shape_value.shape.size() != 1) {
    return Error("the shape input must be a 1-D integer tensor");
  }
  const Shape shape = shape_value.integers;
  ASSIGN_OR_RETURN(int64_t count, NumElements(shape));
  if (count > kMaxFoldedElements)
    return Error(absl::StrCat("shape ", ShapeString(shape), " is too large"));
  OnnxConstant out;
  out.shape = shape;
  const onnx::AttributeProto* value = FindAttribute(node, "value");
  if (value == nullptr) {  // float 0
    out.floats.assign(count, 0.0f);
    return out;
  }
  if (value->type() != onnx::AttributeProto::TENSOR)
    return Error("attribute 'value' is not a tensor");
  if (IsIntegerType(value->t().data_type())) {
    ASSIGN_OR_RETURN(std::vector<int64_t> fill, IntegerValues(value->t()));
    if (fill.size() != 1) return Error("attribute 'value' must hold one element");
    out.is_integer = true;
    out.integers.assign(count, fill[0]);
    return out;
  }
  ASSIGN_OR_RETURN(Tensor fill, FloatTensor(value->t()));
  if (fill.size() != 1) return Error("attribute 'value' must hold one element");
  out.floats.assign(count, fill[0]);
  return out;
}

// Integer Add, Sub, Mul, Div with NumPy broadcasting (shape arithmetic such as size(1) * size(2)).
absl::StatusOr<OnnxConstant> FoldIntegerArithmetic(const onnx::NodeProto& node,
                                                   const OnnxConstant& a, const OnnxConstant& b) {
  ASSIGN_OR_RETURN(Shape shape, BroadcastShapes(a.shape, b.shape));
  ASSIGN_OR_RETURN(int64_t count, NumElements(shape));
  if (count > kMaxFoldedElements)
    return Error(absl::StrCat("output ", ShapeString(shape), " is too large"));
  // The flat index into an input broadcast to `shape`.
  auto broadcast_index = [&shape](const Shape& input, int64_t flat) {
    int64_t index = 0, stride = 1;
    for (size_t i = 0; i < input.size(); ++i) {
      const size_t axis = input.size() - 1 - i;
      const int64_t position = flat % shape[shape.size() - 1 - i];
      flat /= shape[shape.size() - 1 - i];
      if (input[axis] != 1) index += position * stride;
      stride *= input[axis];
    }
    return index;
  };
  const std::string& op = node.op_type();
  std::vector<int64_t> values(count);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t x = a.integers[broadcast_index(a.shape, i)];
    const int64_t y = b.integers[broadcast_index(b.shape, i)];
    // Unsigned arithmetic wraps instead of overflowing (undefined for signed integers).
    if (op == "Add") {
      values[i] = static_cast<int64_t>(static_cast<uint64_t>(x) + static_cast<uint64_t>(y));
    } else if (op == "Sub") {
      values[i] = static_cast<int64_t>(static_cast<uint64_t>(x) - static_cast<uint64_t>(y));
    } else if (op == "Mul") {
      values[i] = static_cast<int64_t>(static_cast<uint64_t>(x) * static_cast<uint64_t>(y));
    } else {
      if (y == 0 || (y == -1 && x == INT64_MIN))
        return Error("integer division by zero or overflow");
      values[i] = x / y;
    }
  }
  return Integers(shape, std::move(values));
}

}  // namespace

bool IsFoldableOnnxOp(absl::string_view op_type) {
  static const std::set<absl::string_view> kOps = {
      "Shape",           "Size",    "Gather",    "Unsqueeze", "Squeeze", "Concat", "Cast",
      "CastLike",        "Slice",   "ConstantOfShape", "Reshape", "Add", "Sub",   "Mul",  "Div"};
  return kOps.count(op_type) > 0;
}

absl::StatusOr<std::vector<int64_t>> SqueezeAxes(const onnx::NodeProto& node,
                                                 const OnnxFoldingContext& context) {
  ASSIGN_OR_RETURN(std::optional<std::vector<int64_t>> axes,
                   IntegersFromInputOrAttribute(node, 1, "axes", 13, context));
  return axes.value_or(std::vector<int64_t>());
}

absl::StatusOr<Shape> SqueezedShape(const Shape& input, std::vector<int64_t> axes, bool unsqueeze) {
  const int rank = static_cast<int>(input.size() + (unsqueeze ? axes.size() : 0));
  std::set<int> normalized;
  for (int64_t axis : axes) {
    const int n = NormalizeAxis(axis, rank);
    if (n < 0 || !normalized.insert(n).second) {
      return Error(
          absl::StrCat("axis ", axis, " is out of range or repeated for ", ShapeString(input)));
    }
  }
  Shape shape;
  if (unsqueeze) {
    auto next = input.begin();
    for (int axis = 0; axis < rank; ++axis) shape.push_back(normalized.count(axis) ? 1 : *next++);
    return shape;
  }
  for (int axis = 0; axis < rank; ++axis) {
    const bool listed = normalized.count(axis) > 0;
    if (listed && input[axis] != 1) {
      return Error(absl::StrCat("cannot squeeze axis ", axis, " of ", ShapeString(input)));
    }
    // Without axes, every dimension of size 1 goes.
    if (!listed && !(axes.empty() && input[axis] == 1)) shape.push_back(input[axis]);
  }
  return shape;
}

absl::StatusOr<std::optional<OnnxConstant>> FoldOnnxNode(const onnx::NodeProto& node,
                                                         const OnnxFoldingContext& context) {
  const std::string& op = node.op_type();
  if (node.input_size() < 1) return Error("has no inputs");
  if (op == "Shape") {
    std::optional<Shape> shape = context.shape(node.input(0));
    if (!shape)
      return Error(absl::StrCat("reads '", node.input(0), "', which no earlier node defines"));
    ASSIGN_OR_RETURN(OnnxConstant out, FoldShape(node, *shape, context));
    return std::optional<OnnxConstant>(std::move(out));
  }
  if (op == "Size") {
    std::optional<Shape> shape = context.shape(node.input(0));
    if (!shape)
      return Error(absl::StrCat("reads '", node.input(0), "', which no earlier node defines"));
    ASSIGN_OR_RETURN(int64_t count, NumElements(*shape));
    return std::optional<OnnxConstant>(Integers({}, {count}));
  }
  ASSIGN_OR_RETURN(std::optional<OnnxConstant> data, ConstantInput(node, 0, context));
  if (!data) return std::optional<OnnxConstant>();
  std::optional<OnnxConstant> out;
  if (op == "Unsqueeze" || op == "Squeeze") {
    ASSIGN_OR_RETURN(std::vector<int64_t> axes, SqueezeAxes(node, context));
    ASSIGN_OR_RETURN(Shape shape, SqueezedShape(data->shape, axes, op == "Unsqueeze"));
    data->shape = shape;
    return data;
  }
  if (op == "Cast") {
    ASSIGN_OR_RETURN(out, FoldCast(node, *std::move(data)));
    return out;
  }
  if (op == "CastLike") {
    // To the type of input 1: an integer constant's, else float (what the IR's values are).
    if (node.input_size() != 2) return Error("needs an input and a target-type input");
    ASSIGN_OR_RETURN(std::optional<OnnxConstant> like, ConstantInput(node, 1, context));
    onnx::NodeProto cast = node;
    onnx::AttributeProto& to = *cast.add_attribute();
    to.set_name("to");
    to.set_type(onnx::AttributeProto::INT);
    to.set_i(like && like->is_integer ? onnx::TensorProto::INT64 : onnx::TensorProto::FLOAT);
    ASSIGN_OR_RETURN(out, FoldCast(cast, *std::move(data)));
    return out;
  }
  if (op == "Slice") {
    ASSIGN_OR_RETURN(out, FoldSlice(node, *data, context));
    return out;
  }
  if (op == "ConstantOfShape") {
    ASSIGN_OR_RETURN(out, FoldConstantOfShape(node, *data));
    return out;
  }
  if (op == "Concat") {
    std::vector<OnnxConstant> inputs = {*std::move(data)};
    for (int i = 1; i < node.input_size(); ++i) {
      ASSIGN_OR_RETURN(std::optional<OnnxConstant> input, ConstantInput(node, i, context));
      if (!input) return std::optional<OnnxConstant>();
      inputs.push_back(*std::move(input));
    }
    ASSIGN_OR_RETURN(out, FoldConcat(node, inputs));
    return out;
  }
  // The rest take two inputs.
  if (node.input_size() != 2)
    return Error(absl::StrCat("has ", node.input_size(), " inputs, expected 2"));
  ASSIGN_OR_RETURN(std::optional<OnnxConstant> second, ConstantInput(node, 1, context));
  if (!second) return std::optional<OnnxConstant>();
  if (op == "Gather") {
    ASSIGN_OR_RETURN(out, FoldGather(node, *data, *second));
    return out;
  }
  if (op == "Reshape") {
    if (!second->is_integer) return Error("the shape input is not an integer tensor");
    ASSIGN_OR_RETURN(Shape shape, ReshapedShape(data->shape, second->integers));
    data->shape = shape;
    return data;
  }
  // Add, Sub, Mul, Div: float constants are folded by the graph's own operators.
  if (!data->is_integer || !second->is_integer) return std::optional<OnnxConstant>();
  ASSIGN_OR_RETURN(out, FoldIntegerArithmetic(node, *data, *second));
  return out;
}

}  // namespace sentio::cnn::import
