#include "cnn/shape_inference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "cnn/node_attributes.h"
#include "sensing/status_macros.h"

namespace sentio {
namespace {

// Reads a two-element attribute (strides, dilations, kernel_shape) into `h` and `w`.
absl::Status ReadPair(const cnn::Node& node, const char* name, int64_t minimum, int64_t& h,
                      int64_t& w) {
  ASSIGN_OR_RETURN(std::vector<int64_t> values, IntsAttribute(node, name, {h, w}));
  if (values.size() != 2) {
    return NodeError(node, absl::StrCat("attribute '", name, "' needs 2 values, has ",
                                        values.size()));
  }
  if (values[0] < minimum || values[1] < minimum) {
    return NodeError(node, absl::StrCat("attribute '", name, "' must be at least ", minimum));
  }
  if (values[0] > kMaxWindowValue || values[1] > kMaxWindowValue) {
    return NodeError(node, absl::StrCat("attribute '", name, "' is too large (at most ",
                                        kMaxWindowValue, ")"));
  }
  h = values[0];
  w = values[1];
  return absl::OkStatus();
}

absl::Status ReadPads(const cnn::Node& node, int64_t& top, int64_t& left, int64_t& bottom,
                      int64_t& right) {
  ASSIGN_OR_RETURN(std::vector<int64_t> pads, IntsAttribute(node, "pads", {0, 0, 0, 0}));
  if (pads.size() != 4) {
    return NodeError(node, absl::StrCat("attribute 'pads' needs 4 values, has ", pads.size()));
  }
  if (*std::min_element(pads.begin(), pads.end()) < 0) {
    return NodeError(node, "attribute 'pads' must not be negative");
  }
  if (*std::max_element(pads.begin(), pads.end()) > kMaxWindowValue) {
    return NodeError(node,
                     absl::StrCat("attribute 'pads' is too large (at most ", kMaxWindowValue, ")"));
  }
  top = pads[0];
  left = pads[1];
  bottom = pads[2];
  right = pads[3];
  return absl::OkStatus();
}

absl::Status ExpectInputs(const cnn::Node& node, const std::vector<Shape>& inputs, size_t minimum,
                          size_t maximum) {
  if (inputs.size() < minimum || inputs.size() > maximum) {
    const std::string expected = minimum == maximum ? absl::StrCat(minimum)
                                                    : absl::StrCat(minimum, " to ", maximum);
    return NodeError(node, absl::StrCat("takes ", expected, " inputs, has ", inputs.size()));
  }
  return absl::OkStatus();
}

absl::Status ExpectRank(const cnn::Node& node, const Shape& shape, int rank, const char* what) {
  if (static_cast<int>(shape.size()) != rank) {
    return NodeError(node, absl::StrCat(what, " must have rank ", rank, ", has shape ",
                                        ShapeString(shape)));
  }
  return absl::OkStatus();
}

absl::StatusOr<Shape> ConvShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 2, 3));
  ASSIGN_OR_RETURN(ConvParams p, ParseConvParams(node));
  const Shape& x = inputs[0];
  const Shape& w = inputs[1];
  RETURN_IF_ERROR(ExpectRank(node, x, 4, "the input"));
  RETURN_IF_ERROR(ExpectRank(node, w, 4, "the weights"));
  if (x[1] % p.group != 0 || w[0] % p.group != 0 || w[1] * p.group != x[1]) {
    return NodeError(node, absl::StrCat("weights ", ShapeString(w), " with group ", p.group,
                                        " do not fit an input of ", x[1], " channels"));
  }
  if (inputs.size() == 3 && inputs[2] != Shape{w[0]}) {
    return NodeError(node, absl::StrCat("bias of shape ", ShapeString(inputs[2]), " for ", w[0],
                                        " output channels"));
  }
  const int64_t out_h = PooledSize(x[2], p.dilation_h * (w[2] - 1) + 1, p.stride_h, p.pad_top,
                                   p.pad_bottom, false);
  const int64_t out_w = PooledSize(x[3], p.dilation_w * (w[3] - 1) + 1, p.stride_w, p.pad_left,
                                   p.pad_right, false);
  if (out_h < 1 || out_w < 1) {
    return NodeError(node, absl::StrCat("kernel ", ShapeString(w), " is larger than the padded input ",
                                        ShapeString(x)));
  }
  return Shape{x[0], w[0], out_h, out_w};
}

absl::StatusOr<Shape> PoolShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
  RETURN_IF_ERROR(ExpectRank(node, inputs[0], 4, "the input"));
  ASSIGN_OR_RETURN(PoolParams p, ParsePoolParams(node));
  const Shape& x = inputs[0];
  const int64_t out_h = PooledSize(x[2], p.kernel_h, p.stride_h, p.pad_top, p.pad_bottom, p.ceil_mode);
  const int64_t out_w = PooledSize(x[3], p.kernel_w, p.stride_w, p.pad_left, p.pad_right, p.ceil_mode);
  if (out_h < 1 || out_w < 1) {
    return NodeError(node, absl::StrCat("window ", p.kernel_h, "x", p.kernel_w,
                                        " is larger than the padded input ", ShapeString(x)));
  }
  return Shape{x[0], x[1], out_h, out_w};
}

absl::StatusOr<Shape> GemmShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 2, 3));
  RETURN_IF_ERROR(ExpectRank(node, inputs[0], 2, "A"));
  RETURN_IF_ERROR(ExpectRank(node, inputs[1], 2, "B"));
  ASSIGN_OR_RETURN(int64_t trans_a, IntAttribute(node, "transA", 0));
  ASSIGN_OR_RETURN(int64_t trans_b, IntAttribute(node, "transB", 0));
  const int64_t m = trans_a ? inputs[0][1] : inputs[0][0];
  const int64_t k = trans_a ? inputs[0][0] : inputs[0][1];
  const int64_t k_b = trans_b ? inputs[1][1] : inputs[1][0];
  const int64_t n = trans_b ? inputs[1][0] : inputs[1][1];
  if (k != k_b) {
    return NodeError(node, absl::StrCat("A ", ShapeString(inputs[0]), " and B ",
                                        ShapeString(inputs[1]), " do not multiply"));
  }
  if (inputs.size() == 3) {
    absl::StatusOr<Shape> c = BroadcastShapes(inputs[2], {m, n});
    if (!c.ok() || *c != Shape{m, n}) {
      return NodeError(node, absl::StrCat("C ", ShapeString(inputs[2]), " does not broadcast to [",
                                          m, ",", n, "]"));
    }
  }
  return Shape{m, n};
}

absl::StatusOr<Shape> MatMulShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 2, 2));
  const Shape& a = inputs[0];
  const Shape& b = inputs[1];
  RETURN_IF_ERROR(ExpectRank(node, b, 2, "B"));
  if (a.size() < 2 || a.back() != b[0]) {
    return NodeError(node, absl::StrCat("A ", ShapeString(a), " and B ", ShapeString(b),
                                        " do not multiply"));
  }
  Shape out = a;
  out.back() = b[1];
  return out;
}

absl::StatusOr<Shape> ConcatShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  if (inputs.empty()) return NodeError(node, "has no inputs");
  ASSIGN_OR_RETURN(int64_t axis_attribute, IntAttribute(node, "axis", 1));
  const int rank = static_cast<int>(inputs[0].size());
  const int axis = NormalizeAxis(axis_attribute, rank);
  if (axis < 0) return NodeError(node, absl::StrCat("axis ", axis_attribute, " out of range"));
  Shape out = inputs[0];
  for (size_t i = 1; i < inputs.size(); ++i) {
    Shape other = inputs[i];
    bool fits = static_cast<int>(other.size()) == rank;
    if (fits) {
      out[axis] += other[axis];
      other[axis] = inputs[0][axis];
      fits = other == inputs[0];
    }
    if (!fits) {
      return NodeError(node, absl::StrCat("input ", ShapeString(inputs[i]),
                                          " does not concatenate with ", ShapeString(inputs[0]),
                                          " along axis ", axis));
    }
  }
  return out;
}

// Nearest-neighbour upsampling of NCHW by the integer factors scales = [h, w].
absl::StatusOr<Shape> UpsampleShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
  RETURN_IF_ERROR(ExpectRank(node, inputs[0], 4, "the input"));
  int64_t scale_h = 0, scale_w = 0;
  RETURN_IF_ERROR(ReadPair(node, "scales", 1, scale_h, scale_w));
  const Shape& x = inputs[0];
  if (x[2] > std::numeric_limits<int32_t>::max() / scale_h ||
      x[3] > std::numeric_limits<int32_t>::max() / scale_w) {
    return NodeError(node, absl::StrCat("scales ", scale_h, "x", scale_w, " are too large for ",
                                        ShapeString(x)));
  }
  return Shape{x[0], x[1], x[2] * scale_h, x[3] * scale_w};
}

absl::StatusOr<Shape> ClipShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
  ASSIGN_OR_RETURN(ClipRange range, ParseClipRange(node));
  if (!(range.min <= range.max)) {
    return NodeError(node, absl::StrCat("min ", range.min, " is above max ", range.max));
  }
  return inputs[0];
}

// PRelu's slope is one value or one per channel (axis 1), in a shape that broadcasts to X.
absl::StatusOr<Shape> PReluShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 2, 2));
  const Shape& x = inputs[0];
  const Shape& slope = inputs[1];
  bool fits = slope.size() <= x.size();
  for (size_t i = 0; fits && i < slope.size(); ++i) {
    const size_t x_axis = x.size() - slope.size() + i;
    fits = slope[i] == 1 || (x_axis == 1 && slope[i] == x[1]);
  }
  if (!fits) {
    return NodeError(node, absl::StrCat("slope ", ShapeString(slope),
                                        " is neither one value nor one per channel of ",
                                        ShapeString(x)));
  }
  return x;
}

absl::StatusOr<Shape> TransposeShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
  ASSIGN_OR_RETURN(std::vector<int64_t> perm, TransposePermutation(node, inputs[0].size()));
  Shape out(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) out[i] = inputs[0][perm[i]];
  return out;
}

absl::StatusOr<Shape> LrnShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
  if (inputs[0].size() < 2) return NodeError(node, "the input needs a channel axis");
  RETURN_IF_ERROR(ParseLrnParams(node).status());
  return inputs[0];
}

absl::StatusOr<Shape> SingleOutputShape(const cnn::Node& node, const std::vector<Shape>& inputs) {
  const std::string& op = node.op_type();
  if (op == "Sigmoid" || op == "Tanh") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    return inputs[0];
  }
  if (op == "Clip") return ClipShape(node, inputs);
  if (op == "PRelu") return PReluShape(node, inputs);
  if (op == "Transpose") return TransposeShape(node, inputs);
  if (op == "LRN") return LrnShape(node, inputs);
  if (op == "GlobalMaxPool") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    RETURN_IF_ERROR(ExpectRank(node, inputs[0], 4, "the input"));
    return Shape{inputs[0][0], inputs[0][1], 1, 1};
  }
  if (op == "Conv") return ConvShape(node, inputs);
  if (op == "MaxPool" || op == "AveragePool") return PoolShape(node, inputs);
  if (op == "GlobalAveragePool") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    RETURN_IF_ERROR(ExpectRank(node, inputs[0], 4, "the input"));
    return Shape{inputs[0][0], inputs[0][1], 1, 1};
  }
  if (op == "Relu") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    return inputs[0];
  }
  if (op == "Add" || op == "Mul") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 2, 2));
    absl::StatusOr<Shape> out = BroadcastShapes(inputs[0], inputs[1]);
    if (!out.ok()) return NodeError(node, out.status().message());
    return out;
  }
  if (op == "MatMul") return MatMulShape(node, inputs);
  if (op == "Gemm") return GemmShape(node, inputs);
  if (op == "Reshape") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    ASSIGN_OR_RETURN(std::vector<int64_t> spec, IntsAttribute(node, "shape", {}));
    absl::StatusOr<Shape> out = ReshapedShape(inputs[0], spec);
    if (!out.ok()) return NodeError(node, out.status().message());
    return out;
  }
  if (op == "Flatten") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    ASSIGN_OR_RETURN(int64_t axis_attribute, IntAttribute(node, "axis", 1));
    const int rank = static_cast<int>(inputs[0].size());
    const int axis = axis_attribute == rank ? rank : NormalizeAxis(axis_attribute, rank);
    if (axis < 0) return NodeError(node, absl::StrCat("axis ", axis_attribute, " out of range"));
    Shape out = {1, 1};
    for (int i = 0; i < rank; ++i) out[i < axis ? 0 : 1] *= inputs[0][i];
    return out;
  }
  if (op == "Softmax") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    ASSIGN_OR_RETURN(int64_t axis, IntAttribute(node, "axis", -1));
    if (NormalizeAxis(axis, static_cast<int>(inputs[0].size())) < 0) {
      return NodeError(node, absl::StrCat("axis ", axis, " out of range for ",
                                          ShapeString(inputs[0])));
    }
    return inputs[0];
  }
  if (op == "Concat") return ConcatShape(node, inputs);
  if (op == "BatchNormalization") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 5, 5));
    if (inputs[0].size() < 2) return NodeError(node, "the input needs a channel axis");
    for (size_t i = 1; i < 5; ++i) {
      if (inputs[i] != Shape{inputs[0][1]}) {
        return NodeError(node, absl::StrCat("parameter ", i, " has shape ", ShapeString(inputs[i]),
                                            ", expected [", inputs[0][1], "]"));
      }
    }
    return inputs[0];
  }
  if (op == "LeakyRelu") {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    RETURN_IF_ERROR(FloatAttribute(node, "alpha", 0.01f).status());
    return inputs[0];
  }
  if (op == "Upsample") return UpsampleShape(node, inputs);
  return NodeError(node, "unsupported operator");
}

}  // namespace

absl::StatusOr<ConvParams> ParseConvParams(const cnn::Node& node) {
  ConvParams p;
  RETURN_IF_ERROR(ReadPair(node, "strides", 1, p.stride_h, p.stride_w));
  RETURN_IF_ERROR(ReadPair(node, "dilations", 1, p.dilation_h, p.dilation_w));
  RETURN_IF_ERROR(ReadPads(node, p.pad_top, p.pad_left, p.pad_bottom, p.pad_right));
  ASSIGN_OR_RETURN(p.group, IntAttribute(node, "group", 1));
  if (p.group < 1) return NodeError(node, "attribute 'group' must be at least 1");
  return p;
}

absl::StatusOr<PoolParams> ParsePoolParams(const cnn::Node& node) {
  PoolParams p;
  p.kernel_h = p.kernel_w = 0;
  RETURN_IF_ERROR(ReadPair(node, "kernel_shape", 1, p.kernel_h, p.kernel_w));
  RETURN_IF_ERROR(ReadPair(node, "strides", 1, p.stride_h, p.stride_w));
  RETURN_IF_ERROR(ReadPads(node, p.pad_top, p.pad_left, p.pad_bottom, p.pad_right));
  ASSIGN_OR_RETURN(int64_t ceil_mode, IntAttribute(node, "ceil_mode", 0));
  ASSIGN_OR_RETURN(int64_t count_include_pad, IntAttribute(node, "count_include_pad", 0));
  p.ceil_mode = ceil_mode != 0;
  p.count_include_pad = count_include_pad != 0;
  if (p.pad_top >= p.kernel_h || p.pad_bottom >= p.kernel_h || p.pad_left >= p.kernel_w ||
      p.pad_right >= p.kernel_w) {
    return NodeError(node, "padding must be smaller than the window");
  }
  return p;
}

absl::StatusOr<ClipRange> ParseClipRange(const cnn::Node& node) {
  ClipRange range;
  ASSIGN_OR_RETURN(range.min, FloatAttribute(node, "min", range.min));
  ASSIGN_OR_RETURN(range.max, FloatAttribute(node, "max", range.max));
  return range;
}

absl::StatusOr<std::vector<int64_t>> TransposePermutation(const cnn::Node& node, size_t rank) {
  std::vector<int64_t> reversed(rank);
  for (size_t i = 0; i < rank; ++i) reversed[i] = static_cast<int64_t>(rank - 1 - i);
  ASSIGN_OR_RETURN(std::vector<int64_t> perm, IntsAttribute(node, "perm", reversed));
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> identity(rank);
  for (size_t i = 0; i < rank; ++i) identity[i] = static_cast<int64_t>(i);
  if (sorted != identity) {
    return NodeError(node, absl::StrCat("perm ", ShapeString(perm),
                                        " is not a permutation of the ", rank, " axes"));
  }
  return perm;
}

absl::StatusOr<LrnParams> ParseLrnParams(const cnn::Node& node) {
  LrnParams p;
  ASSIGN_OR_RETURN(p.size, IntAttribute(node, "size", 0));
  ASSIGN_OR_RETURN(p.alpha, FloatAttribute(node, "alpha", p.alpha));
  ASSIGN_OR_RETURN(p.beta, FloatAttribute(node, "beta", p.beta));
  ASSIGN_OR_RETURN(p.bias, FloatAttribute(node, "bias", p.bias));
  if (p.size < 1) return NodeError(node, "attribute 'size' must be at least 1");
  if (!(p.bias > 0) || !(p.alpha >= 0) || !std::isfinite(p.beta)) {
    return NodeError(node, absl::StrCat("bias ", p.bias, " must be positive, alpha ", p.alpha,
                                        " not negative and beta ", p.beta, " finite"));
  }
  return p;
}

int64_t PooledSize(int64_t input, int64_t kernel, int64_t stride, int64_t pad_begin,
                   int64_t pad_end, bool ceil_mode) {
  const int64_t span = input + pad_begin + pad_end - kernel;
  if (span < 0) return 0;
  int64_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  if (ceil_mode && (out - 1) * stride >= input + pad_begin) --out;
  return out;
}

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

absl::StatusOr<Shape> ReshapedShape(const Shape& input, const std::vector<int64_t>& spec) {
  ASSIGN_OR_RETURN(int64_t count, NumElements(input));
  Shape out(spec.size());
  int inferred = -1;
  int64_t known = 1;
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == -1 && inferred < 0) {
      inferred = static_cast<int>(i);
      continue;
    }
    if (spec[i] == 0 && i < input.size()) {
      out[i] = input[i];
    } else if (spec[i] > 0) {
      out[i] = spec[i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("bad target shape ", ShapeString(spec),
                                                     " for ", ShapeString(input)));
    }
    if (out[i] != 0 && known > count / out[i]) {  // more than the input holds; no overflow
      return absl::InvalidArgumentError(absl::StrCat("cannot reshape ", ShapeString(input), " to ",
                                                     ShapeString(spec)));
    }
    known *= out[i];
  }
  if (inferred >= 0) {
    if (known == 0 || count % known != 0) {
      return absl::InvalidArgumentError(absl::StrCat("cannot reshape ", ShapeString(input), " to ",
                                                     ShapeString(spec)));
    }
    out[inferred] = count / known;
  }
  absl::StatusOr<int64_t> out_count = NumElements(out);
  if (!out_count.ok() || *out_count != count) {
    return absl::InvalidArgumentError(absl::StrCat("cannot reshape ", ShapeString(input), " to ",
                                                   ShapeString(spec)));
  }
  return out;
}

int NormalizeAxis(int64_t axis, int rank) {
  if (axis < -rank || axis >= rank) return -1;
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

absl::StatusOr<std::vector<Shape>> InferNodeOutputShapes(const cnn::Node& node,
                                                         const std::vector<Shape>& inputs) {
  if (node.output_size() != 1) {
    return NodeError(node, absl::StrCat("must have 1 output, has ", node.output_size()));
  }
  ASSIGN_OR_RETURN(Shape out, SingleOutputShape(node, inputs));
  // Every shape a node reads then has a bounded element count, so products of its dimensions
  // cannot overflow.
  if (absl::StatusOr<int64_t> count = NumElements(out); !count.ok()) {
    return NodeError(node, absl::StrCat("output ", count.status().message()));
  }
  return std::vector<Shape>{out};
}

absl::Status InferModelShapes(cnn::Model& model) {
  std::map<std::string, Shape> shapes;
  for (const cnn::ValueInfo& input : model.input()) {
    const Shape shape(input.dims().begin(), input.dims().end());
    ASSIGN_OR_RETURN(int64_t count, NumElements(shape));
    if (count == 0) {
      return absl::InvalidArgumentError(absl::StrCat("graph input '", input.name(),
                                                     "' has the empty shape ", ShapeString(shape)));
    }
    if (!shapes.emplace(input.name(), shape).second) {
      return absl::InvalidArgumentError(absl::StrCat("value '", input.name(), "' is defined twice"));
    }
  }
  for (const cnn::TensorData& weights : model.initializer()) {
    const Shape shape(weights.dims().begin(), weights.dims().end());
    absl::StatusOr<int64_t> count = NumElements(shape);
    if (count.ok() && *count == 0) {
      return absl::InvalidArgumentError(absl::StrCat("initializer '", weights.name(),
                                                     "' has the empty shape ", ShapeString(shape)));
    }
    if (!count.ok() || *count != weights.values_size()) {
      return absl::InvalidArgumentError(absl::StrCat("initializer '", weights.name(), "' of shape ",
                                                     ShapeString(shape), " has ",
                                                     weights.values_size(), " values"));
    }
    // NaN or infinite weights (a corrupt file, a bad training run) would only show up as NaN
    // outputs far away.
    for (int i = 0; i < weights.values_size(); ++i) {
      if (!std::isfinite(weights.values(i))) {
        return absl::InvalidArgumentError(absl::StrCat("initializer '", weights.name(), "' holds ",
                                                       weights.values(i), " at index ", i));
      }
    }
    if (!shapes.emplace(weights.name(), shape).second) {
      return absl::InvalidArgumentError(absl::StrCat("value '", weights.name(), "' is defined twice"));
    }
  }
  model.clear_value_info();
  for (const cnn::Node& node : model.node()) {
    std::vector<Shape> inputs;
    for (const std::string& name : node.input()) {
      auto it = shapes.find(name);
      if (it == shapes.end()) {
        return NodeError(node, absl::StrCat("reads '", name, "', which no earlier node defines"));
      }
      inputs.push_back(it->second);
    }
    ASSIGN_OR_RETURN(std::vector<Shape> outputs, InferNodeOutputShapes(node, inputs));
    for (int i = 0; i < node.output_size(); ++i) {
      if (!shapes.emplace(node.output(i), outputs[i]).second) {
        return NodeError(node, absl::StrCat("defines '", node.output(i), "' a second time"));
      }
      cnn::ValueInfo& info = *model.add_value_info();
      info.set_name(node.output(i));
      for (int64_t dim : outputs[i]) info.add_dims(dim);
    }
  }
  if (model.output_size() == 0) return absl::InvalidArgumentError("the graph has no outputs");
  for (cnn::ValueInfo& output : *model.mutable_output()) {
    auto it = shapes.find(output.name());
    if (it == shapes.end()) {
      return absl::InvalidArgumentError(absl::StrCat("graph output '", output.name(),
                                                     "' is not defined"));
    }
    output.clear_dims();
    for (int64_t dim : it->second) output.add_dims(dim);
  }
  return absl::OkStatus();
}

}  // namespace sentio
