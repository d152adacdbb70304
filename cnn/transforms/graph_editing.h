// Helpers for IR passes that rewrite a model's graph (cnn/transforms/): finding initializers,
// naming new values without clashes, dropping weights nothing reads any more.
#ifndef CNN_TRANSFORMS_GRAPH_EDITING_H_
#define CNN_TRANSFORMS_GRAPH_EDITING_H_

#include <set>
#include <string>

#include "cnn/ir/model.pb.h"

namespace sentio::cnn::transforms {

// The initializer named `name`, or null.
cnn::TensorData* FindInitializer(cnn::Model& model, const std::string& name);
const cnn::TensorData* FindInitializer(const cnn::Model& model, const std::string& name);

// The names of the model's values: inputs, initializers and node outputs.
std::set<std::string> ValueNames(const cnn::Model& model);

// The names of the model's nodes.
std::set<std::string> NodeNames(const cnn::Model& model);

// A name not in `used`, built from `base` (base, base_2, base_3, ...); added to `used`.
std::string UnusedName(std::set<std::string>& used, const std::string& base);

// Removes the initializers that no node reads and that are not graph outputs.
void RemoveUnusedInitializers(cnn::Model& model);

}  // namespace sentio::cnn::transforms

#endif  // CNN_TRANSFORMS_GRAPH_EDITING_H_
