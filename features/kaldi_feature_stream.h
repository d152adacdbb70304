// Streaming Kaldi features: samples arrive chunk by chunk and each frame is emitted as soon as it
// is complete, with results identical to KaldiFeatureComputer::Compute on the whole signal
// whatever the chunk sizes. With snip_edges false, the frames that reach past the end of the
// signal (mirrored there) come out of Finish(). Memory stays bounded by about one frame.
#ifndef FEATURES_KALDI_FEATURE_STREAM_H_
#define FEATURES_KALDI_FEATURE_STREAM_H_

#include <cstdint>
#include <deque>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "features/kaldi_feature_computer.h"

namespace sentio {

class KaldiFeatureStream {
 public:
  // `computer` must outlive the stream and not be used elsewhere meanwhile.
  explicit KaldiFeatureStream(KaldiFeatureComputer* computer);

  // Appends samples (16-bit integer scale, like Compute) and returns the frames they complete.
  // Fails on NaN or infinite samples (naming the sample's index in the stream) and after Finish().
  absl::StatusOr<FeatureFrames> AcceptSamples(absl::Span<const float> samples);

  // Ends the signal and returns the frames not yet emitted; the stream takes no more samples.
  absl::StatusOr<FeatureFrames> Finish();

  int64_t num_samples() const { return num_samples_; }
  int64_t num_frames_emitted() const { return next_frame_; }

 private:
  float SampleAt(int64_t index) const;
  // Computes frame next_frame_ of a signal of `signal_length` samples and advances.
  void EmitFrame(int64_t signal_length, FeatureFrames& out);

  KaldiFeatureComputer* computer_;
  const KaldiFrameExtractor& extractor_;
  // The first frame_length samples, kept for mirroring at the start (snip_edges false only).
  std::vector<float> head_;
  std::deque<float> recent_;  // samples from recent_start_ on
  int64_t recent_start_ = 0;
  int64_t num_samples_ = 0;
  int64_t next_frame_ = 0;
  bool finished_ = false;
  std::vector<float> frame_buffer_;
};

}  // namespace sentio

#endif  // FEATURES_KALDI_FEATURE_STREAM_H_
