// Real-input FFT of any even size through KissFFT (float), and the power and magnitude spectra
// that audio features are built from. KissFFT's complex FFT transforms the size / 2 points
// x[2n] + i x[2n + 1]; the standard real-input split then unpacks the size / 2 + 1 bins (what
// kiss_fftr does, here written so that it vectorises and can square the bins as it goes). A
// RealFft owns the KissFFT plan for one size, so callers that transform many frames plan once.
#ifndef FEATURES_FFT_H_
#define FEATURES_FFT_H_

#include <complex>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

struct kiss_fft_state;

namespace sentio {

class RealFft {
 public:
  // `size` must be even and at least 2.
  static absl::StatusOr<RealFft> Create(int size);

  int size() const { return size_; }
  // The number of non-negative-frequency bins: size / 2 + 1 (DC to Nyquist).
  int num_bins() const { return size_ / 2 + 1; }

  // X[k] = sum_n x[n] exp(-2 pi i k n / size), k = 0 .. size / 2. `input` has size() samples and
  // `output` num_bins() values. Not thread-safe: the plan keeps scratch space.
  void Transform(absl::Span<const float> input, absl::Span<std::complex<float>> output);

  // |X[k]|^2 and |X[k]|, k = 0 .. size / 2, into `output` (num_bins() values). The power is
  // re^2 + im^2 of the bins Transform gives, computed without storing them.
  void PowerSpectrum(absl::Span<const float> input, absl::Span<float> output);
  void MagnitudeSpectrum(absl::Span<const float> input, absl::Span<float> output);

 private:
  struct PlanDeleter {
    void operator()(kiss_fft_state* plan) const;
  };

  RealFft(int size, kiss_fft_state* plan);

  // Runs KissFFT on the packed input into packed_, and copies packed_[size / 2 - k] into
  // mirrored_[k] for k = 1 .. num_pairs(), so that the split reads both in increasing order.
  void TransformPacked(absl::Span<const float> input);
  // The split pairs bin k with bin size / 2 - k for k = 1 .. num_pairs().
  int num_pairs() const { return (size_ / 2 - 1) / 2; }

  int size_;
  std::unique_ptr<kiss_fft_state, PlanDeleter> plan_;
  std::vector<std::complex<float>> twiddles_;  // exp(-2 pi i k / size), k = 0 .. num_pairs()
  std::vector<std::complex<float>> packed_;    // KissFFT's output, size / 2 values
  // Scratch: packed_[size / 2 - k] at k, and Transform's bins X[size / 2 - k] at k, k = 1 ..
  // num_pairs(); the bins for MagnitudeSpectrum.
  std::vector<std::complex<float>> mirrored_;
  std::vector<std::complex<float>> split_back_;
  std::vector<std::complex<float>> spectrum_;
};

}  // namespace sentio

#endif  // FEATURES_FFT_H_
