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
  PrepareDistances();
  return absl::OkStatus();
}

double KnnClassifier::Scaled(int attribute, double value) const {
  return range_[attribute] > 0 ? (value - min_[attribute]) / range_[attribute] : 0;
}

void KnnClassifier::PrepareDistances() {
  distance_attributes_.clear();
  for (int a = 0; a < train_.num_attributes(); ++a) {
    if (a == train_.class_index) continue;
    const Attribute& attribute = train_.attributes[a];
    if (attribute.type == AttributeType::kNominal) {
      distance_attributes_.emplace_back(a, DistanceKind::kNominal);
    } else if (IsScaled(attribute)) {
      distance_attributes_.emplace_back(a, DistanceKind::kScaled);
    }  // string attributes carry no distance
  }
  scaled_training_.clear();
  scaled_training_.reserve(train_.instances.size() * distance_attributes_.size());
  for (const Instance& instance : train_.instances) {
    const std::vector<double> row = DistanceValues(instance);
    scaled_training_.insert(scaled_training_.end(), row.begin(), row.end());
  }
}

std::vector<double> KnnClassifier::DistanceValues(const Instance& instance) const {
  std::vector<double> row;
  row.reserve(distance_attributes_.size());
  for (const auto& [attribute, kind] : distance_attributes_) {
    const double value = instance.values[attribute];
    row.push_back(kind == DistanceKind::kScaled && !IsMissing(value) ? Scaled(attribute, value)
                                                                     : value);
  }
  return row;
}

double KnnClassifier::SquaredDistance(const double* a, const double* b) const {
  double sum = 0;
  for (size_t j = 0; j < distance_attributes_.size(); ++j) {
    const bool a_missing = IsMissing(a[j]), b_missing = IsMissing(b[j]);
    if (distance_attributes_[j].second == DistanceKind::kNominal) {
      sum += a_missing || b_missing || a[j] != b[j] ? 1 : 0;
    } else if (!a_missing && !b_missing) {
      const double difference = a[j] - b[j];
      sum += difference * difference;
    } else if (a_missing && b_missing) {
      sum += 1;
    } else {
      // Weka: assume the missing value lies as far as possible from the known one.
      const double known = a_missing ? b[j] : a[j];
      const double difference = std::max(known, 1 - known);
      sum += difference * difference;
    }
  }
  return sum;
}

absl::StatusOr<std::vector<double>> KnnClassifier::Distribution(const Instance& instance) const {
  if (train_.num_instances() == 0) return absl::FailedPreconditionError("kNN is not trained");
  if (static_cast<int>(instance.values.size()) != train_.num_attributes()) {
    return absl::InvalidArgumentError(absl::StrCat("kNN: instance has ", instance.values.size(),
                                                   " values, the training data ",
                                                   train_.num_attributes(), " attributes"));
  }
  const std::vector<double> query = DistanceValues(instance);
  const size_t width = distance_attributes_.size();
  std::vector<std::pair<double, int>> by_distance;  // (distance, training instance)
  by_distance.reserve(train_.num_instances());
  for (int i = 0; i < train_.num_instances(); ++i) {
    const double squared = SquaredDistance(query.data(), scaled_training_.data() + i * width);
    by_distance.emplace_back(std::sqrt(squared), i);
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
  PrepareDistances();
  return absl::OkStatus();
}

}  // namespace sentio
