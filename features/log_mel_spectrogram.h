// Log-mel spectrograms as CNN input: the Kaldi log mel filterbank energies of a whole utterance
// (KaldiFbank, no energy term) laid out as a float tensor of shape [1, 1, frames, mel_bins] in
// NCHW order, optionally normalised per utterance so every mel bin has mean 0 and variance 1.
//
// The result is a plain shape + values struct rather than cnn/ir/tensor.h's Tensor: features/ sits
// beside cnn/, not above it, so callers build a Tensor with Tensor::FromValues(shape, values).
#ifndef FEATURES_LOG_MEL_SPECTROGRAM_H_
#define FEATURES_LOG_MEL_SPECTROGRAM_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "features/kaldi_fbank.h"

namespace sentio {

struct LogMelSpectrogramOptions {
  KaldiFrameOptions frame;
  KaldiMelOptions mel;
  // Subtract each mel bin's mean over the utterance's frames and divide by its (population)
  // standard deviation. A bin that is constant over the utterance (e.g. a single frame) is only
  // centred, so it becomes all zeros.
  bool normalize = false;
};

// Shape [1, 1, frames, mel_bins]; values[f * mel_bins + b] is frame f, mel bin b.
struct SpectrogramTensor {
  std::vector<int64_t> shape;
  std::vector<float> values;

  int64_t num_frames() const { return shape[2]; }
  int64_t num_mel_bins() const { return shape[3]; }
  float at(int64_t frame, int64_t bin) const { return values[frame * shape[3] + bin]; }
};

// Not thread-safe (the filterbank keeps FFT scratch space); use one per thread.
class LogMelSpectrogram {
 public:
  static absl::StatusOr<LogMelSpectrogram> Create(const LogMelSpectrogramOptions& options,
                                                  double sample_rate_hz);

  const LogMelSpectrogramOptions& options() const { return options_; }
  int num_mel_bins() const { return fbank_.dim(); }

  // The spectrogram of a complete utterance; `samples` at 16-bit integer scale, as for KaldiFbank.
  // Fails on empty audio, audio too short for one frame, and NaN or infinite samples.
  absl::StatusOr<SpectrogramTensor> Compute(absl::Span<const float> samples);

 private:
  LogMelSpectrogram(const LogMelSpectrogramOptions& options, KaldiFbank fbank)
      : options_(options), fbank_(std::move(fbank)) {}

  LogMelSpectrogramOptions options_;
  KaldiFbank fbank_;
};

}  // namespace sentio

#endif  // FEATURES_LOG_MEL_SPECTROGRAM_H_
