// Cepstral mean (and variance) normalisation of feature frames, as Kaldi's apply-cmvn does with
// per-utterance statistics: per dimension, statistics in double, then x - mean, or with
// norm_vars (x - mean) / sqrt(var) with var = E[x^2] - mean^2 floored at 1e-20; applied in float
// as x * scale + offset. And a causal sliding-window variant for live streams: each frame less the
// mean of the `window` frames up to and including it (fewer at the start of the stream).
#ifndef FEATURES_CMVN_H_
#define FEATURES_CMVN_H_

#include <cstdint>
#include <deque>
#include <vector>

#include "absl/status/statusor.h"
#include "features/kaldi_deltas.h"

namespace sentio {

// Normalises `frames` in place with their own statistics; no frames: nothing to do.
void ApplyUtteranceCmvn(bool norm_vars, Frames& frames);

class SlidingCmn {
 public:
  // window >= 1 frames; dim >= 1.
  static absl::StatusOr<SlidingCmn> Create(int window, int dim, bool norm_vars);

  // Normalises `frames` (dim values each) in place, frame by frame.
  void Apply(std::vector<float>& frames);

 private:
  SlidingCmn(int window, int dim, bool norm_vars)
      : window_(window), dim_(dim), norm_vars_(norm_vars), sum_(dim), sum_squares_(dim) {}

  int window_;
  int dim_;
  bool norm_vars_;
  std::deque<std::vector<float>> recent_;  // the raw frames in the window
  std::vector<double> sum_, sum_squares_;
};

}  // namespace sentio

#endif  // FEATURES_CMVN_H_
