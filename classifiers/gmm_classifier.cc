#include "classifiers/gmm_classifier.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "classifiers/gmm_state.h"
#include "classifiers/model_file.pb.h"

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
    options.regularization = options_.regularization;
    options.tolerance = options_.tolerance;
    options.max_iterations = options_.max_iterations;
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

absl::StatusOr<std::vector<double>> GmmClassifier::ClassLogLikelihoods(
    const Instance& instance) const {
  if (mixtures_.empty()) return absl::FailedPreconditionError("GMM classifier is not trained");
  ASSIGN_OR_RETURN(std::vector<double> features, Features(instance));
  std::vector<double> log_likelihoods(mixtures_.size(), -std::numeric_limits<double>::infinity());
  for (size_t c = 0; c < mixtures_.size(); ++c) {
    if (mixtures_[c]) log_likelihoods[c] = mixtures_[c]->LogDensity(features);
  }
  return log_likelihoods;
}

absl::StatusOr<std::vector<double>> GmmClassifier::Distribution(const Instance& instance) const {
  ASSIGN_OR_RETURN(std::vector<double> log_posterior, ClassLogLikelihoods(instance));
  const int num_classes = static_cast<int>(mixtures_.size());
  for (int c = 0; c < num_classes; ++c) log_posterior[c] += log_prior_[c];
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
                      ", regularization=", options_.regularization,
                      ", tolerance=", options_.tolerance,
                      ", max_iterations=", options_.max_iterations, ", attributes standardised)");
}

absl::Status GmmClassifier::SaveState(ModelState* state) const {
  if (mixtures_.empty()) return absl::FailedPreconditionError("GMM classifier is not trained");
  GmmClassifierState& gmm = *state->mutable_gmm();
  gmm.Clear();
  gmm.mutable_feature_mean()->Add(feature_mean_.begin(), feature_mean_.end());
  gmm.mutable_feature_scale()->Add(feature_scale_.begin(), feature_scale_.end());
  gmm.mutable_log_prior()->Add(log_prior_.begin(), log_prior_.end());
  for (const std::optional<GaussianMixture>& mixture : mixtures_) {
    gmm.add_has_mixture(mixture.has_value());
    if (!mixture) continue;
    SaveMixture(*mixture, gmm.add_mixtures());
  }
  return absl::OkStatus();
}

absl::Status GmmClassifier::LoadState(const Dataset& header, const ModelState& state) {
  if (!state.has_gmm()) return absl::InvalidArgumentError("the state is not a GMM state");
  const GmmClassifierState& gmm = state.gmm();
  std::vector<int> feature_attributes;
  for (int a = 0; a < header.num_attributes(); ++a) {
    if (a == header.class_index) continue;
    if (header.attributes[a].type != AttributeType::kNumeric) {
      return absl::InvalidArgumentError(absl::StrCat(
          "GMM classifier handles numeric attributes only; '", header.attributes[a].name, "' is a ",
          AttributeTypeName(header.attributes[a].type), " attribute"));
    }
    feature_attributes.push_back(a);
  }
  const int d = static_cast<int>(feature_attributes.size());
  const int num_classes = header.num_classes();
  if (d == 0 || gmm.feature_mean_size() != d || gmm.feature_scale_size() != d ||
      gmm.log_prior_size() != num_classes || gmm.has_mixture_size() != num_classes) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM state sizes do not match: ", gmm.feature_mean_size(), " means, ",
                     gmm.feature_scale_size(), " scales, ", gmm.log_prior_size(), " priors and ",
                     gmm.has_mixture_size(), " mixture flags for ", d, " numeric attributes and ",
                     num_classes, " classes"));
  }
  for (int f = 0; f < d; ++f) {
    if (!std::isfinite(gmm.feature_mean(f)) || !std::isfinite(gmm.feature_scale(f)) ||
        !(gmm.feature_scale(f) > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("GMM state: attribute '", header.attributes[feature_attributes[f]].name,
                       "' has mean ", gmm.feature_mean(f), " and scale ", gmm.feature_scale(f)));
    }
  }
  std::vector<std::optional<GaussianMixture>> mixtures(num_classes);
  int next_mixture = 0;
  for (int c = 0; c < num_classes; ++c) {
    const std::string& label = header.class_attribute().values[c];
    const double log_prior = gmm.log_prior(c);
    if (!gmm.has_mixture(c)) {
      if (log_prior != -std::numeric_limits<double>::infinity()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "GMM state: class '", label, "' has no mixture but log prior ", log_prior));
      }
      continue;
    }
    if (!std::isfinite(log_prior) || log_prior > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("GMM state: class '", label, "' has log prior ", log_prior));
    }
    if (next_mixture >= gmm.mixtures_size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("GMM state has ", gmm.mixtures_size(), " mixtures, fewer than flagged"));
    }
    absl::StatusOr<GaussianMixture> mixture = LoadMixture(gmm.mixtures(next_mixture++), d);
    if (!mixture.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("GMM state: the mixture of class '", label,
                                                     "': ", mixture.status().message()));
    }
    mixtures[c] = *std::move(mixture);
  }
  if (next_mixture != gmm.mixtures_size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM state has ", gmm.mixtures_size(), " mixtures, more than flagged"));
  }
  if (next_mixture == 0) return absl::InvalidArgumentError("GMM state has no mixture");
  header_ = header;
  header_.instances.clear();
  feature_attributes_ = std::move(feature_attributes);
  feature_mean_.assign(gmm.feature_mean().begin(), gmm.feature_mean().end());
  feature_scale_.assign(gmm.feature_scale().begin(), gmm.feature_scale().end());
  log_prior_.assign(gmm.log_prior().begin(), gmm.log_prior().end());
  mixtures_ = std::move(mixtures);
  return absl::OkStatus();
}

}  // namespace sentio
