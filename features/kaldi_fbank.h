// Kaldi's log mel filterbank energies (`compute-fbank-feats`, feature-fbank.cc and
// mel-computations.cc) with dither 0: frames from KaldiFrameExtractor, power spectrum by FFT,
// triangular filters equally spaced on the mel scale 1127 ln(1 + f / 700), log floored at
// FLT_EPSILON. Defaults are Kaldi's: 23 bins from 20 Hz to Nyquist, no energy.
#ifndef FEATURES_KALDI_FBANK_H_
#define FEATURES_KALDI_FBANK_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "features/fft.h"
#include "features/kaldi_feature_computer.h"
#include "features/kaldi_frames.h"

namespace sentio {

struct KaldiMelOptions {
  int num_bins = 23;
  double low_freq = 20.0;  // Hz
  double high_freq = 0.0;  // Hz; <= 0 means an offset from Nyquist (0: Nyquist itself)
};

// The triangular mel filters over the FFT bins 0 .. fft_size / 2 - 1 (Kaldi leaves out Nyquist).
class KaldiMelBanks {
 public:
  // Fails (naming the frequencies) unless 0 <= low < high <= Nyquist, and when num_bins < 3.
  static absl::StatusOr<KaldiMelBanks> Create(const KaldiMelOptions& options, double sample_rate_hz,
                                              int fft_size);

  int num_bins() const { return static_cast<int>(filters_.size()); }
  // The filter outputs for a power (or magnitude) spectrum of fft_size / 2 + 1 bins.
  void Compute(absl::Span<const float> spectrum, absl::Span<float> energies) const;
  // The centre frequency of each filter, in Hz.
  const std::vector<float>& center_frequencies() const { return center_frequencies_; }

 private:
  // Filter weights are stored in chunks of kChunk, zero-padded at either end, so that every
  // filter is a whole number of chunks (which vectorise) over a window of the spectrum.
  static constexpr int kChunk = 8;
  struct Filter {
    int first_bin = 0;  // Kaldi's filter: weights over bins first_bin .. first_bin + size - 1
    int size = 0;
    int window_start = 0;  // the chunks cover bins window_start .. + num_chunks * kChunk - 1
    int num_chunks = 0;
    int offset = 0;  // of the first chunk in padded_weights_
  };
  // The filter over its own bins only: the exact sum where a padding weight met an infinite bin.
  float ComputeUnpadded(const Filter& filter, const float* spectrum) const;

  std::vector<Filter> filters_;
  std::vector<float> padded_weights_;
  // Compute reads bins 0 .. windows_end_ - 1: within the fft_size / 2 + 1 bins of the spectrum
  // but for tiny FFTs, whose spectrum it zero-pads.
  int windows_end_ = 0;
  std::vector<float> center_frequencies_;
};

struct KaldiFbankOptions {
  KaldiFrameOptions frame;
  KaldiMelOptions mel;
  // Prepend the log energy of each frame (Kaldi's --use-energy), taken before pre-emphasis and
  // window when raw_energy, after them otherwise.
  bool use_energy = false;
  bool raw_energy = true;
};

// Not thread-safe (it keeps FFT scratch space); use one per thread.
class KaldiFbank : public KaldiFeatureComputer {
 public:
  static absl::StatusOr<KaldiFbank> Create(const KaldiFbankOptions& options, double sample_rate_hz);

  const KaldiFbankOptions& options() const { return options_; }
  const KaldiFrameExtractor& extractor() const override { return extractor_; }
  int dim() const override { return mel_banks_.num_bins() + (options_.use_energy ? 1 : 0); }
  bool needs_raw_log_energy() const override { return options_.use_energy && options_.raw_energy; }
  void ComputeFrame(std::vector<float>& frame, float raw_log_energy,
                    absl::Span<float> features) override;

  // The log mel energies of a processed frame (used by MFCC), into `log_energies` (num_bins).
  void ComputeLogMelEnergies(const std::vector<float>& frame, absl::Span<float> log_energies);

 private:
  KaldiFbank(const KaldiFbankOptions& options, KaldiFrameExtractor extractor,
             KaldiMelBanks mel_banks, RealFft fft);

  KaldiFbankOptions options_;
  KaldiFrameExtractor extractor_;
  KaldiMelBanks mel_banks_;
  RealFft fft_;
  std::vector<float> power_spectrum_;
};

}  // namespace sentio

#endif  // FEATURES_KALDI_FBANK_H_
