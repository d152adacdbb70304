#include "cnn/import/onnx_builder_for_test.h"

namespace sentio::cnn::import {
namespace {

template <typename T>
std::string RawBytes(const std::vector<T>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

}  // namespace

OnnxBuilder::OnnxBuilder(int64_t opset) {
  onnx::OperatorSetIdProto& id = *model_.add_opset_import();
  id.set_version(opset);
  model_.mutable_graph()->set_name("test_graph");
}

void OnnxBuilder::Input(const std::string& name, const std::vector<int64_t>& dims,
                        bool symbolic_batch) {
  onnx::ValueInfoProto& input = *graph().add_input();
  input.set_name(name);
  onnx::TypeProto::Tensor& type = *input.mutable_type()->mutable_tensor_type();
  type.set_elem_type(onnx::TensorProto::FLOAT);
  for (size_t i = 0; i < dims.size(); ++i) {
    onnx::TensorShapeProto::Dimension& dim = *type.mutable_shape()->add_dim();
    if (i == 0 && symbolic_batch) {
      dim.set_dim_param("N");
    } else {
      dim.set_dim_value(dims[i]);
    }
  }
}

void OnnxBuilder::Floats(const std::string& name, const std::vector<int64_t>& dims,
                         const std::vector<float>& values, bool raw) {
  onnx::TensorProto& tensor = *graph().add_initializer();
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : dims) tensor.add_dims(dim);
  if (raw) {
    tensor.set_raw_data(RawBytes(values));
  } else {
    for (float value : values) tensor.add_float_data(value);
  }
}

void OnnxBuilder::Int64s(const std::string& name, const std::vector<int64_t>& dims,
                         const std::vector<int64_t>& values) {
  onnx::TensorProto& tensor = *graph().add_initializer();
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::INT64);
  for (int64_t dim : dims) tensor.add_dims(dim);
  tensor.set_raw_data(RawBytes(values));
}

void OnnxBuilder::IntConstant(const std::string& name, const std::vector<int64_t>& values) {
  onnx::TensorProto tensor;
  tensor.set_data_type(onnx::TensorProto::INT64);
  tensor.add_dims(values.size());
  tensor.set_raw_data(RawBytes(values));
  TensorAttribute(Node("Constant", {}, name), "value", tensor);
}

onnx::NodeProto& OnnxBuilder::Node(const std::string& op, const std::vector<std::string>& inputs,
                                   const std::string& output) {
  onnx::NodeProto& node = *graph().add_node();
  node.set_op_type(op);
  node.set_name(output + "_node");
  for (const std::string& input : inputs) node.add_input(input);
  node.add_output(output);
  return node;
}

void OnnxBuilder::Ints(onnx::NodeProto& node, const std::string& name,
                       const std::vector<int64_t>& v) {
  onnx::AttributeProto& attribute = *node.add_attribute();
  attribute.set_name(name);
  attribute.set_type(onnx::AttributeProto::INTS);
  for (int64_t value : v) attribute.add_ints(value);
}

void OnnxBuilder::Int(onnx::NodeProto& node, const std::string& name, int64_t value) {
  onnx::AttributeProto& attribute = *node.add_attribute();
  attribute.set_name(name);
  attribute.set_type(onnx::AttributeProto::INT);
  attribute.set_i(value);
}

void OnnxBuilder::Float(onnx::NodeProto& node, const std::string& name, float value) {
  onnx::AttributeProto& attribute = *node.add_attribute();
  attribute.set_name(name);
  attribute.set_type(onnx::AttributeProto::FLOAT);
  attribute.set_f(value);
}

void OnnxBuilder::String(onnx::NodeProto& node, const std::string& name, const std::string& value) {
  onnx::AttributeProto& attribute = *node.add_attribute();
  attribute.set_name(name);
  attribute.set_type(onnx::AttributeProto::STRING);
  attribute.set_s(value);
}

void OnnxBuilder::TensorAttribute(onnx::NodeProto& node, const std::string& name,
                                  const onnx::TensorProto& tensor) {
  onnx::AttributeProto& attribute = *node.add_attribute();
  attribute.set_name(name);
  attribute.set_type(onnx::AttributeProto::TENSOR);
  *attribute.mutable_t() = tensor;
}

void OnnxBuilder::Output(const std::string& name) { graph().add_output()->set_name(name); }

}  // namespace sentio::cnn::import
