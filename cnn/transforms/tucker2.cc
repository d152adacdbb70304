#include "cnn/transforms/tucker2.h"

#include <algorithm>
#include <cmath>

#include "Eigen/Eigenvalues"

namespace sentio::cnn::transforms {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMap = Eigen::Map<const RowMatrix>;

constexpr int kMaxIterations = 10;
constexpr double kConvergence = 1e-6;

// The `rank` leading left singular vectors of `matrix`, as columns: eigenvectors of the Gram
// matrix, which is at most 512 x 512 for a convolution where the SVD of the unfolding would be
// 512 x 4608. A full rank gives the identity, so that the factor is exact and can be dropped.
// Sets `*captured`, when given, to the squared norm of the projection of `matrix` on them.
Eigen::MatrixXd LeadingLeftSingularVectors(const Eigen::MatrixXd& matrix, int64_t rank,
                                           double* captured = nullptr) {
  const int64_t rows = matrix.rows();
  if (rank >= rows) {
    if (captured != nullptr) *captured = matrix.squaredNorm();
    return Eigen::MatrixXd::Identity(rows, rows);
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(matrix * matrix.transpose());
  Eigen::MatrixXd vectors(rows, rank);
  double sum = 0;
  for (int64_t r = 0; r < rank; ++r) {
    vectors.col(r) = solver.eigenvectors().col(rows - 1 - r);
    sum += solver.eigenvalues()(rows - 1 - r);
  }
  if (captured != nullptr) *captured = sum;
  return vectors;
}

// W x_1 U_in^T, unfolded along the output channels: [out_channels, R1 x kernel].
Eigen::MatrixXd ProjectInputChannels(const ConvWeights& w, const Eigen::MatrixXd& input_factor) {
  const int64_t rank = input_factor.cols();
  Eigen::MatrixXd result(w.out_channels, rank * w.kernel_size);
  for (int64_t s = 0; s < w.out_channels; ++s) {
    ConstRowMap slice(w.values.data() + s * w.in_channels * w.kernel_size, w.in_channels,
                      w.kernel_size);
    const RowMatrix projected = input_factor.transpose() * slice;  // [R1, kernel]
    result.row(s) = Eigen::Map<const Eigen::RowVectorXd>(projected.data(), projected.size());
  }
  return result;
}

// W x_0 U_out^T as [R2, in_channels x kernel].
RowMatrix ProjectOutputChannels(const ConvWeights& w, const Eigen::MatrixXd& output_factor) {
  ConstRowMap unfolded(w.values.data(), w.out_channels, w.in_channels * w.kernel_size);
  return output_factor.transpose() * unfolded;
}

// [R2, in_channels x kernel] regrouped as the mode-1 unfolding [in_channels, R2 x kernel].
Eigen::MatrixXd InputUnfoldingOf(const RowMatrix& projected, int64_t in_channels,
                                 int64_t kernel_size) {
  const int64_t rank = projected.rows();
  Eigen::MatrixXd result(in_channels, rank * kernel_size);
  for (int64_t r = 0; r < rank; ++r) {
    for (int64_t c = 0; c < in_channels; ++c) {
      result.block(c, r * kernel_size, 1, kernel_size) =
          projected.block(r, c * kernel_size, 1, kernel_size);
    }
  }
  return result;
}

// (W x_0 U_out^T) x_1 U_in^T, [R2][R1][kernel].
std::vector<double> Core(const ConvWeights& w, const Eigen::MatrixXd& input_factor,
                         const Eigen::MatrixXd& output_factor) {
  const RowMatrix projected = ProjectOutputChannels(w, output_factor);
  const int64_t r1 = input_factor.cols();
  std::vector<double> core;
  core.reserve(projected.rows() * r1 * w.kernel_size);
  for (int64_t r = 0; r < projected.rows(); ++r) {
    Eigen::Map<const RowMatrix> slice(projected.row(r).data(), w.in_channels, w.kernel_size);
    const RowMatrix reduced = input_factor.transpose() * slice;  // [R1, kernel]
    core.insert(core.end(), reduced.data(), reduced.data() + reduced.size());
  }
  return core;
}

double SquaredNorm(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v * v;
  return sum;
}

}  // namespace

Eigen::MatrixXd OutputUnfolding(const ConvWeights& weights) {
  return ConstRowMap(weights.values.data(), weights.out_channels,
                     weights.in_channels * weights.kernel_size);
}

Eigen::MatrixXd InputUnfolding(const ConvWeights& weights) {
  return InputUnfoldingOf(OutputUnfolding(weights), weights.in_channels, weights.kernel_size);
}

Tucker2Factors FactorizeTucker2(const ConvWeights& weights, const Tucker2Ranks& ranks) {
  Tucker2Factors factors;
  factors.input_factor = LeadingLeftSingularVectors(InputUnfolding(weights), ranks.input);
  factors.output_factor = LeadingLeftSingularVectors(OutputUnfolding(weights), ranks.output);
  // HOOI: each factor in turn becomes the best for the other fixed; the captured energy ||core||^2
  // (the leading eigenvalues of the last solve) rises monotonically. Trained weights converge in
  // a few iterations; random ones slowly, hence the cap.
  double captured = 0;
  for (int i = 0; i < kMaxIterations; ++i) {
    factors.output_factor = LeadingLeftSingularVectors(
        ProjectInputChannels(weights, factors.input_factor), ranks.output);
    double now = 0;
    factors.input_factor = LeadingLeftSingularVectors(
        InputUnfoldingOf(ProjectOutputChannels(weights, factors.output_factor), weights.in_channels,
                         weights.kernel_size),
        ranks.input, &now);
    const bool converged = i > 0 && now - captured <= kConvergence * std::max(now, 1e-300);
    captured = now;
    if (converged) break;
  }
  factors.core = Core(weights, factors.input_factor, factors.output_factor);
  // The factors are orthonormal, so the reconstruction is a projection of W and its error is
  // what the core does not capture.
  const double total = SquaredNorm(weights.values);
  factors.relative_error =
      total > 0 ? std::sqrt(std::max(0.0, total - SquaredNorm(factors.core)) / total) : 0;
  return factors;
}

std::vector<double> ReconstructTucker2(const Tucker2Factors& factors, int64_t kernel_size) {
  const int64_t r2 = factors.output_factor.cols();
  const int64_t r1 = factors.input_factor.cols();
  const int64_t in_channels = factors.input_factor.rows();
  RowMatrix expanded(r2, in_channels * kernel_size);  // core x_1 U_in
  for (int64_t r = 0; r < r2; ++r) {
    Eigen::Map<const RowMatrix> slice(factors.core.data() + r * r1 * kernel_size, r1, kernel_size);
    const RowMatrix restored = factors.input_factor * slice;  // [in_channels, kernel]
    expanded.row(r) = Eigen::Map<const Eigen::RowVectorXd>(restored.data(), restored.size());
  }
  const RowMatrix full = factors.output_factor * expanded;
  return std::vector<double>(full.data(), full.data() + full.size());
}

}  // namespace sentio::cnn::transforms
