// Classification with one Gaussian mixture per class over the numeric attributes: each class's
// mixture is fitted by EM (classifiers/gmm.h) to that class's training instances, and an instance
// gets the posterior from the class priors (by instance weight) and the mixture densities.
// Attributes are standardised by the training data's mean and standard deviation first, so that
// the k-means++ initialisation and the covariance regularisation see comparable scales.
#ifndef CLASSIFIERS_GMM_CLASSIFIER_H_
#define CLASSIFIERS_GMM_CLASSIFIER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "classifiers/classifier.h"
#include "classifiers/gmm.h"

namespace sentio {

struct GmmClassifierOptions {
  // Per class; a class with fewer training instances gets one component per instance.
  int components = 2;
  CovarianceType covariance = CovarianceType::kDiagonal;
  uint32_t seed = 1;
  int restarts = 1;
  // Passed to every class's EM fit (classifiers/gmm.h GmmOptions).
  double regularization = GmmOptions().regularization;
  double tolerance = GmmOptions().tolerance;
  int max_iterations = GmmOptions().max_iterations;
};

class GmmClassifier : public Classifier {
 public:
  explicit GmmClassifier(GmmClassifierOptions options) : options_(options) {}

  // Fails naming the attribute for a nominal, string or date attribute or a missing value.
  absl::Status Train(const Dataset& data) override;
  absl::StatusOr<std::vector<double>> Distribution(const Instance& instance) const override;
  std::string Describe() const override;
  absl::Status SaveState(ModelState* state) const override;
  absl::Status LoadState(const Dataset& header, const ModelState& state) override;

  // log p(x | class) for every class (minus infinity for a class without training instances):
  // what a sequence classifier sums over frames.
  absl::StatusOr<std::vector<double>> ClassLogLikelihoods(const Instance& instance) const;
  // log P(class) from the training weights (minus infinity for a class without instances).
  const std::vector<double>& log_priors() const { return log_prior_; }

  // After training: the mixture of class `c`, if it had training instances.
  const std::optional<GaussianMixture>& MixtureOf(int c) const { return mixtures_[c]; }

 private:
  // The standardised numeric attributes of `instance`.
  absl::StatusOr<std::vector<double>> Features(const Instance& instance) const;

  GmmClassifierOptions options_;
  Dataset header_;  // the training data's attributes, without instances
  std::vector<int> feature_attributes_;
  std::vector<double> feature_mean_, feature_scale_;
  std::vector<double> log_prior_;  // per class; -inf for a class without training instances
  std::vector<std::optional<GaussianMixture>> mixtures_;
};

}  // namespace sentio

#endif  // CLASSIFIERS_GMM_CLASSIFIER_H_
