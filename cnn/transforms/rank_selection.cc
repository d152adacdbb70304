#include "cnn/transforms/rank_selection.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "Eigen/Eigenvalues"

namespace sentio::cnn::transforms {
namespace {

// The minimum of `f` over [low, high]: the best of a logarithmic grid, refined by golden-section
// search between its neighbours (the free energy can have more than one local minimum).
double MinimizeOnInterval(const std::function<double(double)>& f, double low, double high) {
  constexpr int kGrid = 256;
  const double ratio = std::pow(high / low, 1.0 / (kGrid - 1));
  int best = 0;
  double best_value = f(low);
  for (int i = 1; i < kGrid; ++i) {
    const double value = f(low * std::pow(ratio, i));
    if (value < best_value) best = i, best_value = value;
  }
  double a = low * std::pow(ratio, std::max(best - 1, 0));
  double b = low * std::pow(ratio, std::min(best + 1, kGrid - 1));
  const double golden = (std::sqrt(5.0) - 1) / 2;
  for (int i = 0; i < 100 && b - a > 1e-12 * b; ++i) {
    const double c = b - golden * (b - a);
    const double d = a + golden * (b - a);
    if (f(c) < f(d)) {
      b = d;
    } else {
      a = c;
    }
  }
  return (a + b) / 2;
}

}  // namespace

std::vector<double> SingularValues(const Eigen::MatrixXd& matrix) {
  // The eigenvalues of the smaller Gram matrix: for a layer's unfolding (up to 512 x 4608 in
  // VGG-16) far cheaper than an SVD, and in double precision exact enough for choosing ranks.
  const Eigen::MatrixXd gram = matrix.rows() <= matrix.cols()
                                   ? Eigen::MatrixXd(matrix * matrix.transpose())
                                   : Eigen::MatrixXd(matrix.transpose() * matrix);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram, Eigen::EigenvaluesOnly);
  std::vector<double> values(gram.rows());
  for (int i = 0; i < gram.rows(); ++i) {
    values[i] = std::sqrt(std::max(0.0, solver.eigenvalues()(gram.rows() - 1 - i)));
  }
  return values;
}

int EvbmfRank(const Eigen::MatrixXd& matrix) {
  const std::vector<double> s = SingularValues(matrix);
  const int count = static_cast<int>(s.size());
  if (count == 0) return 0;
  const double l = static_cast<double>(std::min(matrix.rows(), matrix.cols()));
  const double m = static_cast<double>(std::max(matrix.rows(), matrix.cols()));
  const double alpha = l / m;
  const double tau_bar = 2.5129 * std::sqrt(alpha);
  const double x_bar = (1 + tau_bar) * (1 + alpha / tau_bar);
  double sum_squares = 0;
  for (double value : s) sum_squares += value * value;
  if (sum_squares <= 0) return 0;

  // Bounds on the noise variance (Nakajima et al. 2013): above, the variance of all
  // entries; below, what the singular values past the largest rank EVB can recover imply.
  const int tail = std::min(static_cast<int>(std::ceil(l / (1 + alpha))) - 1, count - 1);
  double tail_squares = 0;
  for (int h = tail; h < count; ++h) tail_squares += s[h] * s[h];
  const double upper = sum_squares / (l * m);
  const double lower = std::max(s[tail] * s[tail] / (m * x_bar), tail_squares / (count - tail) / m);

  // The free energy as a function of the noise variance, up to constants (ibid.).
  auto free_energy = [&](double sigma2) {
    double energy = 0;
    for (double value : s) {
      const double x = value * value / (m * sigma2);
      if (x > x_bar) {
        const double shifted = x - (1 + alpha);
        const double tau = 0.5 * (shifted + std::sqrt(shifted * shifted - 4 * alpha));
        energy += x - tau + std::log((tau + 1) / x) + alpha * std::log(tau / alpha + 1);
      } else {
        energy += x - std::log(std::max(x, 1e-300));
      }
    }
    return energy;
  };
  const double sigma2 = lower < upper ? MinimizeOnInterval(free_energy, lower, upper) : upper;
  const double threshold = std::sqrt(m * sigma2 * x_bar);
  return static_cast<int>(
      std::count_if(s.begin(), s.end(), [&](double value) { return value > threshold; }));
}

int EnergyRank(const std::vector<double>& singular_values, double fraction) {
  double total = 0;
  for (double value : singular_values) total += value * value;
  double kept = 0;
  int rank = 0;
  for (double value : singular_values) {
    if (rank > 0 && kept >= fraction * total) break;
    kept += value * value;
    ++rank;
  }
  return std::max(rank, 1);
}

}  // namespace sentio::cnn::transforms
