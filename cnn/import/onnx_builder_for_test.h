// Test helper that builds ONNX models (third_party/onnx subset) the way exporters write them:
// graph inputs, float initializers, Constant nodes, nodes with attributes, graph outputs.
#ifndef CNN_IMPORT_ONNX_BUILDER_FOR_TEST_H_
#define CNN_IMPORT_ONNX_BUILDER_FOR_TEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "third_party/onnx/onnx.pb.h"

namespace sentio::cnn::import {

class OnnxBuilder {
 public:
  // A model importing the default operator set at version `opset`.
  explicit OnnxBuilder(int64_t opset);

  // A float graph input; with `symbolic_batch` dimension 0 is the symbol "N".
  void Input(const std::string& name, const std::vector<int64_t>& dims, bool symbolic_batch);

  // A float initializer, in float_data or in raw_data.
  void Floats(const std::string& name, const std::vector<int64_t>& dims,
              const std::vector<float>& values, bool raw);

  // An int64 initializer in raw_data.
  void Int64s(const std::string& name, const std::vector<int64_t>& dims,
              const std::vector<int64_t>& values);

  // A Constant node holding int64 values (1-D) in raw_data.
  void IntConstant(const std::string& name, const std::vector<int64_t>& values);

  // A node named "<output>_node", returned for adding attributes.
  onnx::NodeProto& Node(const std::string& op, const std::vector<std::string>& inputs,
                        const std::string& output);

  static void Ints(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& v);
  static void Int(onnx::NodeProto& node, const std::string& name, int64_t value);
  static void Float(onnx::NodeProto& node, const std::string& name, float value);
  static void String(onnx::NodeProto& node, const std::string& name, const std::string& value);
  // A TENSOR attribute; `tensor` is copied.
  static void TensorAttribute(onnx::NodeProto& node, const std::string& name,
                              const onnx::TensorProto& tensor);

  void Output(const std::string& name);

  const onnx::ModelProto& model() const { return model_; }

 private:
  onnx::GraphProto& graph() { return *model_.mutable_graph(); }
  onnx::ModelProto model_;
};

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_ONNX_BUILDER_FOR_TEST_H_
