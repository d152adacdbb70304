// The common shape of Kaldi's frame-level features (fbank, MFCC): a computer turns one processed
// frame into one feature vector, and Compute() runs it over a whole signal the way Kaldi's
// compute-*-feats do. Samples are at 16-bit integer scale (Kaldi reads 16-bit WAV as the raw
// integer values), i.e. an AudioClip's samples times 32768.
#ifndef FEATURES_KALDI_FEATURE_COMPUTER_H_
#define FEATURES_KALDI_FEATURE_COMPUTER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "features/kaldi_frames.h"

namespace sentio {

// One feature vector per frame.
using FeatureFrames = std::vector<std::vector<float>>;

class KaldiFeatureComputer {
 public:
  virtual ~KaldiFeatureComputer() = default;

  virtual const KaldiFrameExtractor& extractor() const = 0;
  // Values per frame.
  virtual int dim() const = 0;
  // Whether ComputeFrame needs the log energy of the frame before pre-emphasis and window.
  virtual bool needs_raw_log_energy() const = 0;
  // `frame`: the output of KaldiFrameExtractor::ProcessFrame (it is used as scratch space);
  // `raw_log_energy`: set when needs_raw_log_energy(). Writes dim() values to `features`.
  virtual void ComputeFrame(std::vector<float>& frame, float raw_log_energy,
                            absl::Span<float> features) = 0;

  // The features of a complete signal: extractor().NumFrames(samples.size()) frames (none when
  // the signal is shorter than one frame with snip_edges). Fails on NaN or infinite samples.
  absl::StatusOr<FeatureFrames> Compute(absl::Span<const float> samples);

  // The features of one frame of extractor().frame_length() raw samples, into `features` (dim()
  // values): ProcessFrame, then ComputeFrame.
  void ComputeRawFrame(absl::Span<const float> raw_frame, absl::Span<float> features);

 private:
  std::vector<float> processed_frame_;  // scratch for ComputeRawFrame
};

}  // namespace sentio

#endif  // FEATURES_KALDI_FEATURE_COMPUTER_H_
