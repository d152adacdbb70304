#include "features/fft.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "base/simd_clones.h"
#include "kissfft/kiss_fft.h"

namespace sentio {
namespace {

static_assert(sizeof(kiss_fft_cpx) == sizeof(std::complex<float>),
              "KissFFT's complex type must be two floats, like std::complex<float>");

// The real-input split for k = 1 .. num_pairs, with h = size / 2, Z the complex FFT of the h
// points x[2n] + i x[2n + 1], a = Z[k], b = conj(Z[h - k]) and W = exp(-2 pi i / size):
//   E = (a + b) / 2,  O = -i (a - b) / 2,  X[k] = E + W^k O,  X[h - k] = conj(E - W^k O).
// `packed` holds Z, `mirrored` Z[h - k] at index k, `twiddles` W^k, all as (re, im) float pairs;
// `use_bins(k, X[k], X[h - k])` receives the two bins as (re, im) float pairs. Everything is
// read in increasing k, so the loop vectorises. Always inlined, so that it is compiled for the
// target of its caller (SENTIO_SIMD_CLONES).
template <typename UseBins>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline void SplitRealSpectrum(const float* packed,
                                                           const float* mirrored,
                                                           const float* twiddles, int num_pairs,
                                                           UseBins use_bins) {
  for (int k = 1; k <= num_pairs; ++k) {
    const float ar = packed[2 * k], ai = packed[2 * k + 1];
    const float br = mirrored[2 * k], bi = -mirrored[2 * k + 1];
    const float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
    const float or_ = 0.5f * (ai - bi), oi = 0.5f * (br - ar);
    const float wr = twiddles[2 * k], wi = twiddles[2 * k + 1];
    const float tr = or_ * wr - oi * wi, ti = or_ * wi + oi * wr;
    use_bins(k, er + tr, ei + ti, er - tr, ti - ei);
  }
}

// mirrored[k] = packed[half - k] for k = 1 .. pairs. Separate restrict-qualified arrays and 8-byte
// moves let the reversal vectorise (a shuffle per vector).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline void MirrorPacked(const std::complex<float>* __restrict packed,
                                                      std::complex<float>* __restrict mirrored,
                                                      int half, int pairs) {
  for (int k = 1; k <= pairs; ++k) std::memcpy(&mirrored[k], &packed[half - k], sizeof(*packed));
}

// |X[k]|^2 for k = 1 .. h - 1 but h / 2 (SplitRealSpectrum's bins squared) into power[k], from the
// complex FFT `packed` (h values); `mirrored` is scratch. Bins k and h - k in one pass: the two
// halves of `power` do not overlap.
SENTIO_SIMD_CLONES void SquaredSplit(const std::complex<float>* packed,
                                     std::complex<float>* mirrored,
                                     const std::complex<float>* twiddles, int half, int pairs,
                                     float* power) {
  MirrorPacked(packed, mirrored, half, pairs);
  float* __restrict front = power;
  float* __restrict back = power + half;
  SplitRealSpectrum(reinterpret_cast<const float*>(packed),
                    reinterpret_cast<const float*>(mirrored),
                    reinterpret_cast<const float*>(twiddles), pairs,
                    [front, back](int k, float xr, float xi, float yr, float yi) {
                      front[k] = xr * xr + xi * xi;
                      back[-k] = yr * yr + yi * yi;
                    });
}

}  // namespace

void RealFft::PlanDeleter::operator()(kiss_fft_state* plan) const { kiss_fft_free(plan); }

RealFft::RealFft(int size, kiss_fft_state* plan)
    : size_(size),
      plan_(plan),
      twiddles_(num_pairs() + 1),
      packed_(size / 2),
      mirrored_(num_pairs() + 1),
      split_back_(num_pairs() + 1),
      spectrum_(num_bins()) {
  for (int k = 0; k <= num_pairs(); ++k) {
    const double phase = -2 * M_PI * k / size;
    twiddles_[k] = {static_cast<float>(std::cos(phase)), static_cast<float>(std::sin(phase))};
  }
}

absl::StatusOr<RealFft> RealFft::Create(int size) {
  if (size < 2 || size % 2 != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("real FFT size must be even and at least 2, got ", size));
  }
  kiss_fft_cfg plan = kiss_fft_alloc(size / 2, /*inverse_fft=*/0, nullptr, nullptr);
  if (plan == nullptr) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot plan a real FFT of size ", size));
  }
  return RealFft(size, plan);
}

void RealFft::TransformPacked(absl::Span<const float> input) {
  kiss_fft(plan_.get(), reinterpret_cast<const kiss_fft_cpx*>(input.data()),
           reinterpret_cast<kiss_fft_cpx*>(packed_.data()));
  MirrorPacked(packed_.data(), mirrored_.data(), size_ / 2, num_pairs());
}

void RealFft::Transform(absl::Span<const float> input, absl::Span<std::complex<float>> output) {
  TransformPacked(input);
  const int half = size_ / 2;
  const std::complex<float> z0 = packed_[0];
  float* front = reinterpret_cast<float*>(output.data());
  float* back = reinterpret_cast<float*>(split_back_.data());
  SplitRealSpectrum(reinterpret_cast<const float*>(packed_.data()),
                    reinterpret_cast<const float*>(mirrored_.data()),
                    reinterpret_cast<const float*>(twiddles_.data()), num_pairs(),
                    [front, back](int k, float xr, float xi, float yr, float yi) {
                      front[2 * k] = xr;
                      front[2 * k + 1] = xi;
                      back[2 * k] = yr;
                      back[2 * k + 1] = yi;
                    });
  const std::complex<float>* split_back = split_back_.data();
  std::complex<float>* out = output.data();
  for (int k = 1, pairs = num_pairs(); k <= pairs; ++k) {
    std::memcpy(&out[half - k], &split_back[k], sizeof(*out));
  }
  output[0] = z0.real() + z0.imag();
  output[half] = z0.real() - z0.imag();
  if (half % 2 == 0) output[half / 2] = std::conj(packed_[half / 2]);
}

void RealFft::PowerSpectrum(absl::Span<const float> input, absl::Span<float> output) {
  kiss_fft(plan_.get(), reinterpret_cast<const kiss_fft_cpx*>(input.data()),
           reinterpret_cast<kiss_fft_cpx*>(packed_.data()));
  const int half = size_ / 2;
  // re^2 + im^2 as Kaldi computes it (std::norm squares std::abs, a hypot, unless -ffast-math).
  SquaredSplit(packed_.data(), mirrored_.data(), twiddles_.data(), half, num_pairs(),
               output.data());
  const std::complex<float> z0 = packed_[0];
  const float dc = z0.real() + z0.imag(), nyquist = z0.real() - z0.imag();
  output[0] = dc * dc;
  output[half] = nyquist * nyquist;
  if (half % 2 == 0) {
    const std::complex<float> middle = packed_[half / 2];
    output[half / 2] = middle.real() * middle.real() + middle.imag() * middle.imag();
  }
}

void RealFft::MagnitudeSpectrum(absl::Span<const float> input, absl::Span<float> output) {
  // Through the complex bins: std::abs does not overflow where the square of a bin would.
  Transform(input, absl::MakeSpan(spectrum_));
  for (int k = 0; k < num_bins(); ++k) output[k] = std::abs(spectrum_[k]);
}

}  // namespace sentio
