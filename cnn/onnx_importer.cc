#include "cnn/onnx_importer.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cnn/batch_norm_folding.h"
#include "cnn/node_attributes.h"
#include "cnn/onnx_constant_folding.h"
#include "cnn/onnx_resize.h"
#include "cnn/onnx_values.h"
#include "cnn/reference_ops.h"
#include "cnn/shape_inference.h"
#include "cnn/tensor.h"
#include "sensing/status_macros.h"
#include "sensing/text_parsing.h"

namespace sentio {
namespace {

constexpr int64_t kMinOpset = 7;
constexpr int64_t kMaxOpset = 17;

absl::Status Error(absl::string_view message) { return absl::InvalidArgumentError(message); }

// "Conv node 'conv1'"; a node without a name is called after its first output, as in the IR.
std::string OnnxNodeLabel(const onnx::NodeProto& node) {
  const std::string& name =
      node.name().empty() && node.output_size() > 0 ? node.output(0) : node.name();
  return absl::StrCat(node.op_type(), " node '", name, "'");
}

// `node` without its inputs after the first (those the importer reads as constants).
onnx::NodeProto FirstInputOnly(const onnx::NodeProto& node) {
  onnx::NodeProto data_only = node;
  if (data_only.input_size() > 1) {
    data_only.mutable_input()->DeleteSubrange(1, data_only.input_size() - 1);
  }
  return data_only;
}

// Builds the IR graph node by node, tracking constants (folded instead of emitted) and shapes.
class OnnxGraphImporter {
 public:
  explicit OnnxGraphImporter(int64_t opset) : opset_(opset) {}

  absl::Status AddInitializer(const onnx::TensorProto& tensor) {
    if (IsIntegerType(tensor.data_type())) {
      ASSIGN_OR_RETURN(std::vector<int64_t> values, IntegerValues(tensor));
      integer_constants_[tensor.name()] = {Shape(tensor.dims().begin(), tensor.dims().end()), true,
                                           std::move(values)};
      return absl::OkStatus();
    }
    // Exporters write empty float tensors for the unused roi and scales inputs of Resize.
    if (std::count(tensor.dims().begin(), tensor.dims().end(), 0) > 0) {
      empty_constants_.insert(tensor.name());
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(Tensor values, FloatTensor(tensor));
    shapes_[tensor.name()] = values.shape();
    float_constants_[tensor.name()] = std::move(values);
    return absl::OkStatus();
  }

  absl::Status AddInput(const onnx::ValueInfoProto& input) {
    if (float_constants_.count(input.name()) > 0 || integer_constants_.count(input.name()) > 0) {
      return absl::OkStatus();  // older exporters list the initializers as inputs too
    }
    if (!input.type().has_tensor_type()) {
      return Error(absl::StrCat("graph input '", input.name(), "' is not a tensor"));
    }
    const onnx::TypeProto::Tensor& type = input.type().tensor_type();
    if (type.elem_type() != onnx::TensorProto::FLOAT) {
      return Error(absl::StrCat("graph input '", input.name(), "' has element type ",
                                type.elem_type(), ", not float"));
    }
    cnn::ValueInfo& info = *model_.add_input();
    info.set_name(input.name());
    Shape shape;
    for (const onnx::TensorShapeProto::Dimension& dim : type.shape().dim()) {
      // A symbolic dimension (a batch size "N") is taken as 1.
      shape.push_back(dim.has_dim_value() && dim.dim_value() > 0 ? dim.dim_value() : 1);
      info.add_dims(shape.back());
    }
    if (absl::StatusOr<int64_t> count = NumElements(shape); !count.ok()) {
      return Error(absl::StrCat("graph input '", input.name(), "': ", count.status().message()));
    }
    shapes_[input.name()] = shape;
    return absl::OkStatus();
  }

  absl::Status AddNode(const onnx::NodeProto& node) {
    if (!node.domain().empty() && node.domain() != "ai.onnx") {
      return Error(absl::StrCat(OnnxNodeLabel(node), ": operator domain '", node.domain(),
                                "' is not supported"));
    }
    absl::Status status = ConvertNode(node);
    // Errors from the IR checks already start with the node's label.
    if (!status.ok() && !absl::StartsWith(status.message(), OnnxNodeLabel(node))) {
      return Error(absl::StrCat(OnnxNodeLabel(node), ": ", status.message()));
    }
    return status;
  }

  absl::Status AddOutput(const onnx::ValueInfoProto& output) {
    const std::string name = Resolve(output.name());
    if (shapes_.count(name) == 0) {
      return Error(absl::StrCat("graph output '", output.name(), "' is not defined"));
    }
    if (float_constants_.count(name) > 0) EmitInitializer(name);
    model_.add_output()->set_name(name);
    return absl::OkStatus();
  }

  cnn::Model TakeModel() { return std::move(model_); }

 private:
  std::string Resolve(const std::string& name) const {
    auto it = aliases_.find(name);
    return it == aliases_.end() ? name : it->second;
  }

  absl::StatusOr<std::vector<int64_t>> IntegerInput(const onnx::NodeProto& node, int index) {
    auto it = integer_constants_.find(Resolve(node.input(index)));
    if (it == integer_constants_.end()) {
      return Error(absl::StrCat("input '", node.input(index),
                                "' must be a constant integer tensor (an initializer or Constant)"));
    }
    return it->second.integers;
  }

  void EmitInitializer(const std::string& name) {
    if (!emitted_.insert(name).second) return;
    const Tensor& tensor = float_constants_.at(name);
    cnn::TensorData& data = *model_.add_initializer();
    data.set_name(name);
    for (int64_t dim : tensor.shape()) data.add_dims(dim);
    data.mutable_values()->Add(tensor.values().begin(), tensor.values().end());
  }

  // Emits `node` (inputs already resolved), or computes it now when all its inputs are constants.
  absl::Status Emit(cnn::Node node) {
    std::vector<Shape> input_shapes;
    bool all_constant = true;
    for (const std::string& input : node.input()) {
      auto it = shapes_.find(input);
      if (it == shapes_.end()) {
        return NodeError(node, absl::StrCat("reads '", input, "', which no earlier node defines"));
      }
      input_shapes.push_back(it->second);
      all_constant = all_constant && float_constants_.count(input) > 0;
    }
    ASSIGN_OR_RETURN(std::vector<Shape> output_shapes, InferNodeOutputShapes(node, input_shapes));
    if (all_constant) {
      std::vector<const Tensor*> inputs;
      for (const std::string& input : node.input()) inputs.push_back(&float_constants_.at(input));
      ASSIGN_OR_RETURN(std::vector<Tensor> outputs, RunReferenceNode(node, inputs));
      shapes_[node.output(0)] = outputs[0].shape();
      float_constants_[node.output(0)] = std::move(outputs[0]);
      return absl::OkStatus();
    }
    for (const std::string& input : node.input()) {
      if (float_constants_.count(input) > 0) EmitInitializer(input);
    }
    shapes_[node.output(0)] = output_shapes[0];
    *model_.add_node() = std::move(node);
    return absl::OkStatus();
  }

  // The IR node for `node` with the first `input_count` inputs (resolved) and its first output.
  absl::StatusOr<cnn::Node> Start(const onnx::NodeProto& node, const std::string& op_type,
                                  int min_inputs, int max_inputs) {
    std::vector<std::string> inputs(node.input().begin(), node.input().end());
    while (!inputs.empty() && inputs.back().empty()) inputs.pop_back();  // omitted optionals
    if (static_cast<int>(inputs.size()) < min_inputs || static_cast<int>(inputs.size()) > max_inputs) {
      return Error(absl::StrCat("has ", inputs.size(), " inputs, expected ", min_inputs,
                                min_inputs == max_inputs ? "" : absl::StrCat(" to ", max_inputs)));
    }
    if (node.output_size() < 1 || node.output(0).empty()) return Error("has no output");
    for (int i = 1; i < node.output_size(); ++i) {
      if (!node.output(i).empty()) {
        return Error(absl::StrCat("output ", i, " ('", node.output(i), "') is not supported"));
      }
    }
    cnn::Node ir;
    ir.set_name(node.name().empty() ? node.output(0) : node.name());
    ir.set_op_type(op_type);
    for (const std::string& input : inputs) {
      if (input.empty()) return Error("an input in the middle is omitted");
      ir.add_input(Resolve(input));
    }
    ir.add_output(node.output(0));
    return ir;
  }

  // Copies integer attributes, checking their types.
  absl::Status CopyInt(const onnx::NodeProto& node, const char* name, cnn::Node& ir) {
    const onnx::AttributeProto* attribute = FindAttribute(node, name);
    if (attribute == nullptr) return absl::OkStatus();
    if (attribute->type() != onnx::AttributeProto::INT) {
      return Error(absl::StrCat("attribute '", name, "' is not an integer"));
    }
    SetIntAttribute(ir, name, attribute->i());
    return absl::OkStatus();
  }

  absl::Status CopyFloat(const onnx::NodeProto& node, const char* name, cnn::Node& ir) {
    const onnx::AttributeProto* attribute = FindAttribute(node, name);
    if (attribute == nullptr) return absl::OkStatus();
    if (attribute->type() != onnx::AttributeProto::FLOAT) {
      return Error(absl::StrCat("attribute '", name, "' is not a float"));
    }
    SetFloatAttribute(ir, name, attribute->f());
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<int64_t>> Ints(const onnx::NodeProto& node, const char* name,
                                            std::vector<int64_t> default_value) {
    const onnx::AttributeProto* attribute = FindAttribute(node, name);
    if (attribute == nullptr) return default_value;
    if (attribute->type() != onnx::AttributeProto::INTS) {
      return Error(absl::StrCat("attribute '", name, "' is not a list of integers"));
    }
    return std::vector<int64_t>(attribute->ints().begin(), attribute->ints().end());
  }

  // Spatial attributes of Conv and the pools: 2-D only, auto_pad turned into pads.
  absl::Status ConvertWindow(const onnx::NodeProto& node, const Shape& kernel, cnn::Node& ir) {
    ASSIGN_OR_RETURN(std::vector<int64_t> strides, Ints(node, "strides", {1, 1}));
    ASSIGN_OR_RETURN(std::vector<int64_t> dilations, Ints(node, "dilations", {1, 1}));
    ASSIGN_OR_RETURN(std::vector<int64_t> pads, Ints(node, "pads", {0, 0, 0, 0}));
    if (kernel.size() != 2 || strides.size() != 2 || dilations.size() != 2 || pads.size() != 4) {
      return Error("only 2-D windows are supported");
    }
    for (int axis = 0; axis < 2; ++axis) {
      if (kernel[axis] < 1 || strides[axis] < 1 || dilations[axis] < 1) {
        return Error("kernel_shape, strides and dilations must be at least 1");
      }
      if (kernel[axis] > kMaxWindowValue || strides[axis] > kMaxWindowValue ||
          dilations[axis] > kMaxWindowValue) {
        return Error(absl::StrCat("kernel_shape, strides or dilations are too large (at most ",
                                  kMaxWindowValue, ")"));
      }
    }
    std::string auto_pad = "NOTSET";
    if (const onnx::AttributeProto* attribute = FindAttribute(node, "auto_pad")) {
      auto_pad = attribute->s();
    }
    if (auto_pad == "VALID") {
      pads = {0, 0, 0, 0};
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      const Shape& input = shapes_.at(ir.input(0));
      if (input.size() != 4) return Error("auto_pad needs a 4-D input");
      for (int axis = 0; axis < 2; ++axis) {
        const int64_t size = input[2 + axis];
        const int64_t out = (size + strides[axis] - 1) / strides[axis];
        const int64_t total = std::max<int64_t>(
            0, (out - 1) * strides[axis] + dilations[axis] * (kernel[axis] - 1) + 1 - size);
        const int64_t small = total / 2, large = total - total / 2;
        pads[axis] = auto_pad == "SAME_UPPER" ? small : large;
        pads[axis + 2] = auto_pad == "SAME_UPPER" ? large : small;
      }
    } else if (auto_pad != "NOTSET") {
      return Error(absl::StrCat("auto_pad '", auto_pad, "' is not supported"));
    }
    SetIntsAttribute(ir, "strides", strides);
    SetIntsAttribute(ir, "pads", pads);
    if (ir.op_type() == "Conv") {
      SetIntsAttribute(ir, "dilations", dilations);
    } else if (dilations != std::vector<int64_t>{1, 1}) {
      return Error("pooling with dilations is not supported");
    }
    return absl::OkStatus();
  }

  absl::Status ConvertConv(const onnx::NodeProto& node) {
    ASSIGN_OR_RETURN(cnn::Node ir, Start(node, "Conv", 2, 3));
    RETURN_IF_ERROR(CopyInt(node, "group", ir));
    const auto weights = shapes_.find(ir.input(1));
    if (weights == shapes_.end() || weights->second.size() != 4) {
      return Error("the weights must be a 4-D tensor defined before the node");
    }
    const Shape kernel = {weights->second[2], weights->second[3]};
    ASSIGN_OR_RETURN(std::vector<int64_t> kernel_shape, Ints(node, "kernel_shape", kernel));
    if (kernel_shape != kernel) {
      return Error(absl::StrCat("kernel_shape ", ShapeString(kernel_shape),
                                " does not match the weights ", ShapeString(weights->second)));
    }
    if (shapes_.count(ir.input(0)) == 0) return Error(absl::StrCat("reads undefined '", ir.input(0), "'"));
    RETURN_IF_ERROR(ConvertWindow(node, kernel, ir));
    return Emit(std::move(ir));
  }

  absl::Status ConvertPool(const onnx::NodeProto& node) {
    ASSIGN_OR_RETURN(cnn::Node ir, Start(node, node.op_type(), 1, 1));
    ASSIGN_OR_RETURN(std::vector<int64_t> kernel, Ints(node, "kernel_shape", {}));
    if (kernel.empty()) return Error("has no kernel_shape");
    SetIntsAttribute(ir, "kernel_shape", kernel);
    RETURN_IF_ERROR(CopyInt(node, "ceil_mode", ir));
    if (node.op_type() == "AveragePool") RETURN_IF_ERROR(CopyInt(node, "count_include_pad", ir));
    if (const onnx::AttributeProto* order = FindAttribute(node, "storage_order")) {
      if (order->i() != 0) return Error("storage_order 1 is not supported");
    }
    if (shapes_.count(ir.input(0)) == 0) return Error(absl::StrCat("reads undefined '", ir.input(0), "'"));
    RETURN_IF_ERROR(ConvertWindow(node, kernel, ir));
    return Emit(std::move(ir));
  }

  absl::Status ConvertReshape(const onnx::NodeProto& node) {
    if (node.input_size() != 2) return Error("needs a data and a shape input");
    ASSIGN_OR_RETURN(std::vector<int64_t> spec, IntegerInput(node, 1));
    if (const onnx::AttributeProto* attribute = FindAttribute(node, "allowzero")) {
      for (int64_t dim : spec) {
        if (attribute->i() != 0 && dim == 0) return Error("allowzero with a zero dimension is not supported");
      }
    }
    ASSIGN_OR_RETURN(cnn::Node ir, Start(FirstInputOnly(node), "Reshape", 1, 1));
    SetIntsAttribute(ir, "shape", spec);
    return Emit(std::move(ir));
  }

  absl::Status ConvertSoftmax(const onnx::NodeProto& node) {
    ASSIGN_OR_RETURN(cnn::Node ir, Start(node, "Softmax", 1, 1));
    const auto input = shapes_.find(ir.input(0));
    if (input == shapes_.end()) return Error(absl::StrCat("reads undefined '", ir.input(0), "'"));
    const int rank = static_cast<int>(input->second.size());
    const onnx::AttributeProto* attribute = FindAttribute(node, "axis");
    const int64_t axis_attribute = attribute != nullptr ? attribute->i() : (opset_ < 13 ? 1 : -1);
    const int axis = NormalizeAxis(axis_attribute, rank);
    if (axis < 0) return Error(absl::StrCat("axis ", axis_attribute, " out of range"));
    if (opset_ >= 13 || axis == rank - 1) {
      SetIntAttribute(ir, "axis", axis);
      return Emit(std::move(ir));
    }
    // Before opset 13, Softmax works on the input flattened to 2-D at `axis`.
    const std::string output = ir.output(0);
    cnn::Node flatten = ir;
    flatten.set_op_type("Flatten");
    flatten.set_name(absl::StrCat(ir.name(), "_flatten"));
    flatten.set_output(0, absl::StrCat(output, "_flat"));
    SetIntAttribute(flatten, "axis", axis);
    cnn::Node softmax = ir;
    softmax.set_input(0, flatten.output(0));
    softmax.set_output(0, absl::StrCat(output, "_flat_softmax"));
    SetIntAttribute(softmax, "axis", 1);
    cnn::Node restore = ir;
    restore.set_op_type("Reshape");
    restore.set_name(absl::StrCat(ir.name(), "_restore"));
    restore.set_input(0, softmax.output(0));
    SetIntsAttribute(restore, "shape", input->second);
    RETURN_IF_ERROR(Emit(std::move(flatten)));
    RETURN_IF_ERROR(Emit(std::move(softmax)));
    return Emit(std::move(restore));
  }

  absl::Status ConvertConstant(const onnx::NodeProto& node) {
    if (node.output_size() != 1) return Error("must have 1 output");
    const std::string& name = node.output(0);
    if (const onnx::AttributeProto* value = FindAttribute(node, "value")) {
      onnx::TensorProto tensor = value->t();
      tensor.set_name(name);
      return AddInitializer(tensor);
    }
    if (const onnx::AttributeProto* value = FindAttribute(node, "value_float")) {
      float_constants_[name] = Tensor::FromValues({}, {value->f()}).value();
    } else if (const onnx::AttributeProto* value = FindAttribute(node, "value_floats")) {
      const int64_t count = value->floats_size();
      float_constants_[name] =
          Tensor::FromValues({count}, {value->floats().begin(), value->floats().end()}).value();
    } else if (const onnx::AttributeProto* value = FindAttribute(node, "value_int")) {
      integer_constants_[name] = {{}, true, {value->i()}};
      return absl::OkStatus();
    } else if (const onnx::AttributeProto* value = FindAttribute(node, "value_ints")) {
      integer_constants_[name] = {
          {value->ints_size()}, true, {value->ints().begin(), value->ints().end()}};
      return absl::OkStatus();
    } else {
      return Error("has no supported value attribute");
    }
    shapes_[name] = float_constants_[name].shape();
    return absl::OkStatus();
  }

  // Clip's bounds are attributes before opset 11 and optional constant inputs from 11.
  absl::Status ConvertClip(const onnx::NodeProto& node) {
    if (opset_ >= 11 && node.input_size() > 3) {
      return Error(absl::StrCat("has ", node.input_size(), " inputs"));
    }
    ASSIGN_OR_RETURN(cnn::Node ir, Start(opset_ >= 11 ? FirstInputOnly(node) : node, "Clip", 1, 1));
    if (opset_ < 11) {
      RETURN_IF_ERROR(CopyFloat(node, "min", ir));
      RETURN_IF_ERROR(CopyFloat(node, "max", ir));
      return Emit(std::move(ir));
    }
    for (int i = 1; i < node.input_size(); ++i) {
      if (node.input(i).empty()) continue;
      const char* bound = i == 1 ? "min" : "max";
      auto it = float_constants_.find(Resolve(node.input(i)));
      if (it == float_constants_.end() || it->second.size() != 1) {
        return Error(absl::StrCat(bound, " input '", node.input(i),
                                  "' must be a constant float scalar"));
      }
      SetFloatAttribute(ir, bound, it->second[0]);
    }
    return Emit(std::move(ir));
  }

  // Resize and Upsample in nearest mode with integer factors become the IR's Upsample.
  absl::Status ConvertNearestResize(const onnx::NodeProto& node) {
    if (node.input_size() < 1 || shapes_.count(Resolve(node.input(0))) == 0) {
      return Error("reads an undefined input");
    }
    OnnxConstantLookup constants;
    constants.floats = [this](const std::string& name) -> std::optional<std::vector<float>> {
      const std::string value = Resolve(name);
      if (empty_constants_.count(value) > 0) return std::vector<float>();
      auto it = float_constants_.find(value);
      if (it == float_constants_.end()) return std::nullopt;
      return it->second.values();
    };
    constants.integers = [this](const std::string& name) -> std::optional<std::vector<int64_t>> {
      auto it = integer_constants_.find(Resolve(name));
      if (it == integer_constants_.end()) return std::nullopt;
      return it->second.integers;
    };
    ASSIGN_OR_RETURN(std::vector<int64_t> scales,
                     NearestUpsampleScales(node, opset_, shapes_.at(Resolve(node.input(0))),
                                           constants));
    ASSIGN_OR_RETURN(cnn::Node ir, Start(FirstInputOnly(node), "Upsample", 1, 1));
    SetIntsAttribute(ir, "scales", scales);
    return Emit(std::move(ir));
  }

  // The element-wise activations, Transpose, LRN and GlobalMaxPool: attributes copied as they are.
  absl::Status ConvertOpCopyingAttributes(const onnx::NodeProto& node) {
    const std::string& op = node.op_type();
    ASSIGN_OR_RETURN(cnn::Node ir, Start(node, op, op == "PRelu" ? 2 : 1, op == "PRelu" ? 2 : 1));
    if (op == "LeakyRelu") RETURN_IF_ERROR(CopyFloat(node, "alpha", ir));
    if (op == "Transpose") {
      if (FindAttribute(node, "perm") != nullptr) {
        ASSIGN_OR_RETURN(std::vector<int64_t> perm, Ints(node, "perm", {}));
        SetIntsAttribute(ir, "perm", perm);
      }
    }
    if (op == "LRN") {
      if (FindAttribute(node, "size") == nullptr) return Error("has no size");
      RETURN_IF_ERROR(CopyInt(node, "size", ir));
      for (const char* name : {"alpha", "beta", "bias"}) RETURN_IF_ERROR(CopyFloat(node, name, ir));
    }
    return Emit(std::move(ir));
  }

  OnnxFoldingContext FoldingContext() const {
    OnnxFoldingContext context;
    context.opset = opset_;
    context.constant = [this](const std::string& name) -> std::optional<OnnxConstant> {
      const std::string value = Resolve(name);
      if (auto it = integer_constants_.find(value); it != integer_constants_.end()) {
        return it->second;
      }
      auto it = float_constants_.find(value);
      if (it == float_constants_.end()) return std::nullopt;
      return OnnxConstant{it->second.shape(), false, {}, it->second.values()};
    };
    context.shape = [this](const std::string& name) -> std::optional<Shape> {
      const std::string value = Resolve(name);
      if (auto it = integer_constants_.find(value); it != integer_constants_.end()) {
        return it->second.shape;
      }
      auto it = shapes_.find(value);
      if (it == shapes_.end()) return std::nullopt;
      return it->second;
    };
    return context;
  }

  // Computes `node` now when it only works on constants (cnn/onnx_constant_folding.h).
  absl::StatusOr<bool> FoldConstantNode(const onnx::NodeProto& node) {
    ASSIGN_OR_RETURN(std::optional<OnnxConstant> value, FoldOnnxNode(node, FoldingContext()));
    if (!value) return false;
    if (node.output_size() < 1 || node.output(0).empty()) return Error("has no output");
    const std::string& name = node.output(0);
    if (value->is_integer) {
      integer_constants_[name] = *std::move(value);
      return true;
    }
    ASSIGN_OR_RETURN(Tensor tensor, Tensor::FromValues(value->shape, std::move(value->floats)));
    shapes_[name] = tensor.shape();
    float_constants_[name] = std::move(tensor);
    return true;
  }

  // Squeeze and Unsqueeze of a graph value: a Reshape to the shape they give.
  absl::Status ConvertSqueeze(const onnx::NodeProto& node) {
    ASSIGN_OR_RETURN(std::vector<int64_t> axes, SqueezeAxes(node, FoldingContext()));
    onnx::NodeProto data_only = node;
    if (data_only.input_size() > 1) {
      data_only.mutable_input()->DeleteSubrange(1, data_only.input_size() - 1);
    }
    ASSIGN_OR_RETURN(cnn::Node ir, Start(data_only, "Reshape", 1, 1));
    auto input = shapes_.find(ir.input(0));
    if (input == shapes_.end()) return Error(absl::StrCat("reads undefined '", ir.input(0), "'"));
    ASSIGN_OR_RETURN(Shape shape,
                     SqueezedShape(input->second, axes, node.op_type() == "Unsqueeze"));
    SetIntsAttribute(ir, "shape", shape);
    return Emit(std::move(ir));
  }

  // Cast of a graph value: the engines compute in float, so only a cast to float, which changes
  // nothing.
  absl::Status ConvertCast(const onnx::NodeProto& node) {
    const onnx::AttributeProto* to = FindAttribute(node, "to");
    if (to == nullptr ||
        (to->i() != onnx::TensorProto::FLOAT && to->i() != onnx::TensorProto::DOUBLE)) {
      return Error("only a cast of a graph value to float is supported");
    }
    if (node.input_size() != 1 || node.output_size() != 1) {
      return Error("needs an input and an output");
    }
    aliases_[node.output(0)] = Resolve(node.input(0));
    return absl::OkStatus();
  }

  absl::Status ConvertNode(const onnx::NodeProto& node) {
    const std::string& op = node.op_type();
    if (op == "Clip") return ConvertClip(node);
    if (op == "Resize" || op == "Upsample") return ConvertNearestResize(node);
    if (op == "PRelu" || op == "Sigmoid" || op == "Tanh" || op == "LeakyRelu" ||
        op == "Transpose" || op == "LRN" || op == "GlobalMaxPool") {
      return ConvertOpCopyingAttributes(node);
    }
    if (op == "Constant") return ConvertConstant(node);
    if (IsFoldableOnnxOp(op)) {
      ASSIGN_OR_RETURN(bool folded, FoldConstantNode(node));
      if (folded) return absl::OkStatus();
      if (op == "Squeeze" || op == "Unsqueeze") return ConvertSqueeze(node);
      if (op == "Cast") return ConvertCast(node);
    }
    if (op == "Identity" || op == "Dropout") {
      if (node.input_size() < 1 || node.output_size() < 1) return Error("needs an input and an output");
      for (int i = 1; i < node.output_size(); ++i) {
        if (!node.output(i).empty()) return Error("the mask output is not supported");
      }
      const std::string source = Resolve(node.input(0));
      aliases_[node.output(0)] = source;
      return absl::OkStatus();
    }
    if (op == "Conv") return ConvertConv(node);
    if (op == "MaxPool" || op == "AveragePool") return ConvertPool(node);
    if (op == "Reshape") return ConvertReshape(node);
    if (op == "Softmax") return ConvertSoftmax(node);
    if (op == "Relu" || op == "GlobalAveragePool") {
      ASSIGN_OR_RETURN(cnn::Node ir, Start(node, op, 1, 1));
      return Emit(std::move(ir));
    }
    if (op == "Add" || op == "Mul" || op == "MatMul") {
      if (const onnx::AttributeProto* broadcast = FindAttribute(node, "broadcast")) {
        if (broadcast->i() != 0 && FindAttribute(node, "axis") != nullptr) {
          return Error("legacy broadcast with an axis is not supported");
        }
      }
      ASSIGN_OR_RETURN(cnn::Node ir, Start(node, op, 2, 2));
      return Emit(std::move(ir));
    }
    if (op == "Gemm") {
      ASSIGN_OR_RETURN(cnn::Node ir, Start(node, op, 2, 3));
      RETURN_IF_ERROR(CopyInt(node, "transA", ir));
      RETURN_IF_ERROR(CopyInt(node, "transB", ir));
      RETURN_IF_ERROR(CopyFloat(node, "alpha", ir));
      RETURN_IF_ERROR(CopyFloat(node, "beta", ir));
      return Emit(std::move(ir));
    }
    if (op == "Flatten") {
      ASSIGN_OR_RETURN(cnn::Node ir, Start(node, op, 1, 1));
      RETURN_IF_ERROR(CopyInt(node, "axis", ir));
      return Emit(std::move(ir));
    }
    if (op == "Concat") {
      ASSIGN_OR_RETURN(cnn::Node ir, Start(node, op, 1, node.input_size()));
      if (FindAttribute(node, "axis") == nullptr) return Error("has no axis");
      RETURN_IF_ERROR(CopyInt(node, "axis", ir));
      return Emit(std::move(ir));
    }
    if (op == "BatchNormalization") {
      if (const onnx::AttributeProto* spatial = FindAttribute(node, "spatial")) {
        if (spatial->i() != 1) return Error("spatial 0 is not supported");
      }
      ASSIGN_OR_RETURN(cnn::Node ir, Start(node, op, 5, 5));
      RETURN_IF_ERROR(CopyFloat(node, "epsilon", ir));
      return Emit(std::move(ir));
    }
    return Error(absl::StrCat("unsupported op '", op, "'"));
  }

  const int64_t opset_;
  cnn::Model model_;
  std::map<std::string, Shape> shapes_;
  std::map<std::string, Tensor> float_constants_;
  std::map<std::string, OnnxConstant> integer_constants_;  // shapes, axes, indices
  std::set<std::string> empty_constants_;       // empty float tensors (Resize's unused inputs)
  std::map<std::string, std::string> aliases_;  // Identity / Dropout outputs -> their inputs
  std::set<std::string> emitted_;
};

// Frees the initializers' data as they are imported.
absl::StatusOr<cnn::Model> ImportGraph(onnx::ModelProto& onnx_model) {
  int64_t opset = -1;
  for (const onnx::OperatorSetIdProto& id : onnx_model.opset_import()) {
    if (id.domain().empty() || id.domain() == "ai.onnx") opset = id.version();
  }
  if (opset < 0 && onnx_model.opset_import_size() == 0) opset = 1;  // IR version 1-2 files
  if (opset < kMinOpset || opset > kMaxOpset) {
    return Error(absl::StrCat("opset ", opset, " is not supported (", kMinOpset, " to ", kMaxOpset,
                              ")"));
  }
  if (!onnx_model.has_graph()) return Error("the file has no graph");
  onnx::GraphProto& graph = *onnx_model.mutable_graph();
  OnnxGraphImporter importer(opset);
  for (onnx::TensorProto& tensor : *graph.mutable_initializer()) {
    RETURN_IF_ERROR(importer.AddInitializer(tensor));
    // The importer holds its own copy now: the weights are not held three times at once.
    std::string().swap(*tensor.mutable_raw_data());
    google::protobuf::RepeatedField<float>().Swap(tensor.mutable_float_data());
  }
  for (const onnx::ValueInfoProto& input : graph.input()) RETURN_IF_ERROR(importer.AddInput(input));
  for (const onnx::NodeProto& node : graph.node()) RETURN_IF_ERROR(importer.AddNode(node));
  for (const onnx::ValueInfoProto& output : graph.output()) {
    RETURN_IF_ERROR(importer.AddOutput(output));
  }
  cnn::Model model = importer.TakeModel();
  model.set_name(graph.name());
  FoldBatchNormIntoConv(model);
  RETURN_IF_ERROR(InferModelShapes(model));
  return model;
}

}  // namespace

absl::StatusOr<cnn::Model> ImportOnnxModel(onnx::ModelProto onnx_model,
                                           absl::string_view file_name) {
  absl::StatusOr<cnn::Model> model = ImportGraph(onnx_model);
  if (!model.ok()) return Error(absl::StrCat(file_name, ": ", model.status().message()));
  model->set_source(absl::StrCat("onnx:", file_name));
  return model;
}

absl::StatusOr<cnn::Model> ImportOnnxFile(const std::string& path) {
  onnx::ModelProto onnx_model;
  {
    // The file's bytes are freed before the import.
    ASSIGN_OR_RETURN(std::string bytes, ReadTextFile(path));
    if (!onnx_model.ParseFromString(bytes)) {
      return Error(absl::StrCat(path, ": not an ONNX model (protobuf parse failed)"));
    }
  }
  return ImportOnnxModel(std::move(onnx_model), path);
}

}  // namespace sentio
