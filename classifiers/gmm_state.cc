#include "classifiers/gmm_state.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace sentio {

void SaveMixture(const GaussianMixture& mixture, GaussianMixtureState* state) {
  state->Clear();
  state->set_covariance(std::string(CovarianceTypeName(mixture.covariance_type())));
  state->mutable_weights()->Add(mixture.weights().begin(), mixture.weights().end());
  for (int k = 0; k < mixture.num_components(); ++k) {
    state->mutable_means()->Add(mixture.means()[k].begin(), mixture.means()[k].end());
    state->mutable_covariances()->Add(mixture.covariance(k).begin(), mixture.covariance(k).end());
  }
}

absl::StatusOr<GaussianMixture> LoadMixture(const GaussianMixtureState& state, int dimension) {
  const int d = dimension;
  absl::StatusOr<CovarianceType> type = ParseCovarianceType(state.covariance());
  const int k_count = state.weights_size();
  const int covariance_size = !type.ok()                           ? 0
                              : *type == CovarianceType::kFull     ? d * d
                              : *type == CovarianceType::kDiagonal ? d
                                                                   : 1;
  if (!type.ok() || k_count == 0 || state.means_size() != k_count * d ||
      state.covariances_size() != k_count * covariance_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("covariance '", state.covariance(), "', ", k_count, " weights, ",
                     state.means_size(), " mean values and ", state.covariances_size(),
                     " covariance values do not fit ", d, " dimensions"));
  }
  for (double v : state.means()) {
    if (!std::isfinite(v)) return absl::InvalidArgumentError(absl::StrCat("has mean value ", v));
  }
  for (double v : state.covariances()) {
    if (!std::isfinite(v)) {
      return absl::InvalidArgumentError(absl::StrCat("has covariance value ", v));
    }
  }
  Points means;
  std::vector<std::vector<double>> covariances;
  for (int k = 0; k < k_count; ++k) {
    means.emplace_back(state.means().begin() + k * d, state.means().begin() + (k + 1) * d);
    covariances.emplace_back(state.covariances().begin() + k * covariance_size,
                             state.covariances().begin() + (k + 1) * covariance_size);
  }
  return GaussianMixture::Create(*type, {state.weights().begin(), state.weights().end()},
                                 std::move(means), std::move(covariances));
}

}  // namespace sentio
