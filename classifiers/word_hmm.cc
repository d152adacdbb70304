#include "classifiers/word_hmm.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "classifiers/gmm_state.h"

namespace sentio {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();
// Stay probabilities are kept away from 0 and 1 so that no path becomes impossible.
constexpr double kMinStay = 0.01, kMaxStay = 0.99;

// The state of each frame on the best path that starts in state 0 and ends in the last state,
// given per-frame emission log-densities; empty when the sequence is shorter than the states.
std::vector<int> ViterbiPath(const std::vector<std::vector<double>>& emissions,
                             const std::vector<double>& log_stay,
                             const std::vector<double>& log_move) {
  const int frames = static_cast<int>(emissions.size());
  const int states = static_cast<int>(log_stay.size());
  if (frames < states) return {};
  std::vector<std::vector<double>> delta(frames, std::vector<double>(states, kMinusInfinity));
  std::vector<std::vector<char>> moved(frames, std::vector<char>(states, 0));
  delta[0][0] = emissions[0][0];
  for (int t = 1; t < frames; ++t) {
    for (int s = 0; s < states; ++s) {
      double best = delta[t - 1][s] + log_stay[s];
      if (s > 0 && delta[t - 1][s - 1] + log_move[s - 1] > best) {
        best = delta[t - 1][s - 1] + log_move[s - 1];
        moved[t][s] = 1;
      }
      delta[t][s] = best + emissions[t][s];
    }
  }
  std::vector<int> path(frames);
  int s = states - 1;
  for (int t = frames - 1; t >= 0; --t) {
    path[t] = s;
    if (t > 0 && moved[t][s]) --s;
  }
  return path;
}

}  // namespace

WordHmm::WordHmm(std::vector<GaussianMixture> emissions, std::vector<double> stay)
    : emissions_(std::move(emissions)) {
  for (double p : stay) {
    p = std::clamp(p, kMinStay, kMaxStay);
    log_stay_.push_back(std::log(p));
    log_move_.push_back(std::log1p(-p));
  }
}

std::vector<double> WordHmm::EmissionLogDensities(const std::vector<double>& frame) const {
  std::vector<double> densities;
  densities.reserve(emissions_.size());
  for (const GaussianMixture& mixture : emissions_) densities.push_back(mixture.LogDensity(frame));
  return densities;
}

absl::Status CheckWordHmmOptions(const WordHmmOptions& options) {
  if (options.states < 1 || options.states > 100 || options.components < 1 ||
      options.iterations < 0 || options.iterations > 100 || !(options.regularization >= 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "word HMM options out of range: states ", options.states, " (1 to 100), components ",
        options.components, " (>= 1), iterations ", options.iterations,
        " (0 to 100), regularization ", options.regularization, " (>= 0)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<WordHmm> WordHmm::Train(const std::vector<FrameSequence>& sequences,
                                       const WordHmmOptions& options) {
  RETURN_IF_ERROR(CheckWordHmmOptions(options));
  const int n = options.states;
  std::vector<const FrameSequence*> usable;
  for (const FrameSequence& sequence : sequences) {
    if (static_cast<int>(sequence.size()) >= n) usable.push_back(&sequence);
  }
  if (usable.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no training sequence has the ", n, " frames a ", n, "-state model needs"));
  }
  // The even split to start from.
  std::vector<std::vector<int>> paths;
  for (const FrameSequence* sequence : usable) {
    const int frames = static_cast<int>(sequence->size());
    std::vector<int> path(frames);
    for (int t = 0; t < frames; ++t) path[t] = static_cast<int>(int64_t{t} * n / frames);
    paths.push_back(std::move(path));
  }
  for (int round = 0;; ++round) {
    // Fit each state to its frames; stay probability = 1 - visits / frames.
    std::vector<Points> points(n);
    std::vector<double> frames_in(n, 0), visits(n, 0);
    for (size_t i = 0; i < usable.size(); ++i) {
      for (size_t t = 0; t < paths[i].size(); ++t) {
        const int s = paths[i][t];
        points[s].push_back((*usable[i])[t]);
        ++frames_in[s];
        if (t + 1 == paths[i].size() || paths[i][t + 1] != s) ++visits[s];
      }
    }
    std::vector<GaussianMixture> emissions;
    std::vector<double> stay;
    for (int s = 0; s < n; ++s) {
      GmmOptions gmm;
      gmm.components = std::min<int>(options.components, static_cast<int>(points[s].size()));
      gmm.covariance = CovarianceType::kDiagonal;
      gmm.regularization = options.regularization;
      gmm.seed = options.seed + s;
      absl::StatusOr<GmmFit> fit = FitGmm(points[s], {}, gmm);
      if (!fit.ok()) {
        return absl::Status(fit.status().code(),
                            absl::StrCat("state ", s + 1, " of ", n, ": ", fit.status().message()));
      }
      emissions.push_back(std::move(fit->mixture));
      stay.push_back(1 - visits[s] / frames_in[s]);
    }
    WordHmm model(std::move(emissions), std::move(stay));
    if (round == options.iterations) return model;
    for (size_t i = 0; i < usable.size(); ++i) {
      std::vector<std::vector<double>> densities;
      for (const std::vector<double>& frame : *usable[i]) {
        densities.push_back(model.EmissionLogDensities(frame));
      }
      paths[i] = ViterbiPath(densities, model.log_stay_, model.log_move_);
    }
  }
}

void WordHmm::ViterbiStep(const std::vector<double>& frame, std::vector<double>& delta) const {
  const std::vector<double> emissions = EmissionLogDensities(frame);
  if (delta.empty()) {
    delta.assign(num_states(), kMinusInfinity);
    delta[0] = emissions[0];
    return;
  }
  // From the last state down, so each update reads the previous frame's value of the one before.
  for (int s = num_states() - 1; s >= 0; --s) {
    double best = delta[s] + log_stay_[s];
    if (s > 0) best = std::max(best, delta[s - 1] + log_move_[s - 1]);
    delta[s] = best + emissions[s];
  }
}

double WordHmm::ViterbiLogLikelihood(const FrameSequence& frames) const {
  std::vector<double> delta;
  for (const std::vector<double>& frame : frames) ViterbiStep(frame, delta);
  return delta.empty() ? kMinusInfinity : delta.back();
}

absl::StatusOr<WordHmm> WordHmm::FromState(const WordHmmState& state, int dimension) {
  if (state.states_size() == 0 || state.self_loop_size() != state.states_size()) {
    return absl::InvalidArgumentError(absl::StrCat("a word model with ", state.states_size(),
                                                   " states and ", state.self_loop_size(),
                                                   " stay probabilities"));
  }
  std::vector<GaussianMixture> emissions;
  for (int s = 0; s < state.states_size(); ++s) {
    absl::StatusOr<GaussianMixture> mixture = LoadMixture(state.states(s), dimension);
    if (!mixture.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("state ", s + 1, ": ", mixture.status().message()));
    }
    emissions.push_back(*std::move(mixture));
  }
  for (double p : state.self_loop()) {
    if (!(p >= 0 && p <= 1)) {
      return absl::InvalidArgumentError(absl::StrCat("a stay probability of ", p));
    }
  }
  return WordHmm(std::move(emissions), {state.self_loop().begin(), state.self_loop().end()});
}

WordHmmState WordHmm::ToState() const {
  WordHmmState state;
  for (int s = 0; s < num_states(); ++s) {
    SaveMixture(emissions_[s], state.add_states());
    state.add_self_loop(std::exp(log_stay_[s]));
  }
  return state;
}

void WordHmmScorer::Reset() {
  delta_.clear();
  frames_ = 0;
}

void WordHmmScorer::Accept(const std::vector<double>& frame) {
  delta_.resize(models_->size());
  for (size_t m = 0; m < models_->size(); ++m) (*models_)[m].ViterbiStep(frame, delta_[m]);
  ++frames_;
}

std::vector<double> WordHmmScorer::Scores() const {
  std::vector<double> scores;
  for (size_t m = 0; m < models_->size(); ++m) {
    scores.push_back(m < delta_.size() ? delta_[m].back() : kMinusInfinity);
  }
  return scores;
}

}  // namespace sentio
