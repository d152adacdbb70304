#include "classifiers/gmm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

constexpr double kLogTwoPi = 1.8378770664093454836;
// Added to each component's total responsibility, as scikit-learn does, so that a component that
// lost all its points does not divide by zero.
constexpr double kTinyComponentMass = 10 * std::numeric_limits<double>::epsilon();

using Responsibilities = std::vector<std::vector<double>>;  // [point][component]

double LogSumExp(const std::vector<double>& values) {
  const double largest = *std::max_element(values.begin(), values.end());
  if (std::isinf(largest)) return largest;
  double sum = 0;
  for (double v : values) sum += std::exp(v - largest);
  return largest + std::log(sum);
}

absl::Status NotPositiveDefinite(int component) {
  return absl::InvalidArgumentError(
      absl::StrCat("GMM: the covariance of component ", component, " is not positive definite"));
}

// Sets `lower` to the lower Cholesky factor of the row-major `d` x `d` matrix; false when the
// matrix is not positive definite.
bool Cholesky(const std::vector<double>& matrix, int d, std::vector<double>& lower) {
  lower.assign(d * d, 0);
  for (int i = 0; i < d; ++i) {
    for (int j = 0; j <= i; ++j) {
      double sum = matrix[i * d + j];
      for (int k = 0; k < j; ++k) sum -= lower[i * d + k] * lower[j * d + k];
      if (i == j) {
        if (!(sum > 0) || !std::isfinite(sum)) return false;
        lower[i * d + i] = std::sqrt(sum);
      } else {
        lower[i * d + j] = sum / lower[j * d + j];
      }
    }
  }
  return true;
}

double TotalWeight(const std::vector<double>& weights, int n) {
  if (weights.empty()) return n;
  double total = 0;
  for (double w : weights) total += w;
  return total;
}

double WeightOf(const std::vector<double>& weights, int i) {
  return weights.empty() ? 1.0 : weights[i];
}

absl::Status CheckPointsAndOptions(const Points& points, const std::vector<double>& weights,
                                   const GmmOptions& options, int components) {
  if (points.empty()) return absl::InvalidArgumentError("GMM: no points to fit");
  const size_t d = points.front().size();
  if (d == 0) return absl::InvalidArgumentError("GMM: points have no dimensions");
  for (size_t i = 0; i < points.size(); ++i) {
    if (points[i].size() != d) {
      return absl::InvalidArgumentError(absl::StrCat("GMM: point ", i, " has ", points[i].size(),
                                                     " dimensions, point 0 has ", d));
    }
    for (size_t j = 0; j < d; ++j) {
      if (!std::isfinite(points[i][j])) {
        return absl::InvalidArgumentError(absl::StrCat(
            "GMM: point ", i, " has the non-finite value ", points[i][j], " in dimension ", j));
      }
    }
  }
  if (!weights.empty() && weights.size() != points.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM: ", weights.size(), " weights for ", points.size(), " points"));
  }
  for (size_t i = 0; i < weights.size(); ++i) {
    if (!(weights[i] > 0) || !std::isfinite(weights[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("GMM: point ", i, " has weight ", weights[i], "; weights must be positive"));
    }
  }
  if (components < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM: needs at least 1 component, got ", components));
  }
  if (static_cast<int>(points.size()) < components) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM: ", points.size(), " points cannot fit ", components, " components"));
  }
  if (!(options.regularization >= 0) || !std::isfinite(options.regularization)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "GMM: the regularisation must be finite and >= 0, got ", options.regularization));
  }
  if (!(options.tolerance >= 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM: the tolerance must be >= 0, got ", options.tolerance));
  }
  if (options.max_iterations < 1 || options.restarts < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("GMM: needs at least 1 iteration and 1 restart, got ", options.max_iterations,
                     " and ", options.restarts));
  }
  return absl::OkStatus();
}

// The M step: the mixture that maximises the expected log-likelihood under `responsibilities`.
absl::StatusOr<GaussianMixture> MaximisationStep(const Points& points,
                                                 const std::vector<double>& weights,
                                                 const Responsibilities& responsibilities,
                                                 const GmmOptions& options) {
  const int n = static_cast<int>(points.size());
  const int d = static_cast<int>(points.front().size());
  const int k_count = static_cast<int>(responsibilities.front().size());
  const double total_weight = TotalWeight(weights, n);
  std::vector<double> mass(k_count, kTinyComponentMass);
  Points means(k_count, std::vector<double>(d, 0));
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < k_count; ++k) {
      const double r = WeightOf(weights, i) * responsibilities[i][k];
      mass[k] += r;
      for (int j = 0; j < d; ++j) means[k][j] += r * points[i][j];
    }
  }
  std::vector<double> mixing(k_count);
  for (int k = 0; k < k_count; ++k) {
    mixing[k] = mass[k] / total_weight;
    for (double& m : means[k]) m /= mass[k];
  }

  std::vector<std::vector<double>> covariances(k_count);
  std::vector<double> difference(d);
  for (int k = 0; k < k_count; ++k) {
    const bool full = options.covariance == CovarianceType::kFull;
    std::vector<double> sums(full ? d * d : d, 0);
    for (int i = 0; i < n; ++i) {
      const double r = WeightOf(weights, i) * responsibilities[i][k];
      if (r == 0) continue;
      for (int j = 0; j < d; ++j) difference[j] = points[i][j] - means[k][j];
      if (full) {
        for (int a = 0; a < d; ++a) {
          for (int b = 0; b <= a; ++b) sums[a * d + b] += r * difference[a] * difference[b];
        }
      } else {
        for (int j = 0; j < d; ++j) sums[j] += r * difference[j] * difference[j];
      }
    }
    for (double& s : sums) s /= mass[k];
    if (full) {
      for (int a = 0; a < d; ++a) {
        for (int b = 0; b < a; ++b) sums[b * d + a] = sums[a * d + b];
        sums[a * d + a] += options.regularization;
      }
      covariances[k] = std::move(sums);
    } else {
      for (double& s : sums) s += options.regularization;
      if (options.covariance == CovarianceType::kDiagonal) {
        covariances[k] = std::move(sums);
      } else {
        double mean_variance = 0;
        for (double s : sums) mean_variance += s;
        covariances[k] = {mean_variance / d};
      }
    }
  }
  absl::StatusOr<GaussianMixture> mixture = GaussianMixture::Create(
      options.covariance, std::move(mixing), std::move(means), std::move(covariances));
  if (!mixture.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        mixture.status().message(), " even after adding ", options.regularization,
        " to its diagonal (a constant or collinear dimension, or a component on too few points);"
        " use a larger regularisation"));
  }
  return mixture;
}

// The E step: the responsibilities of each component for each point, and the (weighted) mean
// log-likelihood of the points.
double ExpectationStep(const GaussianMixture& mixture, const Points& points,
                       const std::vector<double>& weights, Responsibilities& responsibilities) {
  const int n = static_cast<int>(points.size());
  responsibilities.resize(n);
  double total = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<double> log_densities = mixture.WeightedComponentLogDensities(points[i]);
    const double log_density = LogSumExp(log_densities);
    total += WeightOf(weights, i) * log_density;
    for (double& value : log_densities) value = std::exp(value - log_density);
    responsibilities[i] = std::move(log_densities);
  }
  return total / TotalWeight(weights, n);
}

double SquaredDistance(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (size_t j = 0; j < a.size(); ++j) sum += (a[j] - b[j]) * (a[j] - b[j]);
  return sum;
}

// Each point wholly to its nearest centre (the lowest index on a tie).
Responsibilities NearestCentre(const Points& points, const Points& centres) {
  Responsibilities responsibilities(points.size(), std::vector<double>(centres.size(), 0));
  for (size_t i = 0; i < points.size(); ++i) {
    size_t best = 0;
    double best_distance = SquaredDistance(points[i], centres[0]);
    for (size_t k = 1; k < centres.size(); ++k) {
      const double distance = SquaredDistance(points[i], centres[k]);
      if (distance < best_distance) {
        best = k;
        best_distance = distance;
      }
    }
    responsibilities[i][best] = 1;
  }
  return responsibilities;
}

// A uniform draw in [0, 1) from the 32 bits of mt19937, the same on every platform.
double UniformDraw(std::mt19937& random) { return random() / 4294967296.0; }

// Index drawn with probability proportional to `scores` (which sum to `total` > 0).
int DrawProportional(const std::vector<double>& scores, double total, std::mt19937& random) {
  const double target = UniformDraw(random) * total;
  double cumulative = 0;
  for (size_t i = 0; i < scores.size(); ++i) {
    cumulative += scores[i];
    if (target < cumulative) return static_cast<int>(i);
  }
  // Rounding left the target beyond the last positive score.
  for (size_t i = scores.size(); i-- > 0;) {
    if (scores[i] > 0) return static_cast<int>(i);
  }
  return 0;
}

// k-means++: the first centre drawn by weight, each next one by weight times the squared
// distance to the nearest centre so far.
Points KMeansPlusPlusCentres(const Points& points, const std::vector<double>& weights,
                             int components, std::mt19937& random) {
  const int n = static_cast<int>(points.size());
  std::vector<double> by_weight(n);
  for (int i = 0; i < n; ++i) by_weight[i] = WeightOf(weights, i);
  Points centres = {points[DrawProportional(by_weight, TotalWeight(weights, n), random)]};
  std::vector<double> nearest(n);
  for (int i = 0; i < n; ++i) nearest[i] = SquaredDistance(points[i], centres[0]);
  while (static_cast<int>(centres.size()) < components) {
    std::vector<double> scores(n);
    double total = 0;
    for (int i = 0; i < n; ++i) {
      scores[i] = by_weight[i] * nearest[i];
      total += scores[i];
    }
    // Every point already is a centre (repeated points): draw by weight alone.
    const int next = total > 0 ? DrawProportional(scores, total, random)
                               : DrawProportional(by_weight, TotalWeight(weights, n), random);
    centres.push_back(points[next]);
    for (int i = 0; i < n; ++i) {
      nearest[i] = std::min(nearest[i], SquaredDistance(points[i], centres.back()));
    }
  }
  return centres;
}

// EM from `initial` until the gain drops below the tolerance or the iteration limit.
absl::StatusOr<GmmFit> RunEm(const Points& points, const std::vector<double>& weights,
                             const GmmOptions& options, GaussianMixture initial) {
  GmmFit fit{std::move(initial)};
  Responsibilities responsibilities;
  double previous = -std::numeric_limits<double>::infinity();
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    const double current = ExpectationStep(fit.mixture, points, weights, responsibilities);
    fit.history.push_back(current);
    ASSIGN_OR_RETURN(fit.mixture, MaximisationStep(points, weights, responsibilities, options));
    fit.iterations = iteration;
    if (std::abs(current - previous) < options.tolerance) {
      fit.converged = true;
      break;
    }
    previous = current;
  }
  fit.mean_log_likelihood = MeanLogLikelihood(fit.mixture, points, weights);
  fit.history.push_back(fit.mean_log_likelihood);
  return fit;
}

}  // namespace

absl::StatusOr<CovarianceType> ParseCovarianceType(absl::string_view name) {
  if (name == "full") return CovarianceType::kFull;
  if (name == "diag") return CovarianceType::kDiagonal;
  if (name == "spherical") return CovarianceType::kSpherical;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown covariance type '", name, "' (known: full, diag, spherical)"));
}

absl::string_view CovarianceTypeName(CovarianceType type) {
  switch (type) {
    case CovarianceType::kFull:
      return "full";
    case CovarianceType::kDiagonal:
      return "diag";
    case CovarianceType::kSpherical:
      return "spherical";
  }
  return "unknown";
}

absl::StatusOr<GaussianMixture> GaussianMixture::Create(
    CovarianceType type, std::vector<double> weights, Points means,
    std::vector<std::vector<double>> covariances) {
  const size_t k_count = weights.size();
  if (k_count == 0 || means.size() != k_count || covariances.size() != k_count) {
    return absl::InvalidArgumentError(absl::StrCat(
        "GMM: ", weights.size(), " weights, ", means.size(), " means and ", covariances.size(),
        " covariances do not describe a mixture of at least one component"));
  }
  const int d = static_cast<int>(means.front().size());
  if (d == 0) return absl::InvalidArgumentError("GMM: means have no dimensions");
  const size_t covariance_size = type == CovarianceType::kFull       ? d * d
                                 : type == CovarianceType::kDiagonal ? d
                                                                     : 1;
  GaussianMixture mixture;
  mixture.type_ = type;
  for (size_t k = 0; k < k_count; ++k) {
    if (!(weights[k] > 0) || !std::isfinite(weights[k])) {
      return absl::InvalidArgumentError(
          absl::StrCat("GMM: component ", k, " has weight ", weights[k]));
    }
    if (static_cast<int>(means[k].size()) != d || covariances[k].size() != covariance_size) {
      return absl::InvalidArgumentError(absl::StrCat(
          "GMM: component ", k, " has a mean of ", means[k].size(), " and a covariance of ",
          covariances[k].size(), " values; expected ", d, " and ", covariance_size));
    }
    std::vector<double> factor;
    double log_determinant = 0;  // of the Cholesky factor: half that of the covariance
    if (type == CovarianceType::kFull) {
      if (!Cholesky(covariances[k], d, factor)) return NotPositiveDefinite(k);
      for (int j = 0; j < d; ++j) log_determinant += std::log(factor[j * d + j]);
    } else {
      for (double variance : covariances[k]) {
        if (!(variance > 0) || !std::isfinite(variance)) return NotPositiveDefinite(k);
        factor.push_back(std::sqrt(variance));
      }
      for (double deviation : factor) log_determinant += std::log(deviation);
      if (type == CovarianceType::kSpherical) log_determinant *= d;
    }
    mixture.cholesky_.push_back(std::move(factor));
    mixture.log_normaliser_.push_back(std::log(weights[k]) - 0.5 * d * kLogTwoPi - log_determinant);
  }
  mixture.weights_ = std::move(weights);
  mixture.means_ = std::move(means);
  mixture.covariances_ = std::move(covariances);
  return mixture;
}

std::vector<double> GaussianMixture::WeightedComponentLogDensities(
    const std::vector<double>& x) const {
  const int d = dimension();
  std::vector<double> result(num_components());
  std::vector<double> whitened(d);
  for (int k = 0; k < num_components(); ++k) {
    const std::vector<double>& factor = cholesky_[k];
    double squared_distance = 0;  // Mahalanobis
    for (int j = 0; j < d; ++j) {
      double value = x[j] - means_[k][j];
      if (type_ == CovarianceType::kFull) {
        for (int m = 0; m < j; ++m) value -= factor[j * d + m] * whitened[m];
        value /= factor[j * d + j];
      } else {
        value /= type_ == CovarianceType::kDiagonal ? factor[j] : factor[0];
      }
      whitened[j] = value;
      squared_distance += value * value;
    }
    result[k] = log_normaliser_[k] - 0.5 * squared_distance;
  }
  return result;
}

double GaussianMixture::LogDensity(const std::vector<double>& x) const {
  return LogSumExp(WeightedComponentLogDensities(x));
}

int GaussianMixture::NumFreeParameters() const {
  const int k = num_components(), d = dimension();
  const int covariance = type_ == CovarianceType::kFull       ? k * d * (d + 1) / 2
                         : type_ == CovarianceType::kDiagonal ? k * d
                                                              : k;
  return (k - 1) + k * d + covariance;
}

double MeanLogLikelihood(const GaussianMixture& mixture, const Points& points,
                         const std::vector<double>& weights) {
  double total = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    total += WeightOf(weights, i) * mixture.LogDensity(points[i]);
  }
  return total / TotalWeight(weights, static_cast<int>(points.size()));
}

double Bic(const GaussianMixture& mixture, const Points& points,
           const std::vector<double>& weights) {
  const double n = TotalWeight(weights, static_cast<int>(points.size()));
  return -2 * MeanLogLikelihood(mixture, points, weights) * n +
         mixture.NumFreeParameters() * std::log(n);
}

absl::StatusOr<GmmFit> FitGmm(const Points& points, const std::vector<double>& weights,
                              const GmmOptions& options) {
  RETURN_IF_ERROR(CheckPointsAndOptions(points, weights, options, options.components));
  std::mt19937 random(options.seed);
  absl::StatusOr<GmmFit> best = absl::UnknownError("GMM: no EM run");
  for (int restart = 0; restart < options.restarts; ++restart) {
    const Points centres = KMeansPlusPlusCentres(points, weights, options.components, random);
    ASSIGN_OR_RETURN(GaussianMixture initial,
                     MaximisationStep(points, weights, NearestCentre(points, centres), options));
    ASSIGN_OR_RETURN(GmmFit fit, RunEm(points, weights, options, std::move(initial)));
    if (!best.ok() || fit.mean_log_likelihood > best->mean_log_likelihood) best = std::move(fit);
  }
  return best;
}

absl::StatusOr<GmmFit> FitGmmFromMeans(const Points& points, const std::vector<double>& weights,
                                       const GmmOptions& options, const Points& initial_means) {
  RETURN_IF_ERROR(
      CheckPointsAndOptions(points, weights, options, static_cast<int>(initial_means.size())));
  for (size_t k = 0; k < initial_means.size(); ++k) {
    if (initial_means[k].size() != points.front().size()) {
      return absl::InvalidArgumentError(absl::StrCat("GMM: initial mean ", k, " has ",
                                                     initial_means[k].size(),
                                                     " dimensions, the "
                                                     "points ",
                                                     points.front().size()));
    }
  }
  ASSIGN_OR_RETURN(
      GaussianMixture assigned,
      MaximisationStep(points, weights, NearestCentre(points, initial_means), options));
  std::vector<std::vector<double>> covariances;
  for (int k = 0; k < assigned.num_components(); ++k) covariances.push_back(assigned.covariance(k));
  ASSIGN_OR_RETURN(GaussianMixture initial,
                   GaussianMixture::Create(options.covariance, assigned.weights(), initial_means,
                                           std::move(covariances)));
  return RunEm(points, weights, options, std::move(initial));
}

}  // namespace sentio
