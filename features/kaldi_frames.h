// Kaldi's framing of a waveform (feature-window.{h,cc}): frame geometry, the frame count with and
// without snip_edges, reflection at the edges, and the per-frame processing every Kaldi feature
// shares (DC offset removal, raw log energy, pre-emphasis, window, zero padding to the FFT size).
// Defaults are Kaldi's; dither is always 0, so results are deterministic.
#ifndef FEATURES_KALDI_FRAMES_H_
#define FEATURES_KALDI_FRAMES_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "features/window_functions.h"

namespace sentio {

struct KaldiFrameOptions {
  double frame_length_ms = 25.0;
  double frame_shift_ms = 10.0;
  double preemphasis_coefficient = 0.97;  // in [0, 1]; 0 turns pre-emphasis off
  bool remove_dc_offset = true;
  WindowType window_type = WindowType::kPovey;
  double blackman_coeff = 0.42;
  bool round_to_power_of_two = true;  // FFT size: the frame length rounded up to a power of two
  // true: only frames that fit entirely in the signal. false: frame f is centred on
  // f * shift + shift / 2, there are (num_samples + shift / 2) / shift frames, and samples beyond
  // either end are mirrored back in.
  bool snip_edges = true;
};

// The frame geometry and window for one sample rate. Created once, used for every frame.
class KaldiFrameExtractor {
 public:
  // Fails when the frame length or shift is under one sample, or pre-emphasis is outside [0, 1].
  static absl::StatusOr<KaldiFrameExtractor> Create(const KaldiFrameOptions& options,
                                                    double sample_rate_hz);

  const KaldiFrameOptions& options() const { return options_; }
  double sample_rate_hz() const { return sample_rate_hz_; }
  int frame_length() const { return frame_length_; }
  int frame_shift() const { return frame_shift_; }
  int padded_length() const { return padded_length_; }  // the FFT size

  // Frames in a complete signal of `num_samples` samples (0 when snip_edges and the signal is
  // shorter than a frame).
  int64_t NumFrames(int64_t num_samples) const;
  // The (possibly negative) index of the first sample of frame `frame`.
  int64_t FirstSampleOfFrame(int64_t frame) const;
  // Kaldi's mirroring of a sample index outside [0, num_samples) back into it.
  static int64_t ReflectIndex(int64_t index, int64_t num_samples);

  // Copies frame `frame` of the complete signal `samples` (mirrored at the edges) into `frame_out`
  // (frame_length() values).
  void CopyFrame(absl::Span<const float> samples, int64_t frame,
                 std::vector<float>& frame_out) const;

  // Turns frame_length() raw samples `raw` into padded_length() windowed samples ready for the
  // FFT in `processed` (resized; not overlapping `raw`): removes the DC offset, then (when
  // `raw_log_energy` is set) stores log(max(energy, FLT_EPSILON)) of the frame, then
  // pre-emphasises, windows and zero-pads.
  void ProcessFrame(absl::Span<const float> raw, std::vector<float>& processed,
                    float* raw_log_energy) const;

 private:
  KaldiFrameExtractor() = default;

  KaldiFrameOptions options_;
  double sample_rate_hz_ = 0;
  int frame_length_ = 0;
  int frame_shift_ = 0;
  int padded_length_ = 0;
  std::vector<float> window_;
};

// log(max(sum of squares of `samples`, FLT_EPSILON)), as Kaldi computes frame energies.
float KaldiLogEnergy(absl::Span<const float> samples);

// InvalidArgument naming the first sample that is NaN or infinite, or OK.
absl::Status CheckFiniteSamples(absl::Span<const float> samples, int64_t first_index = 0);

}  // namespace sentio

#endif  // FEATURES_KALDI_FRAMES_H_
