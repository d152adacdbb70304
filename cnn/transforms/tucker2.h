// Tucker-2 factorisation of a convolution's weights (Kim et al., "Compression of deep
// convolutional neural networks for fast and low power mobile applications", ICLR 2016; the
// decomposition DeepMon used): W [S, C, KH, KW] ~ core [R2, R1, KH, KW] x_0 U_out [S, R2]
// x_1 U_in [C, R1], with orthonormal factors, computed by HOSVD refined by higher-order
// orthogonal iteration (HOOI). The convolution becomes 1x1 (C -> R1, U_in^T), KHxKW (R1 -> R2,
// the core) and 1x1 (R2 -> S, U_out); cnn/transforms/tucker2_decomposition.h rewrites the graph.
#ifndef CNN_TRANSFORMS_TUCKER2_H_
#define CNN_TRANSFORMS_TUCKER2_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"

namespace sentio::cnn::transforms {

// Convolution weights [out_channels, in_channels, kernel (KH x KW)] in double precision, for
// factorising.
struct ConvWeights {
  int64_t out_channels = 0;
  int64_t in_channels = 0;
  int64_t kernel_size = 0;     // KH x KW
  std::vector<double> values;  // [out][in][kernel], row-major
};

struct Tucker2Ranks {
  int64_t input = 0;   // R1 <= in_channels
  int64_t output = 0;  // R2 <= out_channels
};

struct Tucker2Factors {
  Eigen::MatrixXd input_factor;   // U_in [in_channels, R1], orthonormal columns
  Eigen::MatrixXd output_factor;  // U_out [out_channels, R2], orthonormal columns
  std::vector<double> core;       // [R2][R1][kernel], row-major
  // ||W - reconstruction|| / ||W|| (Frobenius); 0 for all-zero weights.
  double relative_error = 0;
};

// The mode-0 unfolding [out_channels, in_channels x kernel] and the mode-1 unfolding
// [in_channels, out_channels x kernel] of `weights`, whose singular values choose the ranks.
Eigen::MatrixXd OutputUnfolding(const ConvWeights& weights);
Eigen::MatrixXd InputUnfolding(const ConvWeights& weights);

// Factorises `weights` at `ranks` (1 <= R1 <= in_channels, 1 <= R2 <= out_channels; checked by
// the caller). A full rank gives an identity factor.
Tucker2Factors FactorizeTucker2(const ConvWeights& weights, const Tucker2Ranks& ranks);

// core x_0 U_out x_1 U_in: the weights the factors stand for, [out][in][kernel].
std::vector<double> ReconstructTucker2(const Tucker2Factors& factors, int64_t kernel_size);

}  // namespace sentio::cnn::transforms

#endif  // CNN_TRANSFORMS_TUCKER2_H_
