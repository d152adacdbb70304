// `sentio mfcc` and `sentio fbank`: Kaldi `compute-mfcc-feats` / `compute-fbank-feats` features
// (defaults, dither 0) of one WAV file.
//
//   sentio mfcc --wav=F [--num_ceps=13] [--cepstral_lifter=22] [--use_energy=true]
//               [--raw_energy=true] [common options]
//   sentio fbank --wav=F [--use_energy=false] [--raw_energy=true] [common options]
//   common options: [--frame_length_ms=25] [--frame_shift_ms=10] [--num_mel_bins=23]
//               [--low_freq=20] [--high_freq=0 (<= 0: offset from Nyquist)]
//               [--preemphasis_coefficient=0.97] [--window_type=povey] [--snip_edges=true]
//               [--remove_dc_offset=true] [--channel=0]
//
// Standard output is one frame per line, values space-separated, then a last line `frames=N`;
// a one-line summary goes to standard error. Samples are scaled to 16-bit integer range, as Kaldi
// reads WAV. Audio shorter than one frame gives `frames=0` (Kaldi's behaviour), said in the
// summary.
#ifndef APPS_MFCC_COMMAND_H_
#define APPS_MFCC_COMMAND_H_

#include <memory>
#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"
#include "features/kaldi_feature_computer.h"

namespace sentio {

absl::Status RunMfccCommand(CommandLine& flags, std::ostream& out);
absl::Status RunFbankCommand(CommandLine& flags, std::ostream& out);

// As above, with the summary written to `summary` instead of standard error.
// The MFCC (or fbank) computer that the Kaldi option flags describe, for audio at
// `sample_rate_hz`; checks that every flag was read, so it is called after the command's own.
absl::StatusOr<std::unique_ptr<KaldiFeatureComputer>> KaldiComputerFromFlags(bool mfcc,
                                                                             CommandLine& flags,
                                                                             int sample_rate_hz);

absl::Status RunKaldiFeatureCommand(bool mfcc, CommandLine& flags, std::ostream& out,
                                    std::ostream& summary);

}  // namespace sentio

#endif  // APPS_MFCC_COMMAND_H_
