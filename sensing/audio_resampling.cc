#include "sensing/audio_resampling.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace sentio {

absl::StatusOr<AudioClip> ResampleClip(const AudioClip& clip, int out_rate_hz, int half_width) {
  constexpr int kMaxRate = 1000000;
  if (clip.sample_rate_hz < 1 || clip.sample_rate_hz > kMaxRate || out_rate_hz < 1 ||
      out_rate_hz > kMaxRate) {
    return absl::InvalidArgumentError(absl::StrCat("cannot resample ", clip.sample_rate_hz,
                                                   " Hz audio to ", out_rate_hz,
                                                   " Hz (rates are 1 Hz to 1 MHz)"));
  }
  if (half_width < 1 || half_width > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("resampling half-width ", half_width, " is outside 1 to 256"));
  }
  if (clip.sample_rate_hz == out_rate_hz || clip.channels == 0) return clip;
  const double ratio = static_cast<double>(out_rate_hz) / clip.sample_rate_hz;
  // The filter's cutoff in cycles per input sample, and its reach in input samples (wider when
  // downsampling, so the kernel spans the same number of its own zero crossings).
  const double cutoff = 0.95 * 0.5 * std::min(1.0, ratio);
  const double reach = half_width / std::min(1.0, ratio);
  const int64_t in_frames = clip.num_frames();
  const int64_t out_frames = std::llround(in_frames * ratio);
  AudioClip out;
  out.sample_rate_hz = out_rate_hz;
  out.channels = clip.channels;
  out.samples.assign(out_frames * clip.channels, 0.0f);
  std::vector<double> weights;
  for (int64_t n = 0; n < out_frames; ++n) {
    const double t = n / ratio;
    const int64_t first = std::max<int64_t>(0, static_cast<int64_t>(std::ceil(t - reach)));
    const int64_t last =
        std::min<int64_t>(in_frames - 1, static_cast<int64_t>(std::floor(t + reach)));
    weights.clear();
    for (int64_t k = first; k <= last; ++k) {
      const double x = t - k;
      const double sinc = x == 0 ? 1.0 : std::sin(2 * M_PI * cutoff * x) / (M_PI * x);
      const double window = 0.5 + 0.5 * std::cos(M_PI * x / reach);
      weights.push_back(x == 0 ? 2 * cutoff : sinc * window);
    }
    for (int c = 0; c < clip.channels; ++c) {
      double sum = 0;
      for (int64_t k = first; k <= last; ++k) {
        sum += weights[k - first] * clip.samples[k * clip.channels + c];
      }
      out.samples[n * clip.channels + c] = static_cast<float>(sum);
    }
  }
  return out;
}

}  // namespace sentio
