// Kaldi's MFCCs (`compute-mfcc-feats`, feature-mfcc.cc) with dither 0: the log mel energies of
// KaldiFbank, an orthonormal DCT-II keeping num_ceps coefficients, the cepstral lifter
// 1 + (L / 2) sin(pi i / L), and c0 replaced by the frame's log energy (use_energy). Defaults are
// Kaldi's: 13 cepstra from 23 mel bins, lifter 22, raw energy.
#ifndef FEATURES_KALDI_MFCC_H_
#define FEATURES_KALDI_MFCC_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "features/kaldi_fbank.h"
#include "features/kaldi_feature_computer.h"

namespace sentio {

struct KaldiMfccOptions {
  KaldiFrameOptions frame;
  KaldiMelOptions mel;
  int num_ceps = 13;              // 1 .. mel.num_bins
  double cepstral_lifter = 22.0;  // 0 turns liftering off
  // Replace c0 by the log energy of the frame, taken before pre-emphasis and window when
  // raw_energy, after them otherwise.
  bool use_energy = true;
  bool raw_energy = true;
};

// Not thread-safe (it keeps FFT scratch space); use one per thread.
class KaldiMfcc : public KaldiFeatureComputer {
 public:
  static absl::StatusOr<KaldiMfcc> Create(const KaldiMfccOptions& options, double sample_rate_hz);

  const KaldiMfccOptions& options() const { return options_; }
  const KaldiFrameExtractor& extractor() const override { return fbank_.extractor(); }
  int dim() const override { return options_.num_ceps; }
  bool needs_raw_log_energy() const override { return options_.use_energy && options_.raw_energy; }
  void ComputeFrame(std::vector<float>& frame, float raw_log_energy,
                    absl::Span<float> features) override;

 private:
  KaldiMfcc(const KaldiMfccOptions& options, KaldiFbank fbank);

  KaldiMfccOptions options_;
  KaldiFbank fbank_;                 // log mel energies only (no energy term)
  int padded_ceps_ = 0;              // num_ceps rounded up to whole chunks of the DCT product
  std::vector<float> dct_;           // num_bins x padded_ceps_, row-major: the transposed DCT
  std::vector<float> lifter_;        // num_ceps
  std::vector<float> log_energies_;  // num_bins, scratch
  std::vector<float> cepstra_;       // padded_ceps_, scratch
};

}  // namespace sentio

#endif  // FEATURES_KALDI_MFCC_H_
