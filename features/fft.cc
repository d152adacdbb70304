#include "features/fft.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "kissfft/kiss_fftr.h"

namespace sentio {

static_assert(sizeof(kiss_fft_cpx) == sizeof(std::complex<float>),
              "KissFFT's complex type must be two floats, like std::complex<float>");

void RealFft::PlanDeleter::operator()(kiss_fftr_state* plan) const { kiss_fftr_free(plan); }

RealFft::RealFft(int size, kiss_fftr_state* plan)
    : size_(size), plan_(plan), spectrum_(size / 2 + 1) {}

absl::StatusOr<RealFft> RealFft::Create(int size) {
  if (size < 2 || size % 2 != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("real FFT size must be even and at least 2, got ", size));
  }
  kiss_fftr_cfg plan = kiss_fftr_alloc(size, /*inverse_fft=*/0, nullptr, nullptr);
  if (plan == nullptr) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot plan a real FFT of size ", size));
  }
  return RealFft(size, plan);
}

void RealFft::Transform(absl::Span<const float> input, absl::Span<std::complex<float>> output) {
  kiss_fftr(plan_.get(), input.data(), reinterpret_cast<kiss_fft_cpx*>(output.data()));
}

void RealFft::PowerSpectrum(absl::Span<const float> input, absl::Span<float> output) {
  Transform(input, absl::MakeSpan(spectrum_));
  for (int k = 0; k < num_bins(); ++k) output[k] = std::norm(spectrum_[k]);
}

void RealFft::MagnitudeSpectrum(absl::Span<const float> input, absl::Span<float> output) {
  Transform(input, absl::MakeSpan(spectrum_));
  for (int k = 0; k < num_bins(); ++k) output[k] = std::abs(spectrum_[k]);
}

}  // namespace sentio
