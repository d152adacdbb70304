// Test helpers that build small model IR graphs by hand.
#ifndef CNN_IR_MODEL_BUILDER_FOR_TEST_H_
#define CNN_IR_MODEL_BUILDER_FOR_TEST_H_

#include <string>
#include <vector>

#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn {

void AddInput(cnn::Model& model, const std::string& name, const Shape& shape);
void AddWeights(cnn::Model& model, const std::string& name, const Shape& shape,
                const std::vector<float>& values);
// Adds a node named after its output, returned for setting attributes.
cnn::Node& AddNode(cnn::Model& model, const std::string& op_type,
                   const std::vector<std::string>& inputs, const std::string& output);
void AddOutput(cnn::Model& model, const std::string& name);

}  // namespace sentio::cnn

#endif  // CNN_IR_MODEL_BUILDER_FOR_TEST_H_
