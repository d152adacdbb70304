// Smoothing a sequence of per-window classifications with a hidden Markov model: the states are
// the classes, a window's emission is the classifier's class probability divided by the class
// prior (a scaled likelihood, as in hybrid HMM/ANN speech recognisers), and Viterbi finds the most
// probable label sequence in log space. Transitions come from training label sequences (add-one
// smoothed) or are given.
#ifndef CLASSIFIERS_HMM_SMOOTHER_H_
#define CLASSIFIERS_HMM_SMOOTHER_H_

#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio {

struct HmmParameters {
  std::vector<double> initial;                  // P(first label = c)
  std::vector<std::vector<double>> transition;  // [from][to]: P(next = to | now = from)
  // The class prior the classifier's probabilities include (its training class frequencies);
  // dividing it out turns a posterior into a scaled likelihood.
  std::vector<double> class_prior;
};

class HmmSmoother {
 public:
  // Checks that every distribution has one positive entry per class and sums to 1 (within 1e-6).
  static absl::StatusOr<HmmSmoother> Create(HmmParameters parameters);

  // Estimates the parameters from label sequences (classes 0 .. num_classes-1), each count plus
  // one: first labels for the initial distribution, consecutive pairs for the transitions, all
  // labels for the class prior.
  static absl::StatusOr<HmmSmoother> FromLabelSequences(
      const std::vector<std::vector<int>>& sequences, int num_classes);

  // The most probable label sequence for windows with these class probabilities (one row per
  // window, one non-negative finite entry per class). A probability is floored at 1e-10 first,
  // so that one window's hard zero cannot rule a state out.
  absl::StatusOr<std::vector<int>> Smooth(
      const std::vector<std::vector<double>>& window_probabilities) const;

  int num_classes() const { return static_cast<int>(parameters_.initial.size()); }
  const HmmParameters& parameters() const { return parameters_; }

 private:
  explicit HmmSmoother(HmmParameters parameters) : parameters_(std::move(parameters)) {}

  HmmParameters parameters_;
};

}  // namespace sentio

#endif  // CLASSIFIERS_HMM_SMOOTHER_H_
