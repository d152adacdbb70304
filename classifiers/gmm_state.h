// A Gaussian mixture (classifiers/gmm.h) saved into and restored from its model-file message
// (classifiers/model_file.proto GaussianMixtureState), shared by the models that hold mixtures:
// the GMM classifier and the word HMMs.
#ifndef CLASSIFIERS_GMM_STATE_H_
#define CLASSIFIERS_GMM_STATE_H_

#include "absl/status/statusor.h"
#include "classifiers/gmm.h"
#include "classifiers/model_file.pb.h"

namespace sentio {

void SaveMixture(const GaussianMixture& mixture, GaussianMixtureState* state);

// Checks the saved sizes against `dimension`, that every value is finite, and the mixture itself
// (GaussianMixture::Create); errors say what is wrong.
absl::StatusOr<GaussianMixture> LoadMixture(const GaussianMixtureState& state, int dimension);

}  // namespace sentio

#endif  // CLASSIFIERS_GMM_STATE_H_
