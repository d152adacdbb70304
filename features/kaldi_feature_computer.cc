#include "features/kaldi_feature_computer.h"

#include <algorithm>

#include "base/status_macros.h"

namespace sentio {

absl::StatusOr<FeatureFrames> KaldiFeatureComputer::Compute(absl::Span<const float> samples) {
  RETURN_IF_ERROR(CheckFiniteSamples(samples));
  const KaldiFrameExtractor& frames = extractor();
  const int64_t num_frames = frames.NumFrames(samples.size());
  const int64_t frame_length = frames.frame_length();
  FeatureFrames features(num_frames, std::vector<float>(dim()));
  std::vector<float> mirrored_frame;
  const int64_t num_samples = static_cast<int64_t>(samples.size());
  for (int64_t f = 0; f < num_frames; ++f) {
    const int64_t first = frames.FirstSampleOfFrame(f);
    // A long signal is not in cache: fetch the samples the next frame adds (one cache line in
    // 16 samples) while this one is computed.
    const int64_t next_end = std::min(frames.FirstSampleOfFrame(f + 1) + frame_length, num_samples);
    for (int64_t i = std::max<int64_t>(0, next_end - frames.frame_shift()); i < next_end; i += 16) {
      __builtin_prefetch(&samples[i]);
    }
    if (first >= 0 && first + frame_length <= static_cast<int64_t>(samples.size())) {
      ComputeRawFrame(samples.subspan(first, frame_length), absl::MakeSpan(features[f]));
    } else {
      frames.CopyFrame(samples, f, mirrored_frame);
      ComputeRawFrame(mirrored_frame, absl::MakeSpan(features[f]));
    }
  }
  return features;
}

void KaldiFeatureComputer::ComputeRawFrame(absl::Span<const float> raw_frame,
                                           absl::Span<float> features) {
  float raw_log_energy = 0;
  extractor().ProcessFrame(raw_frame, processed_frame_,
                           needs_raw_log_energy() ? &raw_log_energy : nullptr);
  ComputeFrame(processed_frame_, raw_log_energy, features);
}

}  // namespace sentio
