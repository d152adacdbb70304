#include "cnn/transforms/graph_editing.h"

#include "absl/strings/str_cat.h"

namespace sentio::cnn::transforms {

cnn::TensorData* FindInitializer(cnn::Model& model, const std::string& name) {
  for (cnn::TensorData& data : *model.mutable_initializer()) {
    if (data.name() == name) return &data;
  }
  return nullptr;
}

const cnn::TensorData* FindInitializer(const cnn::Model& model, const std::string& name) {
  for (const cnn::TensorData& data : model.initializer()) {
    if (data.name() == name) return &data;
  }
  return nullptr;
}

std::set<std::string> ValueNames(const cnn::Model& model) {
  std::set<std::string> names;
  for (const cnn::ValueInfo& input : model.input()) names.insert(input.name());
  for (const cnn::TensorData& data : model.initializer()) names.insert(data.name());
  for (const cnn::Node& node : model.node()) {
    names.insert(node.output().begin(), node.output().end());
  }
  return names;
}

std::set<std::string> NodeNames(const cnn::Model& model) {
  std::set<std::string> names;
  for (const cnn::Node& node : model.node()) names.insert(node.name());
  return names;
}

std::string UnusedName(std::set<std::string>& used, const std::string& base) {
  std::string name = base;
  for (int i = 2; used.count(name) > 0; ++i) name = absl::StrCat(base, "_", i);
  used.insert(name);
  return name;
}

void RemoveUnusedInitializers(cnn::Model& model) {
  std::set<std::string> read;
  for (const cnn::Node& node : model.node()) read.insert(node.input().begin(), node.input().end());
  for (const cnn::ValueInfo& output : model.output()) read.insert(output.name());
  auto& initializers = *model.mutable_initializer();
  for (int i = initializers.size() - 1; i >= 0; --i) {
    if (read.count(initializers.Get(i).name()) == 0) initializers.DeleteSubrange(i, 1);
  }
}

}  // namespace sentio::cnn::transforms
