#include "classifiers/naive_bayes.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "sensing/status_macros.h"

namespace sentio {
namespace {

constexpr double kDefaultPrecision = 0.01;  // Weka's, when the data cannot tell
// Weka floors each attribute's probability here so that one attribute cannot veto a class.
constexpr double kMinimumProbability = 1e-75;

double StandardNormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

NormalEstimator::NormalEstimator(double precision)
    : precision_(precision), standard_deviation_(precision / 6) {}

double NormalEstimator::Round(double value) const {
  return std::nearbyint(value / precision_) * precision_;  // half to even, like Java's rint
}

void NormalEstimator::Add(double value, double weight) {
  if (weight == 0) return;
  value = Round(value);
  sum_of_weights_ += weight;
  sum_of_values_ += value * weight;
  sum_of_squares_ += value * value * weight;
  mean_ = sum_of_values_ / sum_of_weights_;
  const double deviation =
      std::sqrt(std::abs(sum_of_squares_ - mean_ * sum_of_values_) / sum_of_weights_);
  if (deviation > 1e-10) standard_deviation_ = std::max(precision_ / 6, deviation);
}

double NormalEstimator::Probability(double value) const {
  value = Round(value);
  const double lower = (value - mean_ - precision_ / 2) / standard_deviation_;
  const double upper = (value - mean_ + precision_ / 2) / standard_deviation_;
  return StandardNormalCdf(upper) - StandardNormalCdf(lower);
}

double NumericPrecision(std::vector<double> known_values) {
  std::sort(known_values.begin(), known_values.end());
  const auto distinct_end = std::unique(known_values.begin(), known_values.end());
  const long gaps = (distinct_end - known_values.begin()) - 1;
  if (gaps < 1) return kDefaultPrecision;
  return (*(distinct_end - 1) - known_values.front()) / gaps;
}

absl::Status NaiveBayesClassifier::Train(const Dataset& data) {
  RETURN_IF_ERROR(data.ValidateForClassification());
  for (int a = 0; a < data.num_attributes(); ++a) {
    const AttributeType type = data.attributes[a].type;
    if (a == data.class_index || type == AttributeType::kNumeric ||
        type == AttributeType::kNominal) {
      continue;
    }
    return absl::InvalidArgumentError(
        absl::StrCat("naive Bayes handles numeric and nominal attributes only; '",
                     data.attributes[a].name, "' is a ", AttributeTypeName(type), " attribute"));
  }
  header_ = data;
  header_.instances.clear();
  const int num_classes = data.num_classes();
  class_counts_.assign(num_classes, 1);  // Laplace
  bool any_labelled = false;
  for (int i = 0; i < data.num_instances(); ++i) {
    if (data.ClassOf(i) < 0) continue;
    class_counts_[data.ClassOf(i)] += data.instances[i].weight;
    any_labelled = true;
  }
  if (!any_labelled) {
    return absl::InvalidArgumentError(
        absl::StrCat("naive Bayes: '", data.relation, "' has no instance with a known class"));
  }

  normals_.assign(data.num_attributes(), {});
  value_counts_.assign(data.num_attributes(), {});
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (a == data.class_index) continue;
    const Attribute& attribute = data.attributes[a];
    if (attribute.type == AttributeType::kNumeric) {
      std::vector<double> known;
      for (int i = 0; i < data.num_instances(); ++i) {
        if (data.ClassOf(i) >= 0 && !IsMissing(data.instances[i].values[a])) {
          known.push_back(data.instances[i].values[a]);
        }
      }
      normals_[a].assign(num_classes, NormalEstimator(NumericPrecision(std::move(known))));
    } else {
      value_counts_[a].assign(num_classes, std::vector<double>(attribute.values.size(), 1));
    }
    for (int i = 0; i < data.num_instances(); ++i) {
      const int c = data.ClassOf(i);
      const double value = data.instances[i].values[a];
      if (c < 0 || IsMissing(value)) continue;
      if (attribute.type == AttributeType::kNumeric) {
        normals_[a][c].Add(value, data.instances[i].weight);
      } else {
        value_counts_[a][c][static_cast<int>(value)] += data.instances[i].weight;
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> NaiveBayesClassifier::Distribution(
    const Instance& instance) const {
  if (class_counts_.empty()) return absl::FailedPreconditionError("naive Bayes is not trained");
  if (static_cast<int>(instance.values.size()) != header_.num_attributes()) {
    return absl::InvalidArgumentError(
        absl::StrCat("naive Bayes: instance has ", instance.values.size(),
                     " values, the training data ", header_.num_attributes(), " attributes"));
  }
  const int num_classes = static_cast<int>(class_counts_.size());
  std::vector<double> log_probability(num_classes);
  for (int c = 0; c < num_classes; ++c) log_probability[c] = std::log(class_counts_[c]);
  for (int a = 0; a < header_.num_attributes(); ++a) {
    const double value = instance.values[a];
    if (a == header_.class_index || IsMissing(value)) continue;
    const Attribute& attribute = header_.attributes[a];
    const bool numeric = attribute.type == AttributeType::kNumeric;
    if (!numeric && (value < 0 || value >= static_cast<double>(attribute.values.size()) ||
                     value != std::floor(value))) {
      return absl::InvalidArgumentError(absl::StrCat("naive Bayes: value ", value, " of '",
                                                     attribute.name, "' is not one of its ",
                                                     attribute.values.size(), " labels"));
    }
    for (int c = 0; c < num_classes; ++c) {
      double probability;
      if (numeric) {
        probability = normals_[a][c].Probability(value);
      } else {
        const std::vector<double>& counts = value_counts_[a][c];
        double total = 0;
        for (double count : counts) total += count;
        probability = counts[static_cast<int>(value)] / total;
      }
      log_probability[c] += std::log(std::max(kMinimumProbability, probability));
    }
  }
  const double largest = *std::max_element(log_probability.begin(), log_probability.end());
  std::vector<double> distribution(num_classes);
  double total = 0;
  for (int c = 0; c < num_classes; ++c) {
    distribution[c] = std::exp(log_probability[c] - largest);
    total += distribution[c];
  }
  for (double& p : distribution) p /= total;
  return distribution;
}

std::string NaiveBayesClassifier::Describe() const {
  return "naive Bayes (normal distributions for numeric attributes at Weka's precision, "
         "Laplace-smoothed counts for nominal ones)";
}

}  // namespace sentio
