#include "cnn/transforms/batch_norm_folding.h"

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/transforms/graph_editing.h"

namespace sentio::cnn::transforms {
namespace {

// Folds `bn` into `conv` when possible; returns whether it did. `used`: the model's value names,
// kept up to date.
bool FoldPair(cnn::Model& model, cnn::Node& conv, const cnn::Node& bn,
              std::set<std::string>& used) {
  cnn::TensorData* weights = FindInitializer(model, conv.input(1));
  cnn::TensorData* bias = conv.input_size() > 2 ? FindInitializer(model, conv.input(2)) : nullptr;
  std::vector<const cnn::TensorData*> params;
  for (int i = 1; i < 5; ++i) params.push_back(FindInitializer(model, bn.input(i)));
  absl::StatusOr<float> epsilon = FloatAttribute(bn, "epsilon", 1e-5f);
  if (weights == nullptr || (conv.input_size() > 2 && bias == nullptr) || !epsilon.ok() ||
      weights->dims_size() == 0) {
    return false;
  }
  // Half-precision initializers stay half (cnn/ir/model.proto): folding would round twice, so the
  // BatchNormalization stays a node of its own.
  if (!weights->half_values().empty() || (bias != nullptr && !bias->half_values().empty())) {
    return false;
  }
  for (const cnn::TensorData* param : params) {
    if (param != nullptr && !param->half_values().empty()) return false;
  }
  const int64_t channels = weights->dims(0);
  for (const cnn::TensorData* param : params) {
    if (param == nullptr || param->values_size() != channels) return false;
  }
  if (weights->values_size() % channels != 0 ||
      (bias != nullptr && bias->values_size() != channels)) {
    return false;
  }
  const int64_t per_channel = weights->values_size() / channels;
  cnn::TensorData folded_weights = *weights;
  folded_weights.set_name(UnusedName(used, absl::StrCat(conv.input(1), "_bn_folded")));
  cnn::TensorData folded_bias;
  folded_bias.set_name(UnusedName(used, absl::StrCat(bn.name(), "_bn_folded_bias")));
  folded_bias.add_dims(channels);
  for (int64_t c = 0; c < channels; ++c) {
    const double scale =
        params[0]->values(c) / std::sqrt(static_cast<double>(params[3]->values(c)) + *epsilon);
    for (int64_t i = 0; i < per_channel; ++i) {
      const int64_t index = c * per_channel + i;
      folded_weights.set_values(index, static_cast<float>(weights->values(index) * scale));
    }
    const double old_bias = bias != nullptr ? bias->values(c) : 0.0;
    folded_bias.add_values(
        static_cast<float>((old_bias - params[2]->values(c)) * scale + params[1]->values(c)));
  }
  conv.set_input(1, folded_weights.name());
  if (conv.input_size() > 2) {
    conv.set_input(2, folded_bias.name());
  } else {
    conv.add_input(folded_bias.name());
  }
  conv.set_output(0, bn.output(0));
  *model.add_initializer() = std::move(folded_weights);
  *model.add_initializer() = std::move(folded_bias);
  return true;
}

}  // namespace

absl::Status FoldBatchNormIntoConv(cnn::Model& model, int* folded_count) {
  std::set<std::string> used = ValueNames(model);
  int folded = 0;
  for (int i = 0; i < model.node_size(); ++i) {
    const cnn::Node& bn = model.node(i);
    if (bn.op_type() != "BatchNormalization" || bn.input_size() != 5 || bn.output_size() != 1) {
      continue;
    }
    // The producer of the input, and whether anything but `bn` reads it.
    int producer = -1;
    int readers = 0;
    for (int j = 0; j < model.node_size(); ++j) {
      const cnn::Node& node = model.node(j);
      if (node.output_size() > 0 && node.output(0) == bn.input(0)) producer = j;
      for (const std::string& input : node.input()) readers += input == bn.input(0);
    }
    for (const cnn::ValueInfo& output : model.output()) readers += output.name() == bn.input(0);
    if (producer < 0 || readers != 1 || model.node(producer).op_type() != "Conv") continue;
    const cnn::Node bn_copy = bn;
    if (!FoldPair(model, *model.mutable_node(producer), bn_copy, used)) continue;
    model.mutable_node()->DeleteSubrange(i, 1);
    --i;
    ++folded;
  }
  if (folded > 0) RemoveUnusedInitializers(model);
  if (folded_count != nullptr) *folded_count = folded;
  return absl::OkStatus();
}

}  // namespace sentio::cnn::transforms
