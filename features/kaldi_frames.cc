#include "features/kaldi_frames.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

double SumInDouble(const float* values, int64_t count) {
  // Four independent sums keep the adder pipeline busy; summing floats in double makes the
  // result independent of the order to within double rounding.
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= count; i += 4) {
    s0 += values[i];
    s1 += values[i + 1];
    s2 += values[i + 2];
    s3 += values[i + 3];
  }
  for (; i < count; ++i) s0 += values[i];
  return (s0 + s1) + (s2 + s3);
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

void KaldiFrameExtractor::ProcessFrame(std::vector<float>& frame, float* raw_log_energy) const {
  float* samples = frame.data();
  const int length = frame_length_;
  if (options_.remove_dc_offset) {
    const float mean = static_cast<float>(SumInDouble(samples, length) / length);
    for (int i = 0; i < length; ++i) samples[i] -= mean;
  }
  if (raw_log_energy != nullptr) {
    *raw_log_energy = KaldiLogEnergy(absl::MakeConstSpan(samples, length));
  }
  // Pre-emphasis x[i] - p x[i - 1] (x[-1] = x[0]) and the window in one forward pass.
  const float preemphasis = static_cast<float>(options_.preemphasis_coefficient);
  const float* window = window_.data();
  if (preemphasis != 0) {
    float previous = samples[0];
    for (int i = 0; i < length; ++i) {
      const float current = samples[i];
      samples[i] = (current - preemphasis * previous) * window[i];
      previous = current;
    }
  } else {
    for (int i = 0; i < length; ++i) samples[i] *= window[i];
  }
  frame.resize(padded_length_);
  std::fill(frame.begin() + length, frame.end(), 0.0f);
}

float KaldiLogEnergy(absl::Span<const float> samples) {
  const float* values = samples.data();
  const int64_t count = samples.size();
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= count; i += 4) {
    s0 += double{values[i]} * values[i];
    s1 += double{values[i + 1]} * values[i + 1];
    s2 += double{values[i + 2]} * values[i + 2];
    s3 += double{values[i + 3]} * values[i + 3];
  }
  for (; i < count; ++i) s0 += double{values[i]} * values[i];
  const double energy = (s0 + s1) + (s2 + s3);
  return std::log(std::max(static_cast<float>(energy), std::numeric_limits<float>::epsilon()));
}

absl::Status CheckFiniteSamples(absl::Span<const float> samples, int64_t first_index) {
  for (size_t i = 0; i < samples.size(); ++i) {
    if (!std::isfinite(samples[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("sample ", first_index + i, " is ", samples[i], ": samples must be finite"));
    }
  }
  return absl::OkStatus();
}

}  // namespace sentio
