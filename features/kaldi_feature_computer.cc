#include "features/kaldi_feature_computer.h"

#include "sensing/status_macros.h"

namespace sentio {

absl::StatusOr<FeatureFrames> KaldiFeatureComputer::Compute(absl::Span<const float> samples) {
  RETURN_IF_ERROR(CheckFiniteSamples(samples));
  const KaldiFrameExtractor& frames = extractor();
  const int64_t num_frames = frames.NumFrames(samples.size());
  const int64_t frame_length = frames.frame_length();
  FeatureFrames features(num_frames, std::vector<float>(dim()));
  std::vector<float> mirrored_frame;
  for (int64_t f = 0; f < num_frames; ++f) {
    const int64_t first = frames.FirstSampleOfFrame(f);
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
