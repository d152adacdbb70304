#include "classifiers/naive_bayes.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "classifiers/model_file.pb.h"

namespace sentio {
namespace {

constexpr double kDefaultPrecision = 0.01;  // Weka's, when the data cannot tell
// Weka floors each attribute's probability here so that one attribute cannot veto a class.
constexpr double kMinimumProbability = 1e-75;

double StandardNormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

NormalEstimator::NormalEstimator(double precision)
    : precision_(precision), standard_deviation_(precision / 6) {}

NormalEstimator::NormalEstimator(double precision, double sum_of_weights, double sum_of_values,
                                 double sum_of_squares, double mean, double standard_deviation)
    : precision_(precision),
      sum_of_weights_(sum_of_weights),
      sum_of_values_(sum_of_values),
      sum_of_squares_(sum_of_squares),
      mean_(mean),
      standard_deviation_(standard_deviation) {}

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

absl::Status NaiveBayesClassifier::SaveState(ModelState* state) const {
  if (class_counts_.empty()) return absl::FailedPreconditionError("naive Bayes is not trained");
  NaiveBayesState& nb = *state->mutable_naive_bayes();
  nb.Clear();
  nb.mutable_class_counts()->Add(class_counts_.begin(), class_counts_.end());
  for (int a = 0; a < header_.num_attributes(); ++a) {
    NaiveBayesAttributeState& attribute = *nb.add_attributes();
    for (const NormalEstimator& normal : normals_[a]) {
      NormalEstimatorState& saved = *attribute.add_normals();
      saved.set_precision(normal.precision());
      saved.set_sum_of_weights(normal.sum_of_weights());
      saved.set_sum_of_values(normal.sum_of_values());
      saved.set_sum_of_squares(normal.sum_of_squares());
      saved.set_mean(normal.mean());
      saved.set_standard_deviation(normal.standard_deviation());
    }
    for (const std::vector<double>& counts : value_counts_[a]) {
      attribute.mutable_value_counts()->Add(counts.begin(), counts.end());
    }
  }
  return absl::OkStatus();
}

absl::Status NaiveBayesClassifier::LoadState(const Dataset& header, const ModelState& state) {
  if (!state.has_naive_bayes()) {
    return absl::InvalidArgumentError("the state is not a naive Bayes state");
  }
  const NaiveBayesState& nb = state.naive_bayes();
  const int num_classes = header.num_classes();
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  if (nb.class_counts_size() != num_classes || nb.attributes_size() != header.num_attributes()) {
    return absl::InvalidArgumentError(absl::StrCat("naive Bayes state has ", nb.class_counts_size(),
                                                   " class counts and ", nb.attributes_size(),
                                                   " attributes for ", num_classes, " classes and ",
                                                   header.num_attributes(), " attributes"));
  }
  for (double count : nb.class_counts()) {
    if (!positive(count)) {
      return absl::InvalidArgumentError(
          absl::StrCat("naive Bayes state: class count ", count, " is not positive"));
    }
  }
  std::vector<std::vector<NormalEstimator>> normals(header.num_attributes());
  std::vector<std::vector<std::vector<double>>> value_counts(header.num_attributes());
  for (int a = 0; a < header.num_attributes(); ++a) {
    const Attribute& attribute = header.attributes[a];
    const NaiveBayesAttributeState& saved = nb.attributes(a);
    const bool numeric = a != header.class_index && attribute.type == AttributeType::kNumeric;
    const bool nominal = a != header.class_index && attribute.type == AttributeType::kNominal;
    if (a != header.class_index && !numeric && !nominal) {
      return absl::InvalidArgumentError(
          absl::StrCat("naive Bayes handles numeric and nominal attributes only; '", attribute.name,
                       "' is a ", AttributeTypeName(attribute.type), " attribute"));
    }
    const int expected_normals = numeric ? num_classes : 0;
    const int expected_counts =
        nominal ? num_classes * static_cast<int>(attribute.values.size()) : 0;
    if (saved.normals_size() != expected_normals || saved.value_counts_size() != expected_counts) {
      return absl::InvalidArgumentError(
          absl::StrCat("naive Bayes state: attribute '", attribute.name, "' has ",
                       saved.normals_size(), " normal estimators and ", saved.value_counts_size(),
                       " value counts, expected ", expected_normals, " and ", expected_counts));
    }
    for (const NormalEstimatorState& n : saved.normals()) {
      if (!positive(n.precision()) || !positive(n.standard_deviation()) ||
          !std::isfinite(n.mean()) || !std::isfinite(n.sum_of_weights()) ||
          n.sum_of_weights() < 0 || !std::isfinite(n.sum_of_values()) ||
          !std::isfinite(n.sum_of_squares())) {
        return absl::InvalidArgumentError(absl::StrCat(
            "naive Bayes state: attribute '", attribute.name,
            "' has a normal estimator with a bad parameter (precision ", n.precision(), ", mean ",
            n.mean(), ", standard deviation ", n.standard_deviation(), ")"));
      }
      normals[a].emplace_back(n.precision(), n.sum_of_weights(), n.sum_of_values(),
                              n.sum_of_squares(), n.mean(), n.standard_deviation());
    }
    for (double count : saved.value_counts()) {
      if (!positive(count)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "naive Bayes state: attribute '", attribute.name, "' has value count ", count));
      }
    }
    if (nominal) {
      const size_t labels = attribute.values.size();
      for (int c = 0; c < num_classes; ++c) {
        value_counts[a].emplace_back(saved.value_counts().begin() + c * labels,
                                     saved.value_counts().begin() + (c + 1) * labels);
      }
    }
  }
  header_ = header;
  header_.instances.clear();
  class_counts_.assign(nb.class_counts().begin(), nb.class_counts().end());
  normals_ = std::move(normals);
  value_counts_ = std::move(value_counts);
  return absl::OkStatus();
}

}  // namespace sentio
