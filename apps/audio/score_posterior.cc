#include "apps/audio/score_posterior.h"

#include <algorithm>
#include <cmath>

namespace sentio {

Prediction ScorePosterior(const std::vector<std::string>& labels,
                          const std::vector<double>& log_scores) {
  Prediction prediction;
  prediction.class_labels = labels;
  const auto best = std::max_element(log_scores.begin(), log_scores.end());
  double total = 0;
  for (double score : log_scores) {
    prediction.probabilities.push_back(std::isfinite(score) ? std::exp(score - *best) : 0.0);
    total += prediction.probabilities.back();
  }
  for (double& p : prediction.probabilities) p /= total;
  prediction.label = labels[best - log_scores.begin()];
  return prediction;
}

}  // namespace sentio
