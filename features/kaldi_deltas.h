// Kaldi's add-deltas (DeltaFeatures): each frame followed by its first ... order-th time
// derivatives, each a weighted sum of the frames within order * window of it (frames beyond the
// utterance's ends repeat its first / last frame). The weights are Kaldi's: the regression window
// [-window, window] / sum(j^2), convolved with itself once per order. Sums are in float in Kaldi's
// order. StreamingDeltas gives the same frames as ComputeDeltas on the whole utterance while frames
// arrive in blocks, each as soon as the frames it needs have come (order * window later).
#ifndef FEATURES_KALDI_DELTAS_H_
#define FEATURES_KALDI_DELTAS_H_

#include <cstdint>
#include <deque>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio {

struct DeltaOptions {
  int order = 2;   // Kaldi --delta-order
  int window = 2;  // Kaldi --delta-window
};

// Row-major frames of `dim` values.
struct Frames {
  int dim = 0;
  std::vector<float> values;
  int64_t size() const { return dim == 0 ? 0 : static_cast<int64_t>(values.size()) / dim; }
};

// Fails unless 0 <= order <= 10, 1 <= window <= 100 and dim >= 1.
absl::Status CheckDeltaOptions(const DeltaOptions& options);

// Kaldi's weights per order: order i has 2 * i * window + 1 weights, centred on the frame.
std::vector<std::vector<float>> DeltaWeights(const DeltaOptions& options);

// The whole utterance at once: dim * (order + 1) values per frame.
absl::StatusOr<Frames> ComputeDeltas(const Frames& input, const DeltaOptions& options);

class StreamingDeltas {
 public:
  static absl::StatusOr<StreamingDeltas> Create(const DeltaOptions& options, int dim);

  // Appends an utterance's next frames (dim values each) and returns the output frames now
  // complete.
  Frames Accept(const std::vector<float>& frames);
  // Ends the utterance: the remaining output frames. The next Accept starts a new utterance.
  Frames Finish();

  int output_dim() const { return dim_ * static_cast<int>(weights_.size()); }
  // The index in the utterance of the next output frame.
  int64_t next_output_frame() const { return next_out_; }

 private:
  StreamingDeltas(const DeltaOptions& options, int dim)
      : weights_(DeltaWeights(options)), dim_(dim), reach_(options.order * options.window) {}

  // Output frame next_out_ with the utterance's last frame being `last` (clamping there).
  void EmitNext(int64_t last, Frames& out);

  std::vector<std::vector<float>> weights_;
  int dim_;
  int64_t reach_;
  std::deque<float> buffer_;  // input frames from buffer_start_ on
  int64_t buffer_start_ = 0;
  int64_t received_ = 0;
  int64_t next_out_ = 0;
};

}  // namespace sentio

#endif  // FEATURES_KALDI_DELTAS_H_
