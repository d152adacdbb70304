#include "cnn/import/onnx_importer.h"

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
#include "absl/strings/str_join.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "cnn/engine/reference_ops.h"
#include "cnn/import/onnx_constant_folding.h"
#include "cnn/import/onnx_resize.h"
#include "cnn/import/onnx_values.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/shape_inference.h"
#include "cnn/ir/tensor.h"
#include "cnn/ops/op_registry.h"

namespace sentio::cnn::import {

using engine::RunReferenceNode;

namespace {

constexpr int64_t kMinOpset = 1;
constexpr int64_t kMaxOpset = 21;

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

  absl::Status AddInput(const onnx::ValueInfoProto& input, const InputShapes& input_shapes) {
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
    const auto given = input_shapes.find(input.name());
    if (given != input_shapes.end() && given->second.size() != type.shape().dim_size()) {
      return Error(absl::StrCat("graph input '", input.name(), "' has rank ",
                                type.shape().dim_size(), ", the shape given for it is ",
                                ShapeString(given->second)));
    }
    Shape shape;
    bool symbolic = false;
    for (int i = 0; i < type.shape().dim_size(); ++i) {
      const onnx::TensorShapeProto::Dimension& dim = type.shape().dim(i);
      const bool fixed = dim.has_dim_value() && dim.dim_value() >= 0;
      if (given == input_shapes.end()) {
        shape.push_back(fixed ? dim.dim_value() : 1);  // a symbolic dimension is taken as 1
      } else if (fixed && given->second[i] != dim.dim_value()) {
        return Error(absl::StrCat("graph input '", input.name(), "' has the fixed dimension ",
                                  dim.dim_value(), " at axis ", i, ", the shape given for it is ",
                                  ShapeString(given->second)));
      } else {
        shape.push_back(given->second[i]);
      }
      info.add_dims(shape.back());
      info.add_dim_params(fixed ? "" : (dim.dim_param().empty() ? "?" : dim.dim_param()));
      symbolic = symbolic || !fixed;
    }
    if (!symbolic) info.clear_dim_params();
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
    if (name != output.name()) {
      // An Identity, Dropout or Cast output: the graph output keeps its own name.
      cnn::Node identity;
      identity.set_name(output.name());
      identity.set_op_type("Identity");
      identity.add_input(name);
      identity.add_output(output.name());
      RETURN_IF_ERROR(Emit(std::move(identity)));
    }
    model_.add_output()->set_name(output.name());
    return absl::OkStatus();
  }

  bool HasInput(const std::string& name) const {
    for (const cnn::ValueInfo& input : model_.input()) {
      if (input.name() == name) return true;
    }
    return false;
  }

  cnn::Model TakeModel() { return std::move(model_); }

 private:
  std::string Resolve(const std::string& name) const {
    auto it = aliases_.find(name);
    return it == aliases_.end() ? name : it->second;
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
      for (int i = 0; i < node.output_size(); ++i) {
        shapes_[node.output(i)] = outputs[i].shape();
        float_constants_[node.output(i)] = std::move(outputs[i]);
      }
      return absl::OkStatus();
    }
    for (const std::string& input : node.input()) {
      if (float_constants_.count(input) > 0) EmitInitializer(input);
    }
    for (int i = 0; i < node.output_size(); ++i) shapes_[node.output(i)] = output_shapes[i];
    *model_.add_node() = std::move(node);
    return absl::OkStatus();
  }

  // Copies every attribute of `node` to `ir` as it is; attribute types the IR does not hold
  // (tensors, graphs) are an error naming the attribute.
  absl::Status CopyAttributes(const onnx::NodeProto& node, cnn::Node& ir) {
    for (const onnx::AttributeProto& attribute : node.attribute()) {
      cnn::Attribute& copy = *ir.add_attribute();
      copy.set_name(attribute.name());
      switch (attribute.type()) {
        case onnx::AttributeProto::INT:
          copy.set_type(cnn::Attribute::INT);
          copy.set_i(attribute.i());
          break;
        case onnx::AttributeProto::FLOAT:
          copy.set_type(cnn::Attribute::FLOAT);
          copy.set_f(attribute.f());
          break;
        case onnx::AttributeProto::STRING:
          copy.set_type(cnn::Attribute::STRING);
          copy.set_s(attribute.s());
          break;
        case onnx::AttributeProto::INTS:
          copy.set_type(cnn::Attribute::INTS);
          copy.mutable_ints()->CopyFrom(attribute.ints());
          break;
        case onnx::AttributeProto::FLOATS:
          copy.set_type(cnn::Attribute::FLOATS);
          copy.mutable_floats()->CopyFrom(attribute.floats());
          break;
        default:
          return Error(absl::StrCat("attribute '", attribute.name(), "' has type ",
                                    attribute.type(), ", which is not supported"));
      }
    }
    return absl::OkStatus();
  }

  // Sets the attribute that constant input `name` becomes (cnn/ops/op_registry.h).
  absl::Status SetConstantAttribute(const std::string& name, const cnn::ops::OnnxConstantInput& spec,
                                    cnn::Node& ir) {
    const std::string value = Resolve(name);
    if (empty_constants_.count(value) > 0) return absl::OkStatus();  // an empty tensor: absent
    Shape shape;
    std::vector<float> floats;
    std::vector<int64_t> integers;
    bool is_integer = false;
    if (auto it = integer_constants_.find(value); it != integer_constants_.end()) {
      shape = it->second.shape;
      integers = it->second.integers;
      is_integer = true;
    } else if (auto it = float_constants_.find(value); it != float_constants_.end()) {
      shape = it->second.shape();
      floats = it->second.values();
    } else {
      return Error(absl::StrCat("input '", name, "' (", spec.attribute,
                                ") must be a constant (an initializer or Constant)"));
    }
    if (spec.scalar) {
      const size_t count = is_integer ? integers.size() : floats.size();
      if (count != 1) {
        return Error(absl::StrCat("input '", name, "' (", spec.attribute, ") must hold one value, has ",
                                  count));
      }
      if (is_integer) {
        SetIntAttribute(ir, spec.attribute, integers[0]);
      } else {
        SetFloatAttribute(ir, spec.attribute, floats[0]);
      }
    } else if (is_integer) {
      SetIntsAttribute(ir, spec.attribute, integers);
    } else {
      SetFloatsAttribute(ir, spec.attribute, floats);
    }
    if (spec.keep_shape) SetIntsAttribute(ir, absl::StrCat(spec.attribute, "_shape"), shape);
    return absl::OkStatus();
  }

  // Makes an integer constant that an op reads as data (Where's condition, Gather's data) a float
  // constant too; the IR computes in float.
  absl::Status IntegerConstantAsFloat(const std::string& name) {
    auto it = integer_constants_.find(name);
    if (it == integer_constants_.end() || float_constants_.count(name) > 0) return absl::OkStatus();
    if (std::count(it->second.shape.begin(), it->second.shape.end(), 0) > 0) {
      return Error(absl::StrCat("input '", name, "' is an empty integer tensor"));
    }
    std::vector<float> values(it->second.integers.begin(), it->second.integers.end());
    ASSIGN_OR_RETURN(Tensor tensor, Tensor::FromValues(it->second.shape, std::move(values)));
    shapes_[name] = tensor.shape();
    float_constants_[name] = std::move(tensor);
    return absl::OkStatus();
  }

  // Any op of the registry (cnn/ops/op_registry.h): attributes copied, the inputs the op reads as
  // constants turned into attributes, the other inputs kept in their order.
  absl::Status ConvertRegisteredOp(const onnx::NodeProto& node, const cnn::ops::OpDefinition& op) {
    int outputs = node.output_size();
    while (outputs > 0 && node.output(outputs - 1).empty()) --outputs;  // omitted optionals
    if (outputs == 0) return Error("has no output");
    cnn::Node ir;
    ir.set_name(node.name().empty() ? node.output(0) : node.name());
    ir.set_op_type(node.op_type());
    for (int i = 0; i < outputs; ++i) {
      if (node.output(i).empty()) return Error(absl::StrCat("output ", i, " in the middle is omitted"));
      ir.add_output(node.output(i));
    }
    RETURN_IF_ERROR(CopyAttributes(node, ir));
    if (op.onnx_opset_dependent) SetIntAttribute(ir, "onnx_opset", opset_);
    bool omitted = false;
    for (int i = 0; i < node.input_size(); ++i) {
      const std::string& name = node.input(i);
      const auto constant = std::find_if(
          op.onnx_constant_inputs.begin(), op.onnx_constant_inputs.end(),
          [&](const cnn::ops::OnnxConstantInput& c) { return c.index == i && opset_ >= c.since_opset; });
      if (constant != op.onnx_constant_inputs.end()) {
        if (!name.empty()) RETURN_IF_ERROR(SetConstantAttribute(name, *constant, ir));
        continue;
      }
      if (name.empty()) {
        omitted = true;
        continue;
      }
      if (omitted) return Error(absl::StrCat("input ", i, " follows an omitted input"));
      RETURN_IF_ERROR(IntegerConstantAsFloat(Resolve(name)));
      ir.add_input(Resolve(name));
    }
    return Emit(std::move(ir));
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

  absl::StatusOr<std::vector<int64_t>> Ints(const onnx::NodeProto& node, const char* name,
                                            std::vector<int64_t> default_value) {
    const onnx::AttributeProto* attribute = FindAttribute(node, name);
    if (attribute == nullptr) return default_value;
    if (attribute->type() != onnx::AttributeProto::INTS) {
      return Error(absl::StrCat("attribute '", name, "' is not a list of integers"));
    }
    return std::vector<int64_t>(attribute->ints().begin(), attribute->ints().end());
  }

  // Spatial attributes of Conv and the pools on N = kernel.size() axes (1-D, 2-D, 3-D...): auto_pad
  // turned into pads, ONNX's defaults written out.
  absl::Status ConvertWindow(const onnx::NodeProto& node, const Shape& kernel, cnn::Node& ir) {
    const size_t n = kernel.size();
    const Shape& input = shapes_.at(ir.input(0));
    if (n == 0 || input.size() != n + 2) {
      return Error(absl::StrCat("kernel_shape ", ShapeString(kernel), " does not fit the input ",
                                ShapeString(input)));
    }
    ASSIGN_OR_RETURN(std::vector<int64_t> strides, Ints(node, "strides", Shape(n, 1)));
    ASSIGN_OR_RETURN(std::vector<int64_t> dilations, Ints(node, "dilations", Shape(n, 1)));
    ASSIGN_OR_RETURN(std::vector<int64_t> pads, Ints(node, "pads", Shape(2 * n, 0)));
    if (strides.size() != n || dilations.size() != n || pads.size() != 2 * n) {
      return Error(absl::StrCat("strides, dilations and pads need ", n, ", ", n, " and ", 2 * n,
                                " values for a ", n, "-D window"));
    }
    for (size_t axis = 0; axis < n; ++axis) {
      if (kernel[axis] < 1 || strides[axis] < 1 || dilations[axis] < 1) {
        return Error("kernel_shape, strides and dilations must be at least 1");
      }
      if (kernel[axis] > kMaxWindowValue || strides[axis] > kMaxWindowValue ||
          dilations[axis] > kMaxWindowValue) {
        return Error(absl::StrCat("kernel_shape, strides or dilations are too large (at most ",
                                  kMaxWindowValue, ")"));
      }
    }
    const std::string auto_pad = AutoPad(node);
    if (auto_pad == "VALID") {
      pads.assign(2 * n, 0);
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      for (size_t axis = 0; axis < n; ++axis) {
        const int64_t size = input[2 + axis];
        const int64_t out = (size + strides[axis] - 1) / strides[axis];
        const int64_t total = std::max<int64_t>(
            0, (out - 1) * strides[axis] + dilations[axis] * (kernel[axis] - 1) + 1 - size);
        const int64_t small = total / 2, large = total - total / 2;
        pads[axis] = auto_pad == "SAME_UPPER" ? small : large;
        pads[axis + n] = auto_pad == "SAME_UPPER" ? large : small;
      }
    } else if (auto_pad != "NOTSET") {
      return Error(absl::StrCat("auto_pad '", auto_pad, "' is not supported"));
    }
    SetIntsAttribute(ir, "strides", strides);
    SetIntsAttribute(ir, "pads", pads);
    if (ir.op_type() == "Conv" || dilations != Shape(n, 1)) {
      SetIntsAttribute(ir, "dilations", dilations);
    }
    return absl::OkStatus();
  }

  // The auto_pad attribute of Conv and the pools, NOTSET when absent.
  std::string AutoPad(const onnx::NodeProto& node) {
    const onnx::AttributeProto* attribute = FindAttribute(node, "auto_pad");
    return attribute != nullptr ? attribute->s() : "NOTSET";
  }

  absl::Status ConvertConv(const onnx::NodeProto& node) {
    ASSIGN_OR_RETURN(cnn::Node ir, Start(node, "Conv", 2, 3));
    RETURN_IF_ERROR(CopyInt(node, "group", ir));
    const auto weights = shapes_.find(ir.input(1));
    if (weights == shapes_.end() || weights->second.size() < 3) {
      return Error("the weights must be a tensor of rank 3 or more defined before the node");
    }
    const Shape kernel(weights->second.begin() + 2, weights->second.end());
    ASSIGN_OR_RETURN(std::vector<int64_t> kernel_shape, Ints(node, "kernel_shape", kernel));
    if (kernel_shape != kernel) {
      return Error(absl::StrCat("kernel_shape ", ShapeString(kernel_shape),
                                " does not match the weights ", ShapeString(weights->second)));
    }
    if (shapes_.count(ir.input(0)) == 0) return Error(absl::StrCat("reads undefined '", ir.input(0), "'"));
    RETURN_IF_ERROR(ConvertWindow(node, kernel, ir));
    return Emit(std::move(ir));
  }

  // MaxPool and AveragePool. storage_order only lays out MaxPool's Indices output, which Start
  // refuses. With auto_pad, ONNX's output sizes are those of floor mode, so ceil_mode is dropped.
  absl::Status ConvertPool(const onnx::NodeProto& node) {
    ASSIGN_OR_RETURN(cnn::Node ir, Start(node, node.op_type(), 1, 1));
    ASSIGN_OR_RETURN(std::vector<int64_t> kernel, Ints(node, "kernel_shape", {}));
    if (kernel.empty()) return Error("has no kernel_shape");
    SetIntsAttribute(ir, "kernel_shape", kernel);
    if (AutoPad(node) == "NOTSET") RETURN_IF_ERROR(CopyInt(node, "ceil_mode", ir));
    if (node.op_type() == "AveragePool") RETURN_IF_ERROR(CopyInt(node, "count_include_pad", ir));
    if (shapes_.count(ir.input(0)) == 0) return Error(absl::StrCat("reads undefined '", ir.input(0), "'"));
    RETURN_IF_ERROR(ConvertWindow(node, kernel, ir));
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

  // Resize and Upsample in nearest mode with integer factors become the IR's Upsample, which
  // engines run fastest; the others become the IR's Resize (an Upsample node is a Resize whose
  // opset gives it the defaults of Resize-10).
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
    absl::StatusOr<std::vector<int64_t>> scales =
        NearestUpsampleScales(node, opset_, shapes_.at(Resolve(node.input(0))), constants);
    if (!scales.ok()) {
      const cnn::ops::OpDefinition* resize = cnn::ops::FindOp("Resize");
      if (resize == nullptr) return scales.status();
      onnx::NodeProto as_resize = node;
      as_resize.set_op_type("Resize");
      return ConvertRegisteredOp(as_resize, *resize);
    }
    ASSIGN_OR_RETURN(cnn::Node ir, Start(FirstInputOnly(node), "Upsample", 1, 1));
    SetIntsAttribute(ir, "scales", *scales);
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

  // Computes `node` now when it only works on constants (cnn/import/onnx_constant_folding.h).
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

  // CastLike of a graph value: to float when input 1 is (a graph value or a float constant),
  // which changes nothing.
  absl::Status ConvertCastLike(const onnx::NodeProto& node) {
    if (node.input_size() != 2 || node.output_size() != 1) {
      return Error("needs an input, a target-type input and an output");
    }
    if (integer_constants_.count(Resolve(node.input(1))) > 0) {
      return Error("only a cast of a graph value to float is supported");
    }
    aliases_[node.output(0)] = Resolve(node.input(0));
    return absl::OkStatus();
  }

  // Whether Dropout `node` passes its input through: no mask output, and no training_mode input
  // (opset 12) other than a constant false. Otherwise the registered op decides.
  bool IsInferenceDropout(const onnx::NodeProto& node) const {
    for (int i = 1; i < node.output_size(); ++i) {
      if (!node.output(i).empty()) return false;
    }
    if (opset_ < 12 || node.input_size() < 3 || node.input(2).empty()) return true;
    auto training = integer_constants_.find(Resolve(node.input(2)));
    if (training == integer_constants_.end()) return false;
    if (training->second.integers == std::vector<int64_t>{0}) return true;
    // Training with ratio 0 drops nothing.
    auto ratio = float_constants_.find(Resolve(node.input(1)));
    return ratio != float_constants_.end() && ratio->second.size() == 1 && ratio->second[0] == 0;
  }

  // Refuses an attribute the op does not take (cnn/ops/op_registry.h's onnx_attributes, or the
  // importer's own ops below), so that nothing a model asks for is silently ignored. An op unknown
  // here is left to the "unsupported op" error.
  absl::Status CheckAttributes(const onnx::NodeProto& node) {
    // The ops the importer folds or resolves itself, without a registry entry.
    static const auto* const kImporterOps = new std::map<std::string, std::set<std::string>>{
        {"Constant", {"value", "value_float", "value_floats", "value_int", "value_ints"}},
        {"Cast", {"to", "saturate"}},
        {"CastLike", {"saturate"}},
        {"Squeeze", {"axes"}},
        {"Unsqueeze", {"axes"}},
        {"Shape", {"start", "end"}},
        {"Size", {}},
        {"ConstantOfShape", {"value"}}};
    std::set<std::string> allowed;
    if (const cnn::ops::OpDefinition* op = cnn::ops::FindOp(node.op_type())) {
      allowed.insert(op->onnx_attributes.begin(), op->onnx_attributes.end());
      for (const cnn::ops::OnnxConstantInput& input : op->onnx_constant_inputs) {
        if (opset_ < input.since_opset) allowed.insert(input.attribute);
      }
    } else if (auto it = kImporterOps->find(node.op_type()); it != kImporterOps->end()) {
      allowed = it->second;
    } else {
      return absl::OkStatus();
    }
    // Opsets 1 to 5's hint for in-place execution, which means nothing to the result.
    allowed.insert("consumed_inputs");
    for (const onnx::AttributeProto& attribute : node.attribute()) {
      if (allowed.count(attribute.name()) > 0) continue;
      allowed.erase("consumed_inputs");
      return Error(absl::StrCat("attribute '", attribute.name(), "' is not supported; ",
                                node.op_type(), " takes ",
                                allowed.empty() ? "none" : absl::StrJoin(allowed, ", ")));
    }
    return absl::OkStatus();
  }

  absl::Status ConvertNode(const onnx::NodeProto& node) {
    const std::string& op = node.op_type();
    RETURN_IF_ERROR(CheckAttributes(node));
    if (op == "Resize" || op == "Upsample") return ConvertNearestResize(node);
    if (op == "Constant") return ConvertConstant(node);
    if (IsFoldableOnnxOp(op)) {
      ASSIGN_OR_RETURN(bool folded, FoldConstantNode(node));
      if (folded) return absl::OkStatus();
      if (op == "Squeeze" || op == "Unsqueeze") return ConvertSqueeze(node);
      if (op == "Cast") return ConvertCast(node);
      if (op == "CastLike") return ConvertCastLike(node);
    }
    if (op == "Identity" || (op == "Dropout" && IsInferenceDropout(node))) {
      if (node.input_size() < 1 || node.output_size() < 1) {
        return Error("needs an input and an output");
      }
      aliases_[node.output(0)] = Resolve(node.input(0));
      return absl::OkStatus();
    }
    if (op == "Conv") return ConvertConv(node);
    if (op == "MaxPool" || op == "AveragePool") return ConvertPool(node);
    if (op == "Softmax") return ConvertSoftmax(node);
    if (const cnn::ops::OpDefinition* definition = cnn::ops::FindOp(op)) {
      // Before opset 7 the binary ops broadcast only when told, along `axis`.
      const onnx::AttributeProto* broadcast = FindAttribute(node, "broadcast");
      if (broadcast != nullptr && broadcast->i() != 0 && FindAttribute(node, "axis") != nullptr) {
        return Error("legacy broadcast with an axis is not supported");
      }
      return ConvertRegisteredOp(node, *definition);
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
absl::StatusOr<cnn::Model> ImportGraph(onnx::ModelProto& onnx_model,
                                       const InputShapes& input_shapes) {
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
  for (const onnx::ValueInfoProto& input : graph.input()) {
    RETURN_IF_ERROR(importer.AddInput(input, input_shapes));
  }
  for (const auto& [name, shape] : input_shapes) {
    if (!importer.HasInput(name)) {
      return Error(absl::StrCat("a shape is given for '", name, "', which is not a graph input"));
    }
  }
  for (const onnx::NodeProto& node : graph.node()) RETURN_IF_ERROR(importer.AddNode(node));
  for (const onnx::ValueInfoProto& output : graph.output()) {
    RETURN_IF_ERROR(importer.AddOutput(output));
  }
  cnn::Model model = importer.TakeModel();
  model.set_name(graph.name());
  RETURN_IF_ERROR(InferModelShapes(model));
  return model;
}

}  // namespace

absl::StatusOr<cnn::Model> ImportOnnxModel(onnx::ModelProto onnx_model,
                                           absl::string_view file_name,
                                           const InputShapes& input_shapes) {
  absl::StatusOr<cnn::Model> model = ImportGraph(onnx_model, input_shapes);
  if (!model.ok()) return Error(absl::StrCat(file_name, ": ", model.status().message()));
  model->set_source(absl::StrCat("onnx:", file_name));
  return model;
}

absl::StatusOr<cnn::Model> ImportOnnxFile(const std::string& path,
                                          const InputShapes& input_shapes) {
  onnx::ModelProto onnx_model;
  {
    // The file's bytes are freed before the import.
    ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path));
    if (!onnx_model.ParseFromString(bytes)) {
      return Error(absl::StrCat(path, ": not an ONNX model (protobuf parse failed)"));
    }
  }
  return ImportOnnxModel(std::move(onnx_model), path, input_shapes);
}

}  // namespace sentio::cnn::import
