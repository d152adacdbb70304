#include "classifiers/hmm_smoother.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

constexpr double kProbabilityFloor = 1e-10;

absl::Status CheckDistribution(const std::vector<double>& distribution, int num_classes,
                               const std::string& name) {
  if (static_cast<int>(distribution.size()) != num_classes) {
    return absl::InvalidArgumentError(absl::StrCat("HMM: ", name, " has ", distribution.size(),
                                                   " entries for ", num_classes, " classes"));
  }
  double sum = 0;
  for (int c = 0; c < num_classes; ++c) {
    if (!(distribution[c] > 0) || !std::isfinite(distribution[c])) {
      return absl::InvalidArgumentError(absl::StrCat("HMM: ", name, " entry ", c, " is ",
                                                     distribution[c], ", not positive"));
    }
    sum += distribution[c];
  }
  if (std::abs(sum - 1) > 1e-6) {
    return absl::InvalidArgumentError(absl::StrCat("HMM: ", name, " sums to ", sum, ", not 1"));
  }
  return absl::OkStatus();
}

std::vector<double> Normalised(std::vector<double> counts) {
  double sum = 0;
  for (double count : counts) sum += count;
  for (double& count : counts) count /= sum;
  return counts;
}

}  // namespace

absl::StatusOr<HmmSmoother> HmmSmoother::Create(HmmParameters parameters) {
  const int num_classes = static_cast<int>(parameters.initial.size());
  if (num_classes < 1) return absl::InvalidArgumentError("HMM: no classes");
  if (auto status = CheckDistribution(parameters.initial, num_classes, "initial distribution");
      !status.ok()) {
    return status;
  }
  if (auto status = CheckDistribution(parameters.class_prior, num_classes, "class prior");
      !status.ok()) {
    return status;
  }
  if (static_cast<int>(parameters.transition.size()) != num_classes) {
    return absl::InvalidArgumentError(absl::StrCat("HMM: transition matrix has ",
                                                   parameters.transition.size(), " rows for ",
                                                   num_classes, " classes"));
  }
  for (int from = 0; from < num_classes; ++from) {
    if (auto status = CheckDistribution(parameters.transition[from], num_classes,
                                        absl::StrCat("transition row ", from));
        !status.ok()) {
      return status;
    }
  }
  return HmmSmoother(std::move(parameters));
}

absl::StatusOr<HmmSmoother> HmmSmoother::FromLabelSequences(
    const std::vector<std::vector<int>>& sequences, int num_classes) {
  if (num_classes < 1) {
    return absl::InvalidArgumentError(absl::StrCat("HMM: needs at least one class, got ",
                                                   num_classes));
  }
  HmmParameters counts;
  counts.initial.assign(num_classes, 1.0);
  counts.class_prior.assign(num_classes, 1.0);
  counts.transition.assign(num_classes, std::vector<double>(num_classes, 1.0));
  for (size_t s = 0; s < sequences.size(); ++s) {
    const std::vector<int>& labels = sequences[s];
    for (size_t t = 0; t < labels.size(); ++t) {
      if (labels[t] < 0 || labels[t] >= num_classes) {
        return absl::InvalidArgumentError(absl::StrCat("HMM: label ", labels[t], " at position ",
                                                       t, " of sequence ", s,
                                                       " is not a class from 0 to ",
                                                       num_classes - 1));
      }
      counts.class_prior[labels[t]] += 1;
      if (t == 0) counts.initial[labels[t]] += 1;
      if (t > 0) counts.transition[labels[t - 1]][labels[t]] += 1;
    }
  }
  HmmParameters parameters;
  parameters.initial = Normalised(counts.initial);
  parameters.class_prior = Normalised(counts.class_prior);
  for (auto& row : counts.transition) parameters.transition.push_back(Normalised(row));
  return HmmSmoother(std::move(parameters));
}

absl::StatusOr<std::vector<int>> HmmSmoother::Smooth(
    const std::vector<std::vector<double>>& window_probabilities) const {
  const int num_classes = this->num_classes();
  const int num_windows = static_cast<int>(window_probabilities.size());
  // log P(window | class) up to a per-window constant: log(posterior) - log(prior).
  std::vector<std::vector<double>> log_emission(num_windows, std::vector<double>(num_classes));
  for (int t = 0; t < num_windows; ++t) {
    const std::vector<double>& p = window_probabilities[t];
    if (static_cast<int>(p.size()) != num_classes) {
      return absl::InvalidArgumentError(absl::StrCat("HMM: window ", t, " has ", p.size(),
                                                     " probabilities for ", num_classes,
                                                     " classes"));
    }
    for (int c = 0; c < num_classes; ++c) {
      if (!(p[c] >= 0) || !std::isfinite(p[c])) {
        return absl::InvalidArgumentError(absl::StrCat("HMM: window ", t, " has probability ",
                                                       p[c], " for class ", c));
      }
      log_emission[t][c] =
          std::log(std::max(p[c], kProbabilityFloor)) - std::log(parameters_.class_prior[c]);
    }
  }
  if (num_windows == 0) return std::vector<int>();

  // best[c]: log probability of the best path ending in c; from[t][c]: its previous state.
  std::vector<double> best(num_classes), next(num_classes);
  std::vector<std::vector<int>> from(num_windows, std::vector<int>(num_classes, -1));
  for (int c = 0; c < num_classes; ++c) {
    best[c] = std::log(parameters_.initial[c]) + log_emission[0][c];
  }
  for (int t = 1; t < num_windows; ++t) {
    for (int to = 0; to < num_classes; ++to) {
      int argmax = 0;
      double max = best[0] + std::log(parameters_.transition[0][to]);
      for (int c = 1; c < num_classes; ++c) {
        const double score = best[c] + std::log(parameters_.transition[c][to]);
        if (score > max) {
          max = score;
          argmax = c;
        }
      }
      next[to] = max + log_emission[t][to];
      from[t][to] = argmax;
    }
    best.swap(next);
  }
  std::vector<int> path(num_windows);
  path[num_windows - 1] = 0;
  for (int c = 1; c < num_classes; ++c) {
    if (best[c] > best[path[num_windows - 1]]) path[num_windows - 1] = c;
  }
  for (int t = num_windows - 1; t > 0; --t) path[t - 1] = from[t][path[t]];
  return path;
}

}  // namespace sentio
