// How many components of a matrix to keep when a layer's weights are factorised (Tucker-2,
// cnn/transforms/tucker2.h): by empirical variational Bayesian matrix factorisation (EVBMF), the
// rule Kim et al. (ICLR 2016) and DeepMon used, or by the share of the energy (sum of squared
// singular values) to keep.
#ifndef CNN_TRANSFORMS_RANK_SELECTION_H_
#define CNN_TRANSFORMS_RANK_SELECTION_H_

#include <vector>

#include "Eigen/Core"

namespace sentio::cnn::transforms {

// The rank EVBMF recovers for `matrix` (any shape): the number of its singular values above the
// EVB threshold sqrt(M sigma^2 (1 + tau)(1 + alpha / tau)), L <= M its sides, alpha = L / M,
// tau = 2.5129 sqrt(alpha), with the noise variance sigma^2 estimated by minimising the free
// energy over the bounds of Nakajima et al., "Global analytic solution of fully-observed
// variational Bayesian matrix factorization" (JMLR 14, 2013), section 5. May be 0 (all noise).
int EvbmfRank(const Eigen::MatrixXd& matrix);

// The smallest rank whose leading singular values hold at least `fraction` (in (0, 1]) of the
// sum of squares of `singular_values` (sorted descending); at least 1.
int EnergyRank(const std::vector<double>& singular_values, double fraction);

// The singular values of `matrix`, descending.
std::vector<double> SingularValues(const Eigen::MatrixXd& matrix);

}  // namespace sentio::cnn::transforms

#endif  // CNN_TRANSFORMS_RANK_SELECTION_H_
