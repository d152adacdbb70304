#include "features/spectral_features.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "features/fft.h"
#include "features/time_stats.h"

namespace sentio {
namespace {

absl::Status CheckArguments(absl::Span<const double> samples, double sample_rate_hz,
                            const SpectralOptions& options) {
  RETURN_IF_ERROR(CheckFiniteSamples(samples));
  if (samples.size() < 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("spectral features need at least 3 samples, got ", samples.size()));
  }
  if (!(sample_rate_hz > 0) || !std::isfinite(sample_rate_hz)) {
    return absl::InvalidArgumentError(
        absl::StrCat("sample rate must be positive and finite, got ", sample_rate_hz));
  }
  if (!(options.rolloff_fraction > 0 && options.rolloff_fraction <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("roll-off fraction must be in (0, 1], got ", options.rolloff_fraction));
  }
  for (const FrequencyBand& band : options.bands) {
    if (!(band.low_hz >= 0 && band.high_hz > band.low_hz)) {
      return absl::InvalidArgumentError(absl::StrCat("frequency band [", band.low_hz, ", ",
                                                     band.high_hz, ") Hz is empty or negative"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SpectralFeatures> ComputeSpectralFeatures(absl::Span<const double> samples,
                                                         double sample_rate_hz,
                                                         const SpectralOptions& options) {
  RETURN_IF_ERROR(CheckArguments(samples, sample_rate_hz, options));
  SpectralFeatures features;
  features.band_energies.assign(options.bands.size(), 0.0);
  if (std::all_of(samples.begin(), samples.end(), [&](double v) { return v == samples[0]; })) {
    const double undefined = std::numeric_limits<double>::quiet_NaN();
    features.dominant_frequency_hz = features.entropy = undefined;
    features.centroid_hz = features.rolloff_hz = undefined;
    return features;
  }

  const int fft_size = static_cast<int>(samples.size() + samples.size() % 2);
  ASSIGN_OR_RETURN(const double mean, Mean(samples));
  std::vector<float> centred(fft_size, 0.0f);
  for (size_t t = 0; t < samples.size(); ++t) centred[t] = static_cast<float>(samples[t] - mean);
  ASSIGN_OR_RETURN(RealFft fft, RealFft::Create(fft_size));
  std::vector<float> squared_magnitudes(fft.num_bins());
  fft.PowerSpectrum(centred, absl::MakeSpan(squared_magnitudes));

  const int num_bins = fft_size / 2;  // k = 1 .. fft_size / 2
  std::vector<double> power(num_bins + 1, 0.0), frequency(num_bins + 1, 0.0);
  for (int k = 1; k <= num_bins; ++k) {
    power[k] = squared_magnitudes[k] / static_cast<double>(fft_size) * (k < num_bins ? 2 : 1);
    frequency[k] = k * sample_rate_hz / fft_size;
    features.energy += power[k];
  }
  int dominant = 1;
  double weighted_frequency = 0, entropy = 0;
  for (int k = 1; k <= num_bins; ++k) {
    if (power[k] > power[dominant]) dominant = k;
    weighted_frequency += frequency[k] * power[k];
    const double p = power[k] / features.energy;
    if (p > 0) entropy -= p * std::log(p);
    for (size_t b = 0; b < options.bands.size(); ++b) {
      if (frequency[k] >= options.bands[b].low_hz && frequency[k] < options.bands[b].high_hz) {
        features.band_energies[b] += power[k];
      }
    }
  }
  features.dominant_frequency_hz = frequency[dominant];
  features.centroid_hz = weighted_frequency / features.energy;
  features.entropy = entropy / std::log(static_cast<double>(num_bins));
  double cumulative = 0;
  features.rolloff_hz = frequency[num_bins];
  for (int k = 1; k <= num_bins; ++k) {
    cumulative += power[k];
    if (cumulative >= options.rolloff_fraction * features.energy) {
      features.rolloff_hz = frequency[k];
      break;
    }
  }
  return features;
}

}  // namespace sentio
