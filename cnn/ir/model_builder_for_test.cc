#include "cnn/ir/model_builder_for_test.h"

namespace sentio::cnn {

void AddInput(cnn::Model& model, const std::string& name, const Shape& shape) {
  cnn::ValueInfo& input = *model.add_input();
  input.set_name(name);
  for (int64_t dim : shape) input.add_dims(dim);
}

void AddWeights(cnn::Model& model, const std::string& name, const Shape& shape,
                const std::vector<float>& values) {
  cnn::TensorData& weights = *model.add_initializer();
  weights.set_name(name);
  for (int64_t dim : shape) weights.add_dims(dim);
  for (float value : values) weights.add_values(value);
}

cnn::Node& AddNode(cnn::Model& model, const std::string& op_type,
                   const std::vector<std::string>& inputs, const std::string& output) {
  cnn::Node& node = *model.add_node();
  node.set_name(output);
  node.set_op_type(op_type);
  for (const std::string& input : inputs) node.add_input(input);
  node.add_output(output);
  return node;
}

void AddOutput(cnn::Model& model, const std::string& name) { model.add_output()->set_name(name); }

}  // namespace sentio::cnn
