#include "features/kaldi_feature_computer.h"

#include "sensing/status_macros.h"

namespace sentio {

absl::StatusOr<FeatureFrames> KaldiFeatureComputer::Compute(absl::Span<const float> samples) {
  RETURN_IF_ERROR(CheckFiniteSamples(samples));
  const int64_t num_frames = extractor().NumFrames(samples.size());
  FeatureFrames features(num_frames, std::vector<float>(dim()));
  std::vector<float> frame_buffer;
  for (int64_t f = 0; f < num_frames; ++f) {
    extractor().CopyFrame(samples, f, frame_buffer);
    ComputeRawFrame(frame_buffer, absl::MakeSpan(features[f]));
  }
  return features;
}

void KaldiFeatureComputer::ComputeRawFrame(std::vector<float>& frame, absl::Span<float> features) {
  float raw_log_energy = 0;
  extractor().ProcessFrame(frame, needs_raw_log_energy() ? &raw_log_energy : nullptr);
  ComputeFrame(frame, raw_log_energy, features);
}

}  // namespace sentio
