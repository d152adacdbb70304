#include "classifiers/knn.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "classifiers/model_file.pb.h"

namespace sentio {
namespace {

// search=auto takes the kd-tree for at most this many attributes and at least this many training
// instances (tests/knn_benchmark.cc measures both searches).
constexpr int kKdTreeMaxAttributes = 10;
constexpr int kKdTreeMinInstances = 128;

bool IsScaled(const Attribute& attribute) {
  return attribute.type == AttributeType::kNumeric || attribute.type == AttributeType::kDate;
}

// Prefixes an error from reading a saved state.
absl::Status StateError(const absl::Status& status) {
  return absl::InvalidArgumentError(absl::StrCat("kNN state: ", status.message()));
}

}  // namespace

absl::Status KnnClassifier::Train(const Dataset& data) {
  if (options_.k < 1) {
    return absl::InvalidArgumentError(absl::StrCat("kNN needs k >= 1, got ", options_.k));
  }
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
  const int num_attributes = data.num_attributes();
  min_.assign(num_attributes, 0);
  range_.assign(num_attributes, 0);
  mean_.clear();
  standard_deviation_.clear();
  if (options_.normalization == KnnNormalization::kZScore) {
    mean_.assign(num_attributes, 0);
    standard_deviation_.assign(num_attributes, 0);
  }
  for (int a = 0; a < num_attributes; ++a) {
    if (!IsScaled(data.attributes[a])) continue;
    double low = INFINITY, high = -INFINITY, sum = 0;
    int known = 0;
    for (const Instance& instance : train_.instances) {
      const double v = instance.values[a];
      if (IsMissing(v)) continue;
      low = std::min(low, v);
      high = std::max(high, v);
      sum += v;
      ++known;
    }
    if (known == 0) continue;  // an attribute with no known value scales to 0
    min_[a] = low;
    range_[a] = high - low;
    if (options_.normalization == KnnNormalization::kZScore) {
      mean_[a] = sum / known;
      double squares = 0;
      for (const Instance& instance : train_.instances) {
        const double v = instance.values[a];
        if (!IsMissing(v)) squares += (v - mean_[a]) * (v - mean_[a]);
      }
      standard_deviation_[a] = std::sqrt(squares / known);
    }
  }
  return PrepareSearch();
}

double KnnClassifier::Scaled(int attribute, double value) const {
  return scale_[attribute] > 0 ? (value - offset_[attribute]) / scale_[attribute] : 0;
}

absl::Status KnnClassifier::PrepareSearch() {
  const int num_attributes = train_.num_attributes();
  offset_.assign(num_attributes, 0);
  scale_.assign(num_attributes, 1);
  for (int a = 0; a < num_attributes; ++a) {
    if (options_.normalization == KnnNormalization::kMinMax) {
      offset_[a] = min_[a];
      scale_[a] = range_[a];
    } else if (options_.normalization == KnnNormalization::kZScore) {
      offset_[a] = mean_[a];
      scale_[a] = standard_deviation_[a];
    }
  }
  distance_attributes_.clear();
  std::vector<DistanceColumn> columns;
  for (int a = 0; a < num_attributes; ++a) {
    if (a == train_.class_index) continue;
    const Attribute& attribute = train_.attributes[a];
    DistanceColumn column;
    if (attribute.type == AttributeType::kNominal) {
      column.nominal = true;
    } else if (!IsScaled(attribute)) {
      continue;  // string attributes carry no distance
    } else if (options_.normalization != KnnNormalization::kMinMax) {
      // Min-max keeps Weka's [0, 1] even for a constant attribute, which scales to 0.
      column.low = Scaled(a, min_[a]);
      column.high = Scaled(a, min_[a] + range_[a]);
    }
    distance_attributes_.push_back(a);
    columns.push_back(column);
  }
  const int num_rows = train_.num_instances();
  std::vector<double> rows;
  rows.reserve(static_cast<size_t>(num_rows) * distance_attributes_.size());
  for (const Instance& instance : train_.instances) {
    const std::vector<double> row = DistanceValues(instance);
    rows.insert(rows.end(), row.begin(), row.end());
  }

  // The kd-tree needs numeric values throughout.
  std::string unsuitable;
  if (options_.distance == KnnDistance::kCosine) unsuitable = "the distance is cosine";
  for (size_t j = 0; j < columns.size() && unsuitable.empty(); ++j) {
    const std::string& name = train_.attributes[distance_attributes_[j]].name;
    if (columns[j].nominal) unsuitable = absl::StrCat("attribute '", name, "' is nominal");
    for (int i = 0; i < num_rows && unsuitable.empty(); ++i) {
      if (IsMissing(rows[i * columns.size() + j])) {
        unsuitable = absl::StrCat("attribute '", name, "' has a missing value in instance ", i + 1);
      }
    }
  }
  if (columns.empty()) unsuitable = "no attribute enters the distance";
  if (options_.search == KnnSearch::kKdTree && !unsuitable.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "kNN search=kdtree needs numeric attributes without missing values and euclidean or "
        "manhattan distance, but ",
        unsuitable, " in '", train_.relation, "' (use search=auto or brute)"));
  }
  const bool use_kd_tree =
      options_.search == KnnSearch::kKdTree ||
      (options_.search == KnnSearch::kAuto && unsuitable.empty() &&
       static_cast<int>(columns.size()) <= kKdTreeMaxAttributes && num_rows >= kKdTreeMinInstances);
  kd_tree_.reset();
  if (use_kd_tree) {
    absl::StatusOr<KdTree> tree =
        KdTree::Build(rows, static_cast<int>(columns.size()), options_.distance);
    if (!tree.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("kNN on '", train_.relation, "': ", tree.status().message()));
    }
    kd_tree_ = std::make_unique<KdTree>(*std::move(tree));
  }
  brute_force_ = BruteForceSearch(std::move(columns), rows, num_rows, options_.distance);
  return absl::OkStatus();
}

std::vector<double> KnnClassifier::DistanceValues(const Instance& instance) const {
  std::vector<double> row;
  row.reserve(distance_attributes_.size());
  for (const int attribute : distance_attributes_) {
    const double value = instance.values[attribute];
    const bool scaled = IsScaled(train_.attributes[attribute]) && !IsMissing(value);
    row.push_back(scaled ? Scaled(attribute, value) : value);
  }
  return row;
}

absl::StatusOr<std::vector<Neighbour>> KnnClassifier::Neighbours(const Instance& instance) const {
  if (train_.num_instances() == 0) return absl::FailedPreconditionError("kNN is not trained");
  if (static_cast<int>(instance.values.size()) != train_.num_attributes()) {
    return absl::InvalidArgumentError(absl::StrCat("kNN: instance has ", instance.values.size(),
                                                   " values, the training data ",
                                                   train_.num_attributes(), " attributes"));
  }
  const std::vector<double> query = DistanceValues(instance);
  const bool finite =
      std::all_of(query.begin(), query.end(), [](double v) { return std::isfinite(v); });
  if (kd_tree_ != nullptr && finite) return kd_tree_->Nearest(query.data(), options_.k);
  return brute_force_.Nearest(query.data(), options_.k);
}

double KnnClassifier::VoteWeight(double distance) const {
  if (options_.weighting == KnnWeighting::kUniform) return 1;
  // Weka IBk weighs by the distance per attribute, in its own words sqrt(d^2 / attributes).
  if (options_.distance != KnnDistance::kCosine && !distance_attributes_.empty()) {
    distance = std::sqrt(distance * distance / distance_attributes_.size());
  }
  if (options_.weighting == KnnWeighting::kInverse) return 1 / (distance + 0.001);
  return std::max(0.0, 1 - distance);
}

absl::StatusOr<std::vector<double>> KnnClassifier::Distribution(const Instance& instance) const {
  ASSIGN_OR_RETURN(const std::vector<Neighbour> neighbours, Neighbours(instance));
  // Weka starts every class at 1 / (training size) so that no class has probability zero.
  std::vector<double> distribution(train_.num_classes(), 1.0 / train_.num_instances());
  for (const Neighbour& neighbour : neighbours) {
    distribution[train_.ClassOf(neighbour.index)] +=
        VoteWeight(neighbour.distance) * train_.instances[neighbour.index].weight;
  }
  double total = 0;
  for (double p : distribution) total += p;
  for (double& p : distribution) p /= total;
  return distribution;
}

std::string KnnClassifier::Describe() const {
  std::string description =
      absl::StrCat("kNN (k=", options_.k, ", ", KnnDistanceName(options_.distance), " distance, ",
                   KnnWeightingName(options_.weighting), " weighting, ",
                   KnnNormalizationName(options_.normalization), " normalization, ",
                   KnnSearchName(options_.search), " search");
  if (train_.num_instances() > 0) {
    absl::StrAppend(&description, ": ", kd_tree_ != nullptr ? "kd-tree" : "brute force");
  }
  return description + ")";
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
  knn.set_k(options_.k);
  knn.set_distance(std::string(KnnDistanceName(options_.distance)));
  knn.set_weighting(std::string(KnnWeightingName(options_.weighting)));
  knn.set_normalization(std::string(KnnNormalizationName(options_.normalization)));
  knn.set_search(std::string(KnnSearchName(options_.search)));
  knn.mutable_mean()->Add(mean_.begin(), mean_.end());
  knn.mutable_standard_deviation()->Add(standard_deviation_.begin(), standard_deviation_.end());
  return absl::OkStatus();
}

absl::Status KnnClassifier::LoadState(const Dataset& header, const ModelState& state) {
  if (!state.has_knn()) return absl::InvalidArgumentError("the state is not a kNN state");
  const KnnState& knn = state.knn();
  KnnOptions options = options_;
  if (knn.k() != 0) options.k = knn.k();
  if (options.k < 1) {
    return StateError(absl::InvalidArgumentError(absl::StrCat("k is ", options.k)));
  }
  // Absent (empty) settings keep the classifier's own: files from before they were saved.
  if (!knn.distance().empty()) {
    absl::StatusOr<KnnDistance> distance = ParseKnnDistance(knn.distance());
    if (!distance.ok()) return StateError(distance.status());
    options.distance = *distance;
  }
  if (!knn.weighting().empty()) {
    absl::StatusOr<KnnWeighting> weighting = ParseKnnWeighting(knn.weighting());
    if (!weighting.ok()) return StateError(weighting.status());
    options.weighting = *weighting;
  }
  if (!knn.normalization().empty()) {
    absl::StatusOr<KnnNormalization> normalization = ParseKnnNormalization(knn.normalization());
    if (!normalization.ok()) return StateError(normalization.status());
    options.normalization = *normalization;
  }
  if (!knn.search().empty()) {
    absl::StatusOr<KnnSearch> search = ParseKnnSearch(knn.search());
    if (!search.ok()) return StateError(search.status());
    options.search = *search;
  }
  if (options.search == KnnSearch::kKdTree && options.distance == KnnDistance::kCosine) {
    return StateError(absl::InvalidArgumentError("search=kdtree with distance=cosine"));
  }

  const int num_attributes = header.num_attributes();
  const int num_instances = knn.weights_size();
  if (num_instances == 0) return absl::InvalidArgumentError("kNN state has no instances");
  const bool zscore = options.normalization == KnnNormalization::kZScore;
  const int statistics = zscore ? num_attributes : 0;  // means and deviations expected
  if (knn.values_size() != static_cast<int64_t>(num_instances) * num_attributes ||
      knn.min_size() != num_attributes || knn.range_size() != num_attributes ||
      knn.mean_size() != statistics || knn.standard_deviation_size() != statistics) {
    return absl::InvalidArgumentError(absl::StrCat(
        "kNN state sizes do not match: ", knn.values_size(), " values, ", num_instances,
        " weights, ", knn.min_size(), " minima, ", knn.range_size(), " ranges, ", knn.mean_size(),
        " means and ", knn.standard_deviation_size(), " standard deviations for ", num_attributes,
        " attributes (", KnnNormalizationName(options.normalization), " normalization)"));
  }
  for (int a = 0; a < num_attributes; ++a) {
    if (!std::isfinite(knn.min(a)) || !std::isfinite(knn.range(a)) || knn.range(a) < 0) {
      return absl::InvalidArgumentError(absl::StrCat("kNN state: attribute '",
                                                     header.attributes[a].name, "' has minimum ",
                                                     knn.min(a), " and range ", knn.range(a)));
    }
    if (zscore && (!std::isfinite(knn.mean(a)) || !std::isfinite(knn.standard_deviation(a)) ||
                   knn.standard_deviation(a) < 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("kNN state: attribute '", header.attributes[a].name, "' has mean ",
                       knn.mean(a), " and standard deviation ", knn.standard_deviation(a)));
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
    return StateError(status);
  }
  for (int i = 0; i < num_instances; ++i) {
    if (train.ClassOf(i) < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("kNN state: instance ", i + 1, " has no class"));
    }
  }
  options_ = options;
  train_ = std::move(train);
  min_.assign(knn.min().begin(), knn.min().end());
  range_.assign(knn.range().begin(), knn.range().end());
  mean_.assign(knn.mean().begin(), knn.mean().end());
  standard_deviation_.assign(knn.standard_deviation().begin(), knn.standard_deviation().end());
  if (absl::Status status = PrepareSearch(); !status.ok()) return StateError(status);
  return absl::OkStatus();
}

}  // namespace sentio
