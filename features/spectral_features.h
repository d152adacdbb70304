// Spectral features of one channel's window of samples: dominant frequency, spectral energy,
// normalised spectral entropy, centroid, roll-off and the energy in given frequency bands.
//
// The spectrum is the one-sided power spectrum of the window with its mean removed (the mean is a
// time-domain feature; leaving it in would make 0 Hz dominate every accelerometer window), without
// a taper, through features/fft.h (KissFFT, float): for an FFT of size m,
//   P[k] = |X[k]|^2 / m, doubled for 0 < k < m/2 (the negative frequencies folded in),
// for the bins k = 1 .. m/2 at k * sample_rate / m Hz. An odd window is zero-padded by one sample
// (m = n + 1), which adds no energy. By Parseval the P[k] sum to sum_t (x_t - mean)^2.
#ifndef FEATURES_SPECTRAL_FEATURES_H_
#define FEATURES_SPECTRAL_FEATURES_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace sentio {

// Frequencies in [low_hz, high_hz).
struct FrequencyBand {
  double low_hz = 0;
  double high_hz = 0;
};

struct SpectralOptions {
  // The roll-off is the lowest frequency below which this fraction of the energy lies.
  double rolloff_fraction = 0.85;
  std::vector<FrequencyBand> bands;
};

// Frequencies in Hz. For a constant window (all samples equal) the spectrum is empty: energy and
// band energies are 0 and the other features, undefined, are NaN (a missing value in a Dataset).
struct SpectralFeatures {
  double dominant_frequency_hz = 0;  // the bin with the most power (the lowest on ties)
  double energy = 0;                 // sum of P[k]
  // Shannon entropy of P[k] / energy over the m/2 bins, divided by log(m/2): 0 for a pure tone on
  // a bin, near 1 for white noise.
  double entropy = 0;
  double centroid_hz = 0;  // sum f_k P[k] / energy
  double rolloff_hz = 0;   // lowest f_k with P[1] + ... + P[k] >= rolloff_fraction * energy
  std::vector<double> band_energies;  // sum of P[k] over the bins in each band, in option order
};

// Fails on fewer than 3 samples (the spectrum needs two bins), a NaN or infinite sample (named),
// a sample rate that is not positive and finite, a roll-off fraction outside (0, 1], or a band
// with low_hz < 0 or high_hz <= low_hz.
absl::StatusOr<SpectralFeatures> ComputeSpectralFeatures(absl::Span<const double> samples,
                                                         double sample_rate_hz,
                                                         const SpectralOptions& options = {});

}  // namespace sentio

#endif  // FEATURES_SPECTRAL_FEATURES_H_
