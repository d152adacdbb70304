#include "classifiers/gmm_classifier.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "sensing/status_macros.h"

namespace sentio {

absl::StatusOr<std::vector<double>> GmmClassifier::Features(const Instance& instance) const {
  if (static_cast<int>(instance.values.size()) != header_.num_attributes()) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM classifier: instance has ", instance.values.size(),
                     " values, the training data ", header_.num_attributes(), " attributes"));
  }
  std::vector<double> features;
  features.reserve(feature_attributes_.size());
  for (size_t f = 0; f < feature_attributes_.size(); ++f) {
    const double value = instance.values[feature_attributes_[f]];
    if (!std::isfinite(value)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "GMM classifier: attribute '", header_.attributes[feature_attributes_[f]].name, "' is ",
          IsMissing(value) ? "missing" : absl::StrCat("not finite (", value, ")"),
          "; Gaussian mixtures need every numeric value"));
    }
    features.push_back((value - feature_mean_[f]) / feature_scale_[f]);
  }
  return features;
}

absl::Status GmmClassifier::Train(const Dataset& data) {
  RETURN_IF_ERROR(data.ValidateForClassification());
  header_ = data;
  header_.instances.clear();
  feature_attributes_.clear();
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (a == data.class_index) continue;
    const Attribute& attribute = data.attributes[a];
    if (attribute.type != AttributeType::kNumeric) {
      return absl::InvalidArgumentError(
          absl::StrCat("GMM classifier handles numeric attributes only; '", attribute.name,
                       "' is a ", AttributeTypeName(attribute.type), " attribute"));
    }
    feature_attributes_.push_back(a);
  }
  if (feature_attributes_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM classifier: '", data.relation, "' has no numeric attribute"));
  }

  // Raw features of the labelled instances; the identity standardisation reads them as they are.
  const size_t d = feature_attributes_.size();
  feature_mean_.assign(d, 0);
  feature_scale_.assign(d, 1);
  std::vector<int> labelled;
  Points raw;
  double total_weight = 0;
  for (int i = 0; i < data.num_instances(); ++i) {
    if (data.ClassOf(i) < 0) continue;
    absl::StatusOr<std::vector<double>> features = Features(data.instances[i]);
    if (!features.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("training instance ", i + 1, ": ", features.status().message()));
    }
    labelled.push_back(i);
    raw.push_back(*std::move(features));
    total_weight += data.instances[i].weight;
  }
  if (labelled.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM classifier: '", data.relation, "' has no instance with a known class"));
  }

  std::vector<double> mean(d, 0), variance(d, 0);
  for (size_t n = 0; n < raw.size(); ++n) {
    const double w = data.instances[labelled[n]].weight / total_weight;
    for (size_t f = 0; f < d; ++f) mean[f] += w * raw[n][f];
  }
  for (size_t n = 0; n < raw.size(); ++n) {
    const double w = data.instances[labelled[n]].weight / total_weight;
    for (size_t f = 0; f < d; ++f) variance[f] += w * (raw[n][f] - mean[f]) * (raw[n][f] - mean[f]);
  }
  for (size_t f = 0; f < d; ++f) {
    const double deviation = std::sqrt(variance[f]);
    feature_mean_[f] = mean[f];
    feature_scale_[f] = deviation > 0 ? deviation : 1;  // a constant attribute stays as it is
  }

  const int num_classes = data.num_classes();
  std::vector<Points> points(num_classes);
  std::vector<std::vector<double>> weights(num_classes);
  for (size_t n = 0; n < raw.size(); ++n) {
    const Instance& instance = data.instances[labelled[n]];
    std::vector<double>& point = points[data.ClassOf(labelled[n])].emplace_back(d);
    for (size_t f = 0; f < d; ++f) point[f] = (raw[n][f] - feature_mean_[f]) / feature_scale_[f];
    weights[data.ClassOf(labelled[n])].push_back(instance.weight);
  }
  log_prior_.assign(num_classes, -std::numeric_limits<double>::infinity());
  mixtures_.assign(num_classes, std::nullopt);
  for (int c = 0; c < num_classes; ++c) {
    if (points[c].empty()) continue;
    double class_weight = 0;
    for (double w : weights[c]) class_weight += w;
    log_prior_[c] = std::log(class_weight / total_weight);
    GmmOptions options;
    options.components = std::min<int>(options_.components, points[c].size());
    options.covariance = options_.covariance;
    options.seed = options_.seed;
    options.restarts = options_.restarts;
    absl::StatusOr<GmmFit> fit = FitGmm(points[c], weights[c], options);
    if (!fit.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("GMM classifier, class '",
                                                     data.class_attribute().values[c],
                                                     "': ", fit.status().message()));
    }
    mixtures_[c] = std::move(fit->mixture);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> GmmClassifier::Distribution(const Instance& instance) const {
  if (mixtures_.empty()) return absl::FailedPreconditionError("GMM classifier is not trained");
  ASSIGN_OR_RETURN(std::vector<double> features, Features(instance));
  const int num_classes = static_cast<int>(mixtures_.size());
  std::vector<double> log_posterior(num_classes, -std::numeric_limits<double>::infinity());
  for (int c = 0; c < num_classes; ++c) {
    if (mixtures_[c]) log_posterior[c] = log_prior_[c] + mixtures_[c]->LogDensity(features);
  }
  double largest = *std::max_element(log_posterior.begin(), log_posterior.end());
  if (!std::isfinite(largest)) {
    // So far from every class that all densities underflow even in log space: priors only.
    log_posterior = log_prior_;
    largest = *std::max_element(log_posterior.begin(), log_posterior.end());
  }
  std::vector<double> distribution(num_classes, 0);
  double total = 0;
  for (int c = 0; c < num_classes; ++c) {
    if (!mixtures_[c]) continue;
    distribution[c] = std::exp(log_posterior[c] - largest);
    total += distribution[c];
  }
  for (double& p : distribution) p /= total;
  return distribution;
}

std::string GmmClassifier::Describe() const {
  return absl::StrCat("GMM per class (components=", options_.components,
                      ", covariance=", CovarianceTypeName(options_.covariance),
                      ", restarts=", options_.restarts, ", seed=", options_.seed,
                      ", attributes standardised)");
}

}  // namespace sentio
