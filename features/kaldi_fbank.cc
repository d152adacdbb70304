#include "features/kaldi_fbank.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/simd_clones.h"
#include "base/status_macros.h"
#include "features/floored_log.h"

namespace sentio {
namespace {

// Kaldi computes the mel scale in float.
float MelScale(float hz) { return 1127.0f * std::log(1.0f + hz / 700.0f); }
float InverseMelScale(float mel) { return 700.0f * (std::exp(mel / 1127.0f) - 1.0f); }

}  // namespace

absl::StatusOr<KaldiMelBanks> KaldiMelBanks::Create(const KaldiMelOptions& options,
                                                    double sample_rate_hz, int fft_size) {
  if (options.num_bins < 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("need at least 3 mel bins, got ", options.num_bins));
  }
  const double nyquist = 0.5 * sample_rate_hz;
  const double low = options.low_freq;
  const double high = options.high_freq > 0 ? options.high_freq : nyquist + options.high_freq;
  if (!(low >= 0 && low < nyquist && high > 0 && high <= nyquist && high > low)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "mel range low_freq=", options.low_freq, " high_freq=", options.high_freq, " (", low,
        " to ", high, " Hz) is not within 0 to Nyquist (", nyquist, " Hz) with low < high"));
  }
  const int num_fft_bins = fft_size / 2;
  const float fft_bin_width = static_cast<float>(sample_rate_hz / fft_size);
  const float mel_low = MelScale(static_cast<float>(low));
  const float mel_high = MelScale(static_cast<float>(high));
  const float mel_delta = (mel_high - mel_low) / (options.num_bins + 1);

  KaldiMelBanks banks;
  std::vector<float> weights;
  for (int bin = 0; bin < options.num_bins; ++bin) {
    const float left_mel = mel_low + bin * mel_delta;
    const float center_mel = mel_low + (bin + 1) * mel_delta;
    const float right_mel = mel_low + (bin + 2) * mel_delta;
    banks.center_frequencies_.push_back(InverseMelScale(center_mel));
    Filter filter;
    filter.first_bin = -1;
    weights.clear();
    for (int i = 0; i < num_fft_bins; ++i) {
      const float mel = MelScale(fft_bin_width * i);
      if (mel <= left_mel || mel >= right_mel) continue;
      const float weight = mel <= center_mel ? (mel - left_mel) / (center_mel - left_mel)
                                             : (right_mel - mel) / (right_mel - center_mel);
      if (filter.first_bin < 0) filter.first_bin = i;
      weights.push_back(weight);  // the mel scale is monotonic: the bins are contiguous
    }
    if (filter.first_bin < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("mel bin ", bin, " (centre ", banks.center_frequencies_.back(),
                       " Hz) covers no FFT bin: use fewer mel bins or a longer frame"));
    }
    filter.size = static_cast<int>(weights.size());
    filter.num_chunks = (filter.size + kChunk - 1) / kChunk;
    // The window starts at the filter, or earlier where that would run past the spectrum (a
    // spectrum shorter than the window, from a tiny FFT, is zero-padded in Compute).
    filter.window_start =
        std::max(0, std::min(filter.first_bin, num_fft_bins + 1 - filter.num_chunks * kChunk));
    filter.offset = static_cast<int>(banks.padded_weights_.size());
    banks.padded_weights_.resize(banks.padded_weights_.size() + filter.num_chunks * kChunk, 0.0f);
    std::copy(
        weights.begin(), weights.end(),
        banks.padded_weights_.begin() + filter.offset + (filter.first_bin - filter.window_start));
    banks.windows_end_ =
        std::max(banks.windows_end_, filter.window_start + filter.num_chunks * kChunk);
    banks.filters_.push_back(filter);
  }
  return banks;
}

float KaldiMelBanks::ComputeUnpadded(const Filter& filter, const float* spectrum) const {
  const float* weights = &padded_weights_[filter.offset + (filter.first_bin - filter.window_start)];
  float sum = 0;
  for (int i = 0; i < filter.size; ++i) sum += weights[i] * spectrum[filter.first_bin + i];
  return sum;
}

SENTIO_SIMD_CLONES void KaldiMelBanks::Compute(absl::Span<const float> spectrum,
                                               absl::Span<float> energies) const {
  // In float, as Kaldi (and torchaudio's matrix product) compute it, in kChunk independent sums.
  const float* bins = spectrum.data();
  std::vector<float> short_spectrum;
  if (static_cast<int>(spectrum.size()) < windows_end_) {
    short_spectrum.assign(windows_end_, 0.0f);
    std::copy(spectrum.begin(), spectrum.end(), short_spectrum.begin());
    bins = short_spectrum.data();
  }
  for (size_t b = 0; b < filters_.size(); ++b) {
    const Filter& filter = filters_[b];
    const float* weights = &padded_weights_[filter.offset];
    const float* window = bins + filter.window_start;
    float s[kChunk] = {};
    for (int c = 0; c < filter.num_chunks * kChunk; c += kChunk) {
      for (int j = 0; j < kChunk; ++j) s[j] += weights[c + j] * window[c + j];
    }
    const float sum = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
    // A zero padding weight times an infinite bin gives NaN where Kaldi's sum has no such term.
    energies[b] = std::isnan(sum) ? ComputeUnpadded(filter, bins) : sum;
  }
}

KaldiFbank::KaldiFbank(const KaldiFbankOptions& options, KaldiFrameExtractor extractor,
                       KaldiMelBanks mel_banks, RealFft fft)
    : options_(options),
      extractor_(std::move(extractor)),
      mel_banks_(std::move(mel_banks)),
      fft_(std::move(fft)),
      power_spectrum_(fft_.num_bins()) {}

absl::StatusOr<KaldiFbank> KaldiFbank::Create(const KaldiFbankOptions& options,
                                              double sample_rate_hz) {
  ASSIGN_OR_RETURN(KaldiFrameExtractor extractor,
                   KaldiFrameExtractor::Create(options.frame, sample_rate_hz));
  ASSIGN_OR_RETURN(RealFft fft, RealFft::Create(extractor.padded_length()));
  ASSIGN_OR_RETURN(KaldiMelBanks mel_banks,
                   KaldiMelBanks::Create(options.mel, sample_rate_hz, extractor.padded_length()));
  return KaldiFbank(options, std::move(extractor), std::move(mel_banks), std::move(fft));
}

void KaldiFbank::ComputeLogMelEnergies(const std::vector<float>& frame,
                                       absl::Span<float> log_energies) {
  fft_.PowerSpectrum(frame, absl::MakeSpan(power_spectrum_));
  mel_banks_.Compute(power_spectrum_, log_energies);
  FlooredLogInPlace(log_energies, std::numeric_limits<float>::epsilon());
}

void KaldiFbank::ComputeFrame(std::vector<float>& frame, float raw_log_energy,
                              absl::Span<float> features) {
  if (!options_.use_energy) {
    ComputeLogMelEnergies(frame, features);
    return;
  }
  features[0] = options_.raw_energy ? raw_log_energy : KaldiLogEnergy(frame);
  ComputeLogMelEnergies(frame, features.subspan(1));
}

}  // namespace sentio
