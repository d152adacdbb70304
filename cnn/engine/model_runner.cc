#include "cnn/engine/model_runner.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/half.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/shape_inference.h"

namespace sentio::cnn::engine {

absl::Status ModelRunner::Load(cnn::Model model) {
  model_ = std::move(model);
  const absl::Status checked = InferModelShapes(model_);
  if (!checked.ok() && !model_.source().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(model_.source(), ": ", checked.message()));
  }
  RETURN_IF_ERROR(checked);
  weights_.clear();
  for (cnn::TensorData& data : *model_.mutable_initializer()) {
    const Shape shape(data.dims().begin(), data.dims().end());
    if (!data.half_values().empty()) {
      // Half-precision weights stay half: engines convert them where they compute in float.
      ASSIGN_OR_RETURN(std::vector<uint16_t> halves, DecodeHalfBits(data.half_values()));
      ASSIGN_OR_RETURN(Tensor tensor, Tensor::FromHalves(shape, std::move(halves)));
      weights_.emplace(data.name(), std::move(tensor));
      std::string().swap(*data.mutable_half_values());
      continue;
    }
    ASSIGN_OR_RETURN(
        Tensor tensor,
        Tensor::FromValues(shape, std::vector<float>(data.values().begin(), data.values().end())));
    weights_.emplace(data.name(), std::move(tensor));
    // The tensor is the copy the engines read: model_ keeps the name and dims only (a swap with an
    // empty field frees the memory, which clear_values() would keep).
    google::protobuf::RepeatedField<float>().Swap(data.mutable_values());
  }
  std::set<std::string> kept;  // graph outputs and weights live on
  for (const cnn::ValueInfo& output : model_.output()) kept.insert(output.name());
  for (const auto& [name, tensor] : weights_) kept.insert(name);
  last_reads_.assign(model_.node_size(), {});
  std::set<std::string> seen;
  for (int i = model_.node_size() - 1; i >= 0; --i) {
    for (const std::string& name : model_.node(i).input()) {
      if (kept.count(name) == 0 && seen.insert(name).second) last_reads_[i].push_back(name);
    }
  }
  return absl::OkStatus();
}

void ModelRunner::ReleaseWeights(const std::string& name) { weights_.erase(name); }

int64_t ModelRunner::WeightBytes() const {
  int64_t bytes = 0;
  for (const auto& [name, tensor] : weights_) bytes += tensor.ByteSize();
  return bytes;
}

const Tensor* ModelRunner::FindWeights(const std::string& name) const {
  auto it = weights_.find(name);
  return it == weights_.end() ? nullptr : &it->second;
}

cnn::Model ModelRunner::TakeModel() {
  for (cnn::TensorData& data : *model_.mutable_initializer()) {
    auto it = weights_.find(data.name());
    if (it == weights_.end()) continue;
    const Tensor& tensor = it->second;
    if (tensor.dtype() == DataType::kFloat16) {
      std::string bytes(2 * tensor.halves().size(), '\0');
      for (size_t i = 0; i < tensor.halves().size(); ++i) {
        bytes[2 * i] = static_cast<char>(tensor.halves()[i] & 0xff);
        bytes[2 * i + 1] = static_cast<char>(tensor.halves()[i] >> 8);
      }
      data.set_half_values(std::move(bytes));
    } else {
      const Tensor floats = tensor.ToFloat32();
      data.mutable_values()->Assign(floats.data(), floats.data() + floats.size());
    }
    weights_.erase(it);
  }
  weights_.clear();
  last_reads_.clear();
  cnn::Model model = std::move(model_);
  model_ = cnn::Model();
  return model;
}

absl::Status ModelRunner::CheckInputs(const TensorMap& inputs) const {
  for (const cnn::ValueInfo& input : model_.input()) {
    auto it = inputs.find(input.name());
    if (it == inputs.end()) {
      return absl::InvalidArgumentError(absl::StrCat("missing graph input '", input.name(), "'"));
    }
    Shape expected(input.dims().begin(), input.dims().end());
    Shape given = it->second.shape();
    if (!given.empty() && !expected.empty() && given[0] >= 0) expected[0] = given[0];
    if (given != expected) {
      return absl::InvalidArgumentError(absl::StrCat(
          "graph input '", input.name(), "' has shape ", ShapeString(it->second.shape()),
          ", the model expects ", ShapeString(Shape(input.dims().begin(), input.dims().end()))));
    }
  }
  for (const auto& [name, tensor] : inputs) {
    bool known = false;
    for (const cnn::ValueInfo& input : model_.input()) known = known || input.name() == name;
    if (!known)
      return absl::InvalidArgumentError(absl::StrCat("the model has no input '", name, "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<TensorMap> ModelRunner::Run(const TensorMap& inputs,
                                           const NodeKernel& kernel) const {
  RETURN_IF_ERROR(CheckInputs(inputs));
  TensorMap values = inputs;
  for (int i = 0; i < model_.node_size(); ++i) {
    const cnn::Node& node = model_.node(i);
    std::vector<const Tensor*> node_inputs;
    // Float copies of the float16 weights this node reads, made for it and freed after it.
    std::vector<Tensor> converted;
    converted.reserve(node.input_size());
    for (const std::string& name : node.input()) {
      auto it = values.find(name);
      const Tensor* input = it != values.end() ? &it->second : FindWeights(name);
      if (input != nullptr && input->dtype() != DataType::kFloat32) {
        converted.push_back(input->ToFloat32());
        input = &converted.back();
      }
      node_inputs.push_back(input);
    }
    ASSIGN_OR_RETURN(std::vector<Tensor> outputs, kernel(node, node_inputs));
    if (outputs.size() != static_cast<size_t>(node.output_size())) {
      return NodeError(node, absl::StrCat("produced ", outputs.size(), " outputs"));
    }
    for (const std::string& name : last_reads_[i]) values.erase(name);
    for (int j = 0; j < node.output_size(); ++j) values[node.output(j)] = std::move(outputs[j]);
  }
  TensorMap results;
  for (const cnn::ValueInfo& output : model_.output()) {
    auto it = values.find(output.name());
    const Tensor* tensor = it != values.end() ? &it->second : FindWeights(output.name());
    results.emplace(output.name(),
                    tensor->dtype() == DataType::kFloat32 ? *tensor : tensor->ToFloat32());
  }
  return results;
}

}  // namespace sentio::cnn::engine
