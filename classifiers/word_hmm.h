// Isolated-word recognition with one left-to-right hidden Markov model per word, the classic
// recogniser of spoken digits: each state emits frames by a Gaussian mixture and either stays or
// moves to the next; a word starts in its first state and ends in its last. Training is Viterbi
// (segmental k-means): frames are first split evenly among the states, then each round fits every
// state's mixture (classifiers/gmm.h) to the frames aligned to it, estimates the stay
// probabilities from the alignments' durations, and realigns every training sequence by Viterbi.
// A sequence scores the log-likelihood of its best path (Viterbi), which WordHmmScorer computes
// frame by frame without keeping the frames.
#ifndef CLASSIFIERS_WORD_HMM_H_
#define CLASSIFIERS_WORD_HMM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "classifiers/gmm.h"
#include "classifiers/word_hmm.pb.h"

namespace sentio {

// Frames of one utterance, each of the same dimension.
using FrameSequence = std::vector<std::vector<double>>;

struct WordHmmOptions {
  int states = 6;
  int components = 2;  // per state (fewer when a state has few frames)
  int iterations = 5;  // realignment rounds after the even split
  double regularization = 1e-3;
  uint32_t seed = 1;
};

// Fails naming the option out of range.
absl::Status CheckWordHmmOptions(const WordHmmOptions& options);

class WordHmm {
 public:
  // Fails naming the problem: no sequence as long as the model has states, ragged or non-finite
  // frames, options out of range, a mixture that cannot be fitted.
  static absl::StatusOr<WordHmm> Train(const std::vector<FrameSequence>& sequences,
                                       const WordHmmOptions& options);
  static absl::StatusOr<WordHmm> FromState(const WordHmmState& state, int dimension);
  WordHmmState ToState() const;

  int num_states() const { return static_cast<int>(emissions_.size()); }
  // log p(frame | state s) for every state.
  std::vector<double> EmissionLogDensities(const std::vector<double>& frame) const;
  double log_stay(int s) const { return log_stay_[s]; }

  // One frame of the Viterbi recursion: `delta` (per state, the best path's log-likelihood so far)
  // advanced by `frame`; an empty `delta` starts a sequence in the first state.
  void ViterbiStep(const std::vector<double>& frame, std::vector<double>& delta) const;

  // The best path's log-likelihood, ending in the last state; minus infinity for a sequence
  // shorter than the number of states.
  double ViterbiLogLikelihood(const FrameSequence& frames) const;

 private:
  WordHmm(std::vector<GaussianMixture> emissions, std::vector<double> stay);

  std::vector<GaussianMixture> emissions_;
  std::vector<double> log_stay_, log_move_;
};

// Viterbi scores of one utterance under several models, frame by frame.
class WordHmmScorer {
 public:
  explicit WordHmmScorer(const std::vector<WordHmm>* models) : models_(models) {}
  void Reset();
  void Accept(const std::vector<double>& frame);
  // Per model: the best path's log-likelihood so far, ending in its last state (minus infinity
  // when fewer frames than states came).
  std::vector<double> Scores() const;
  int64_t frames() const { return frames_; }

 private:
  const std::vector<WordHmm>* models_;
  std::vector<std::vector<double>> delta_;  // per model, per state
  int64_t frames_ = 0;
};

}  // namespace sentio

#endif  // CLASSIFIERS_WORD_HMM_H_
