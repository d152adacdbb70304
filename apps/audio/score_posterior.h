// An utterance's decision from per-label log scores (summed frame log-likelihoods, best-path
// log-likelihoods): the Prediction whose probabilities are the scores' softmax (labels scoring
// minus infinity get 0) and whose label scores highest. The scores must have one finite value.
#ifndef APPS_AUDIO_SCORE_POSTERIOR_H_
#define APPS_AUDIO_SCORE_POSTERIOR_H_

#include <string>
#include <vector>

#include "sensing/packet.h"

namespace sentio {

Prediction ScorePosterior(const std::vector<std::string>& labels,
                          const std::vector<double>& log_scores);

}  // namespace sentio

#endif  // APPS_AUDIO_SCORE_POSTERIOR_H_
