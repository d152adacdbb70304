#include "features/kaldi_frames.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

// Sums in double, so that the result depends on the order only to within double rounding, with
// eight independent sums: they vectorise and keep the adder pipeline busy.
double SumInDouble(const float* values, int64_t count) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) {
    for (int j = 0; j < 8; ++j) s[j] += values[i + j];
  }
  for (; i < count; ++i) s[0] += values[i];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

// log(max(sum of (values[i] - offset)^2, FLT_EPSILON)): the differences in float, their squares
// summed in double as in SumInDouble.
float LogEnergyAfterOffset(const float* values, int64_t count, float offset) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) {
    for (int j = 0; j < 8; ++j) {
      const float d = values[i + j] - offset;
      s[j] += double{d} * d;
    }
  }
  for (; i < count; ++i) {
    const float d = values[i] - offset;
    s[0] += double{d} * d;
  }
  const double energy = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
  return std::log(std::max(static_cast<float>(energy), std::numeric_limits<float>::epsilon()));
}

}  // namespace

absl::StatusOr<KaldiFrameExtractor> KaldiFrameExtractor::Create(const KaldiFrameOptions& options,
                                                                double sample_rate_hz) {
  if (!(sample_rate_hz > 0) || !std::isfinite(sample_rate_hz)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid sample rate ", sample_rate_hz, " Hz"));
  }
  KaldiFrameExtractor extractor;
  extractor.options_ = options;
  extractor.sample_rate_hz_ = sample_rate_hz;
  // Kaldi truncates: int32(samp_freq * 0.001 * ms).
  const double length = sample_rate_hz * 0.001 * options.frame_length_ms;
  const double shift = sample_rate_hz * 0.001 * options.frame_shift_ms;
  if (!(length >= 1) || length > (1 << 24)) {
    return absl::InvalidArgumentError(absl::StrCat("frame length ", options.frame_length_ms,
                                                   " ms is not between one sample and 2^24 at ",
                                                   sample_rate_hz, " Hz"));
  }
  if (!(shift >= 1) || shift > (1 << 24)) {
    return absl::InvalidArgumentError(absl::StrCat("frame shift ", options.frame_shift_ms,
                                                   " ms is not between one sample and 2^24 at ",
                                                   sample_rate_hz, " Hz"));
  }
  if (!(options.preemphasis_coefficient >= 0 && options.preemphasis_coefficient <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "pre-emphasis coefficient ", options.preemphasis_coefficient, " is not in [0, 1]"));
  }
  extractor.frame_length_ = static_cast<int>(length);
  extractor.frame_shift_ = static_cast<int>(shift);
  int padded = extractor.frame_length_;
  if (options.round_to_power_of_two) {
    padded = 1;
    while (padded < extractor.frame_length_) padded *= 2;
  }
  extractor.padded_length_ = padded;
  extractor.window_ =
      MakeWindow(options.window_type, extractor.frame_length_, options.blackman_coeff);
  return extractor;
}

int64_t KaldiFrameExtractor::NumFrames(int64_t num_samples) const {
  if (options_.snip_edges) {
    if (num_samples < frame_length_) return 0;
    return 1 + (num_samples - frame_length_) / frame_shift_;
  }
  return (num_samples + frame_shift_ / 2) / frame_shift_;
}

int64_t KaldiFrameExtractor::FirstSampleOfFrame(int64_t frame) const {
  if (options_.snip_edges) return frame * frame_shift_;
  const int64_t midpoint = frame * frame_shift_ + frame_shift_ / 2;
  return midpoint - frame_length_ / 2;
}

int64_t KaldiFrameExtractor::ReflectIndex(int64_t index, int64_t num_samples) {
  while (index < 0 || index >= num_samples) {
    index = index < 0 ? -index - 1 : 2 * num_samples - 1 - index;
  }
  return index;
}

void KaldiFrameExtractor::CopyFrame(absl::Span<const float> samples, int64_t frame,
                                    std::vector<float>& frame_out) const {
  frame_out.resize(frame_length_);
  const int64_t first = FirstSampleOfFrame(frame);
  const int64_t num_samples = samples.size();
  if (first >= 0 && first + frame_length_ <= num_samples) {
    std::copy(samples.begin() + first, samples.begin() + first + frame_length_, frame_out.begin());
    return;
  }
  for (int i = 0; i < frame_length_; ++i) {
    frame_out[i] = samples[ReflectIndex(first + i, num_samples)];
  }
}

void KaldiFrameExtractor::ProcessFrame(absl::Span<const float> raw, std::vector<float>& processed,
                                       float* raw_log_energy) const {
  const float* samples = raw.data();
  const int length = frame_length_;
  // The DC offset is subtracted on the fly (x - 0 is exact when there is none), so the raw frame
  // is read three times and the processed one written once.
  const float mean =
      options_.remove_dc_offset ? static_cast<float>(SumInDouble(samples, length) / length) : 0.0f;
  if (raw_log_energy != nullptr) *raw_log_energy = LogEnergyAfterOffset(samples, length, mean);
  // Pre-emphasis y[i] - p y[i - 1] (y[-1] = y[0]) of y = x - mean, and the window.
  processed.resize(padded_length_);
  float* out = processed.data();
  const float preemphasis = static_cast<float>(options_.preemphasis_coefficient);
  const float* window = window_.data();
  const float first = samples[0] - mean;
  out[0] = (first - preemphasis * first) * window[0];
  for (int i = 1; i < length; ++i) {
    out[i] = ((samples[i] - mean) - preemphasis * (samples[i - 1] - mean)) * window[i];
  }
  std::fill(out + length, out + padded_length_, 0.0f);
}

float KaldiLogEnergy(absl::Span<const float> samples) {
  return LogEnergyAfterOffset(samples.data(), samples.size(), 0.0f);
}

absl::Status CheckFiniteSamples(absl::Span<const float> samples, int64_t first_index) {
  // A pass without early exit over the exponent bits (all ones: infinite or NaN) vectorises; only
  // a signal that fails it is searched for the sample.
  uint32_t non_finite = 0;
  for (const float v : samples) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    non_finite |= (bits & 0x7F800000u) == 0x7F800000u;
  }
  if (non_finite == 0) return absl::OkStatus();
  for (size_t i = 0; i < samples.size(); ++i) {
    if (!std::isfinite(samples[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("sample ", first_index + i, " is ", samples[i], ": samples must be finite"));
    }
  }
  return absl::OkStatus();
}

}  // namespace sentio
