#include "features/kaldi_mfcc.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/simd_clones.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

// The cepstra are computed kChunk at a time, which vectorises.
constexpr int kChunk = 8;

// cepstra[k] = sum over n of dct[n * padded + k] * energies[n], for k < padded (a multiple of
// kChunk), in float as Kaldi and torchaudio compute it, in order of n. kChunk cepstra at a time
// are independent sums held in one register (a sum in memory would wait on its own store).
SENTIO_SIMD_CLONES void MultiplyByTransposedDct(const float* dct, const float* energies,
                                                int num_bins, int padded, float* cepstra) {
  for (int c = 0; c < padded; c += kChunk) {
    float sums[kChunk] = {};
    for (int n = 0; n < num_bins; ++n) {
      const float energy = energies[n];
      const float* row = dct + n * padded + c;
      for (int j = 0; j < kChunk; ++j) sums[j] += row[j] * energy;
    }
    std::copy(sums, sums + kChunk, cepstra + c);
  }
}

}  // namespace

KaldiMfcc::KaldiMfcc(const KaldiMfccOptions& options, KaldiFbank fbank)
    : options_(options), fbank_(std::move(fbank)) {
  const int num_bins = options.mel.num_bins;
  const int num_ceps = options.num_ceps;
  padded_ceps_ = (num_ceps + kChunk - 1) / kChunk * kChunk;
  const int padded = padded_ceps_;
  log_energies_.resize(num_bins);
  cepstra_.resize(padded);
  // Orthonormal DCT-II, as Kaldi's ComputeDctMatrix (in float): row 0 is sqrt(1/N), row k is
  // sqrt(2/N) cos(pi k (n + 0.5) / N); stored transposed, each row zero-padded. The lifter
  // 1 + (L / 2) sin(pi k / L) (in float) multiplies the cepstra afterwards, as in Kaldi and
  // torchaudio.
  dct_.assign(static_cast<size_t>(num_bins) * padded, 0.0f);
  lifter_.resize(num_ceps);
  const double q = options.cepstral_lifter;
  for (int k = 0; k < num_ceps; ++k) {
    const double scale = std::sqrt((k == 0 ? 1.0 : 2.0) / num_bins);
    lifter_[k] = q == 0 ? 1.0f : static_cast<float>(1.0 + 0.5 * q * std::sin(M_PI * k / q));
    for (int n = 0; n < num_bins; ++n) {
      const double angle = M_PI / num_bins * (n + 0.5) * k;
      dct_[n * padded + k] = static_cast<float>(scale * std::cos(angle));
    }
  }
}

absl::StatusOr<KaldiMfcc> KaldiMfcc::Create(const KaldiMfccOptions& options,
                                            double sample_rate_hz) {
  if (options.num_ceps < 1 || options.num_ceps > options.mel.num_bins) {
    return absl::InvalidArgumentError(absl::StrCat("num_ceps ", options.num_ceps,
                                                   " is not between 1 and the number of mel bins (",
                                                   options.mel.num_bins, ")"));
  }
  if (!(options.cepstral_lifter >= 0) || !std::isfinite(options.cepstral_lifter)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cepstral lifter ", options.cepstral_lifter, " must be >= 0"));
  }
  KaldiFbankOptions fbank_options;
  fbank_options.frame = options.frame;
  fbank_options.mel = options.mel;
  fbank_options.use_energy = false;
  ASSIGN_OR_RETURN(KaldiFbank fbank, KaldiFbank::Create(fbank_options, sample_rate_hz));
  return KaldiMfcc(options, std::move(fbank));
}

void KaldiMfcc::ComputeFrame(std::vector<float>& frame, float raw_log_energy,
                             absl::Span<float> features) {
  // Kaldi takes the processed-frame energy before the FFT.
  const float log_energy = !options_.use_energy  ? 0.0f
                           : options_.raw_energy ? raw_log_energy
                                                 : KaldiLogEnergy(frame);
  fbank_.ComputeLogMelEnergies(frame, absl::MakeSpan(log_energies_));
  MultiplyByTransposedDct(dct_.data(), log_energies_.data(), options_.mel.num_bins, padded_ceps_,
                          cepstra_.data());
  const int num_ceps = options_.num_ceps;
  const float* cepstra = cepstra_.data();
  for (int k = 0; k < num_ceps; ++k) features[k] = cepstra[k] * lifter_[k];
  if (options_.use_energy) features[0] = log_energy;
}

}  // namespace sentio
