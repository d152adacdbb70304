#include "classifiers/knn.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "classifiers/model_file.pb.h"
#include "sensing/status_macros.h"

namespace sentio {
namespace {

bool IsScaled(const Attribute& attribute) {
  return attribute.type == AttributeType::kNumeric || attribute.type == AttributeType::kDate;
}

}  // namespace

absl::Status KnnClassifier::Train(const Dataset& data) {
  if (k_ < 1) return absl::InvalidArgumentError(absl::StrCat("kNN needs k >= 1, got ", k_));
  RETURN_IF_ERROR(data.ValidateForClassification());
  std::vector<int> labelled;
  for (int i = 0; i < data.num_instances(); ++i) {
    if (data.ClassOf(i) >= 0) labelled.push_back(i);
  }
  if (labelled.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("kNN: '", data.relation, "' has no instance with a known class"));
  }
  train_ = data.Subset(labelled);
  min_.assign(data.num_attributes(), 0);
  range_.assign(data.num_attributes(), 0);
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (!IsScaled(data.attributes[a])) continue;
    double low = INFINITY, high = -INFINITY;
    for (const Instance& instance : train_.instances) {
      const double v = instance.values[a];
      if (IsMissing(v)) continue;
      low = std::min(low, v);
      high = std::max(high, v);
    }
    if (low <= high) {
      min_[a] = low;
      range_[a] = high - low;
    }
  }
  return absl::OkStatus();
}

double KnnClassifier::Scaled(int attribute, double value) const {
  return range_[attribute] > 0 ? (value - min_[attribute]) / range_[attribute] : 0;
}

double KnnClassifier::AttributeDifference(int attribute, double a, double b) const {
  const Attribute& info = train_.attributes[attribute];
  if (info.type == AttributeType::kNominal) {
    return IsMissing(a) || IsMissing(b) || a != b ? 1 : 0;
  }
  if (!IsScaled(info)) return 0;  // string attributes carry no distance
  if (IsMissing(a) && IsMissing(b)) return 1;
  double difference;
  if (IsMissing(a) || IsMissing(b)) {
    // Weka: assume the missing value lies as far as possible from the known one.
    const double known = Scaled(attribute, IsMissing(a) ? b : a);
    difference = std::max(known, 1 - known);
  } else {
    difference = Scaled(attribute, a) - Scaled(attribute, b);
  }
  return difference * difference;
}

double KnnClassifier::Distance(const Instance& a, const Instance& b) const {
  double sum = 0;
  for (int attribute = 0; attribute < train_.num_attributes(); ++attribute) {
    if (attribute == train_.class_index) continue;
    sum += AttributeDifference(attribute, a.values[attribute], b.values[attribute]);
  }
  return std::sqrt(sum);
}

absl::StatusOr<std::vector<double>> KnnClassifier::Distribution(const Instance& instance) const {
  if (train_.num_instances() == 0) return absl::FailedPreconditionError("kNN is not trained");
  if (static_cast<int>(instance.values.size()) != train_.num_attributes()) {
    return absl::InvalidArgumentError(absl::StrCat("kNN: instance has ", instance.values.size(),
                                                   " values, the training data ",
                                                   train_.num_attributes(), " attributes"));
  }
  std::vector<std::pair<double, int>> by_distance;  // (distance, training instance)
  by_distance.reserve(train_.num_instances());
  for (int i = 0; i < train_.num_instances(); ++i) {
    by_distance.emplace_back(Distance(instance, train_.instances[i]), i);
  }
  const size_t k = std::min<size_t>(k_, by_distance.size());
  std::partial_sort(by_distance.begin(), by_distance.begin() + k, by_distance.end());
  const double kth_distance = by_distance[k - 1].first;

  // Weka starts every class at 1 / (training size) so that no class has probability zero.
  std::vector<double> distribution(train_.num_classes(), 1.0 / train_.num_instances());
  for (const auto& [distance, i] : by_distance) {
    if (distance > kth_distance) continue;  // beyond the k nearest and their ties
    distribution[train_.ClassOf(i)] += train_.instances[i].weight;
  }
  double total = 0;
  for (double p : distribution) total += p;
  for (double& p : distribution) p /= total;
  return distribution;
}

std::string KnnClassifier::Describe() const {
  return absl::StrCat("kNN (k=", k_,
                      ", Euclidean distance over attributes scaled to the training range)");
}

absl::Status KnnClassifier::SaveState(ModelState* state) const {
  if (train_.num_instances() == 0) return absl::FailedPreconditionError("kNN is not trained");
  KnnState& knn = *state->mutable_knn();
  knn.Clear();
  for (const Instance& instance : train_.instances) {
    knn.mutable_values()->Add(instance.values.begin(), instance.values.end());
    knn.add_weights(instance.weight);
  }
  knn.mutable_min()->Add(min_.begin(), min_.end());
  knn.mutable_range()->Add(range_.begin(), range_.end());
  return absl::OkStatus();
}

absl::Status KnnClassifier::LoadState(const Dataset& header, const ModelState& state) {
  if (!state.has_knn()) return absl::InvalidArgumentError("the state is not a kNN state");
  const KnnState& knn = state.knn();
  const int num_attributes = header.num_attributes();
  const int num_instances = knn.weights_size();
  if (num_instances == 0) return absl::InvalidArgumentError("kNN state has no instances");
  if (knn.values_size() != static_cast<int64_t>(num_instances) * num_attributes ||
      knn.min_size() != num_attributes || knn.range_size() != num_attributes) {
    return absl::InvalidArgumentError(
        absl::StrCat("kNN state sizes do not match: ", knn.values_size(), " values, ",
                     num_instances, " weights, ", knn.min_size(), " minima and ", knn.range_size(),
                     " ranges for ", num_attributes, " attributes"));
  }
  for (int a = 0; a < num_attributes; ++a) {
    if (!std::isfinite(knn.min(a)) || !std::isfinite(knn.range(a)) || knn.range(a) < 0) {
      return absl::InvalidArgumentError(absl::StrCat("kNN state: attribute '",
                                                     header.attributes[a].name, "' has minimum ",
                                                     knn.min(a), " and range ", knn.range(a)));
    }
  }
  Dataset train = header;
  train.instances.assign(num_instances, Instance{});
  for (int i = 0; i < num_instances; ++i) {
    Instance& instance = train.instances[i];
    instance.values.assign(knn.values().begin() + static_cast<int64_t>(i) * num_attributes,
                           knn.values().begin() + static_cast<int64_t>(i + 1) * num_attributes);
    instance.weight = knn.weights(i);
    for (double v : instance.values) {
      if (std::isinf(v)) {
        return absl::InvalidArgumentError(
            absl::StrCat("kNN state: instance ", i + 1, " has an infinite value"));
      }
    }
  }
  if (absl::Status status = train.ValidateForClassification(); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("kNN state: ", status.message()));
  }
  for (int i = 0; i < num_instances; ++i) {
    if (train.ClassOf(i) < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("kNN state: instance ", i + 1, " has no class"));
    }
  }
  train_ = std::move(train);
  min_.assign(knn.min().begin(), knn.min().end());
  range_.assign(knn.range().begin(), knn.range().end());
  return absl::OkStatus();
}

}  // namespace sentio
