#include "features/kaldi_frames.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/simd_clones.h"

namespace sentio {
namespace {

// Independent float sums per pass: they vectorise and keep the adder pipeline busy. The order is
// fixed, so every call with the same samples gives the same result.
constexpr int kLanes = 16;

float CombineLanes(const float* lanes) {
  float s[kLanes / 2];
  for (int j = 0; j < kLanes / 2; ++j) s[j] = lanes[j] + lanes[j + kLanes / 2];
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

// The sum of `values`. Exact for 16-bit integer samples (every partial sum stays below 2^24 for
// frames of up to 512 samples), as Kaldi's sum in double is.
float SumInFloat(const float* values, int count) {
  float lanes[kLanes] = {};
  int i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) lanes[j] += values[i + j];
  }
  for (; i < count; ++i) lanes[0] += values[i];
  return CombineLanes(lanes);
}

float LogOfEnergy(float energy) {
  return std::log(std::max(energy, std::numeric_limits<float>::epsilon()));
}

// log(max(sum of (values[i] - offset)^2, FLT_EPSILON)), the differences and squares in float.
float LogEnergyAfterOffset(const float* values, int64_t count, float offset) {
  float lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) {
      const float d = values[i + j] - offset;
      lanes[j] += d * d;
    }
  }
  for (; i < count; ++i) {
    const float d = values[i] - offset;
    lanes[0] += d * d;
  }
  return LogOfEnergy(CombineLanes(lanes));
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

SENTIO_SIMD_CLONES void KaldiFrameExtractor::ProcessFrame(absl::Span<const float> raw,
                                                          std::vector<float>& processed,
                                                          float* raw_log_energy) const {
  const float* x = raw.data();
  const int length = frame_length_;
  // Two passes over the raw frame: the mean, then everything else at once. y = x - mean is formed
  // on the fly (x - 0 is exact when there is no DC removal); the pre-emphasis y[i] - p y[i - 1]
  // (y[-1] = y[0]) and the window, and the energy sum of y^2 (cheap enough to take always).
  const float mean = options_.remove_dc_offset ? SumInFloat(x, length) / length : 0.0f;
  processed.resize(padded_length_);
  float* out = processed.data();
  const float p = static_cast<float>(options_.preemphasis_coefficient);
  const float* window = window_.data();
  // Blocks of kLanes samples (whole vectors): lanes[j] sums the squares of sample j of each
  // block. The first block reads y[i - 1] from a copy that starts with x[0] again (y[-1] = y[0]),
  // so that a 400-sample frame leaves no remainder.
  float lanes[kLanes] = {};
  auto process_block = [&lanes, x, out, window, mean, p](int i, const float* previous) {
    for (int j = 0; j < kLanes; ++j) {
      const float y = x[i + j] - mean;
      lanes[j] += y * y;
      out[i + j] = (y - p * (previous[j] - mean)) * window[i + j];
    }
  };
  int i = 0;
  if (length >= kLanes) {
    float first_previous[kLanes];
    first_previous[0] = x[0];
    std::copy(x, x + kLanes - 1, first_previous + 1);
    process_block(0, first_previous);
    for (i = kLanes; i + kLanes <= length; i += kLanes) process_block(i, x + i - 1);
  }
  for (; i < length; ++i) {
    const float y = x[i] - mean;
    lanes[0] += y * y;
    out[i] = (y - p * (x[i > 0 ? i - 1 : 0] - mean)) * window[i];
  }
  if (raw_log_energy != nullptr) *raw_log_energy = LogOfEnergy(CombineLanes(lanes));
  std::fill(out + length, out + padded_length_, 0.0f);
}

float KaldiLogEnergy(absl::Span<const float> samples) {
  return LogEnergyAfterOffset(samples.data(), samples.size(), 0.0f);
}

SENTIO_SIMD_CLONES absl::Status CheckFiniteSamples(absl::Span<const float> samples,
                                                   int64_t first_index) {
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
