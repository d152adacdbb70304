// Real-input FFT of any even size through KissFFT (float), and the power and magnitude spectra
// that audio features are built from. A RealFft owns the KissFFT plan for one size, so callers
// that transform many frames of one size plan once.
#ifndef FEATURES_FFT_H_
#define FEATURES_FFT_H_

#include <complex>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

struct kiss_fftr_state;

namespace sentio {

class RealFft {
 public:
  // `size` must be even and at least 2 (KissFFT's real transform needs an even size).
  static absl::StatusOr<RealFft> Create(int size);

  int size() const { return size_; }
  // The number of non-negative-frequency bins: size / 2 + 1 (DC to Nyquist).
  int num_bins() const { return size_ / 2 + 1; }

  // X[k] = sum_n x[n] exp(-2 pi i k n / size), k = 0 .. size / 2. `input` has size() samples and
  // `output` num_bins() values. Not thread-safe: KissFFT keeps scratch space in the plan.
  void Transform(absl::Span<const float> input, absl::Span<std::complex<float>> output);

  // |X[k]|^2 and |X[k]|, k = 0 .. size / 2, into `output` (num_bins() values).
  void PowerSpectrum(absl::Span<const float> input, absl::Span<float> output);
  void MagnitudeSpectrum(absl::Span<const float> input, absl::Span<float> output);

 private:
  struct PlanDeleter {
    void operator()(kiss_fftr_state* plan) const;
  };

  RealFft(int size, kiss_fftr_state* plan);

  int size_;
  std::unique_ptr<kiss_fftr_state, PlanDeleter> plan_;
  std::vector<std::complex<float>> spectrum_;  // scratch for the spectra
};

}  // namespace sentio

#endif  // FEATURES_FFT_H_
