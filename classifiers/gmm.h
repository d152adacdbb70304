// Gaussian mixture models fitted by expectation-maximisation, in the manner of scikit-learn's
// GaussianMixture: k-means++ initialisation (seeded), full / diagonal / spherical covariances with
// a regularisation added to their diagonal, a tolerance on the gain in mean log-likelihood, an
// iteration limit, several restarts keeping the best, and BIC for choosing the number of
// components. Densities are evaluated in log space (log-sum-exp over components) with Cholesky
// factors of the covariances.
#ifndef CLASSIFIERS_GMM_H_
#define CLASSIFIERS_GMM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio {

enum class CovarianceType { kFull, kDiagonal, kSpherical };

// "full", "diag" or "spherical" (scikit-learn's names).
absl::StatusOr<CovarianceType> ParseCovarianceType(absl::string_view name);
absl::string_view CovarianceTypeName(CovarianceType type);

// One point per element, all of the same dimension.
using Points = std::vector<std::vector<double>>;

class GaussianMixture {
 public:
  // Checks the parameters and factorises the covariances. `covariances[k]` is, by `type`, the
  // D x D matrix row-major, the D variances, or the single variance of component k.
  static absl::StatusOr<GaussianMixture> Create(CovarianceType type, std::vector<double> weights,
                                                Points means,
                                                std::vector<std::vector<double>> covariances);

  CovarianceType covariance_type() const { return type_; }
  int num_components() const { return static_cast<int>(weights_.size()); }
  int dimension() const { return static_cast<int>(means_.front().size()); }
  const std::vector<double>& weights() const { return weights_; }
  const Points& means() const { return means_; }
  const std::vector<double>& covariance(int k) const { return covariances_[k]; }

  // log(weight_k) + log N(x; mean_k, covariance_k) for every component k.
  std::vector<double> WeightedComponentLogDensities(const std::vector<double>& x) const;
  // log p(x) under the whole mixture.
  double LogDensity(const std::vector<double>& x) const;

  // Free parameters: weights (K - 1), means (K D) and covariances (K D (D + 1) / 2, K D or K).
  int NumFreeParameters() const;

 private:
  GaussianMixture() = default;

  CovarianceType type_ = CovarianceType::kDiagonal;
  std::vector<double> weights_;
  Points means_;
  std::vector<std::vector<double>> covariances_;
  // Full: the lower Cholesky factor, row-major; diagonal / spherical: the standard deviations.
  std::vector<std::vector<double>> cholesky_;
  std::vector<double> log_normaliser_;  // log(weight) - D/2 log(2 pi) - log det(cholesky)
};

struct GmmOptions {
  int components = 1;
  CovarianceType covariance = CovarianceType::kDiagonal;
  // Added to every covariance diagonal so that a constant dimension or a component on few points
  // keeps a usable density (scikit-learn's reg_covar).
  double regularization = 1e-6;
  // EM stops once the mean log-likelihood gains less than this in one iteration.
  double tolerance = 1e-3;
  int max_iterations = 100;
  int restarts = 1;  // EM runs from different k-means++ seeds; the most likely fit is kept
  uint32_t seed = 1;
};

struct GmmFit {
  GaussianMixture mixture;
  double mean_log_likelihood = 0;  // (weighted) mean of log p(x) over the points under `mixture`
  // Mean log-likelihood of each successive parameter set of the kept run: the initial one, then
  // after each EM iteration (its last element is mean_log_likelihood).
  std::vector<double> history;
  int iterations = 0;      // EM iterations (E and M step) of the kept run
  bool converged = false;  // it stopped on the tolerance rather than the iteration limit
};

// Fits `options.components` components to `points`. `weights` (empty: all 1) weigh the points.
// Fails naming the problem for no points, ragged or non-finite points, fewer points than
// components, or a covariance that is not positive definite even after regularisation.
absl::StatusOr<GmmFit> FitGmm(const Points& points, const std::vector<double>& weights,
                              const GmmOptions& options);

// One EM run started as scikit-learn starts from `means_init`: every point is assigned to its
// nearest initial mean, the weights and covariances are estimated from that assignment, and the
// means are the given ones. `options.components` and `options.restarts` are not read.
absl::StatusOr<GmmFit> FitGmmFromMeans(const Points& points, const std::vector<double>& weights,
                                       const GmmOptions& options, const Points& initial_means);

// (Weighted) mean of log p(x) over `points`.
double MeanLogLikelihood(const GaussianMixture& mixture, const Points& points,
                         const std::vector<double>& weights);

// Bayesian information criterion, as scikit-learn computes it: -2 log L + parameters * log(n),
// with n the total weight of the points. Lower is better.
double Bic(const GaussianMixture& mixture, const Points& points,
           const std::vector<double>& weights);

}  // namespace sentio

#endif  // CLASSIFIERS_GMM_H_
