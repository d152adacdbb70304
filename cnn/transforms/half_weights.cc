#include "cnn/transforms/half_weights.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cnn/ir/half.h"

namespace sentio::cnn::transforms {
namespace {

// Fails naming `weights` when one of its finite values would round to an infinite half.
absl::Status CheckHalfRange(const cnn::TensorData& weights) {
  for (int i = 0; i < weights.values_size(); ++i) {
    const float value = weights.values(i);
    if (std::isfinite(value) && std::isinf(HalfToFloat(FloatToHalf(value)))) {
      return absl::OutOfRangeError(absl::StrCat("initializer '", weights.name(), "': value ", i,
                                                " (", value,
                                                ") is beyond the half-precision range (65504)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status StoreWeightsAsHalf(cnn::Model& model) {
  for (cnn::TensorData& weights : *model.mutable_initializer()) {
    if (weights.values_size() == 0) continue;
    absl::Status in_range = CheckHalfRange(weights);
    if (!in_range.ok()) return in_range;
    weights.set_half_values(EncodeHalfValues(weights.values().data(), weights.values_size()));
    weights.clear_values();
  }
  return absl::OkStatus();
}

absl::Status ExpandHalfWeights(cnn::Model& model) {
  for (cnn::TensorData& weights : *model.mutable_initializer()) {
    if (weights.half_values().empty()) continue;
    if (weights.values_size() > 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "initializer '", weights.name(), "' has both float and half-precision values"));
    }
    absl::StatusOr<std::vector<float>> values = DecodeHalfValues(weights.half_values());
    if (!values.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("initializer '", weights.name(), "': ", values.status().message()));
    }
    weights.mutable_values()->Add(values->begin(), values->end());
    weights.clear_half_values();
  }
  return absl::OkStatus();
}

absl::Status RoundWeightsThroughHalf(cnn::Model& model) {
  for (cnn::TensorData& weights : *model.mutable_initializer()) {
    absl::Status in_range = CheckHalfRange(weights);
    if (!in_range.ok()) return in_range;
    for (float& value : *weights.mutable_values()) value = HalfToFloat(FloatToHalf(value));
  }
  return absl::OkStatus();
}

}  // namespace sentio::cnn::transforms
