#include "features/log_mel_spectrogram.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

// Per-bin mean 0 and variance 1 over the frames of a row-major frames x bins matrix.
void NormalizeBins(int64_t num_frames, int64_t num_bins, std::vector<float>& values) {
  for (int64_t b = 0; b < num_bins; ++b) {
    double sum = 0;
    for (int64_t f = 0; f < num_frames; ++f) sum += values[f * num_bins + b];
    const double mean = sum / num_frames;
    double sum_squares = 0;
    for (int64_t f = 0; f < num_frames; ++f) {
      const double d = values[f * num_bins + b] - mean;
      sum_squares += d * d;
    }
    const double stddev = std::sqrt(sum_squares / num_frames);
    const double scale = stddev > 0 ? 1.0 / stddev : 1.0;
    for (int64_t f = 0; f < num_frames; ++f) {
      float& v = values[f * num_bins + b];
      v = static_cast<float>((v - mean) * scale);
    }
  }
}

}  // namespace

absl::StatusOr<LogMelSpectrogram> LogMelSpectrogram::Create(const LogMelSpectrogramOptions& options,
                                                            double sample_rate_hz) {
  KaldiFbankOptions fbank_options;
  fbank_options.frame = options.frame;
  fbank_options.mel = options.mel;
  fbank_options.use_energy = false;
  ASSIGN_OR_RETURN(KaldiFbank fbank, KaldiFbank::Create(fbank_options, sample_rate_hz));
  return LogMelSpectrogram(options, std::move(fbank));
}

absl::StatusOr<SpectrogramTensor> LogMelSpectrogram::Compute(absl::Span<const float> samples) {
  const KaldiFrameExtractor& extractor = fbank_.extractor();
  if (samples.empty()) {
    return absl::InvalidArgumentError("log-mel spectrogram of empty audio (0 samples)");
  }
  if (extractor.NumFrames(samples.size()) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "log-mel spectrogram: audio of ", samples.size(), " samples is too short for one frame (",
        extractor.frame_length(), " samples every ", extractor.frame_shift(), " at ",
        extractor.sample_rate_hz(),
        " Hz, snip_edges=", options_.frame.snip_edges ? "true" : "false", ")"));
  }
  ASSIGN_OR_RETURN(const FeatureFrames frames, fbank_.Compute(samples));
  const int64_t num_frames = static_cast<int64_t>(frames.size());
  const int64_t num_bins = fbank_.dim();
  SpectrogramTensor tensor;
  tensor.shape = {1, 1, num_frames, num_bins};
  tensor.values.reserve(num_frames * num_bins);
  for (const std::vector<float>& frame : frames) {
    tensor.values.insert(tensor.values.end(), frame.begin(), frame.end());
  }
  if (options_.normalize) NormalizeBins(num_frames, num_bins, tensor.values);
  return tensor;
}

}  // namespace sentio
