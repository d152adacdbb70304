// `sentio mfcc` and `sentio fbank`: Kaldi `compute-mfcc-feats` / `compute-fbank-feats` features
// (defaults, dither 0) of WAV files.
//
//   sentio mfcc --wav=F [--wav=F2 ...] [--wav_list=SCP] [--out=F.ark.txt|.csv|.npy]
//               [--report=DIR] [--num_ceps=13] [--cepstral_lifter=22] [--use_energy=true]
//               [--raw_energy=true] [common options]
//   sentio fbank --wav=F [--use_energy=false] [--raw_energy=true] [common options]
//   common options: [--frame_length_ms=25] [--frame_shift_ms=10] [--num_mel_bins=23]
//               [--low_freq=20] [--high_freq=0 (<= 0: offset from Nyquist)]
//               [--preemphasis_coefficient=0.97] [--window_type=povey] [--snip_edges=true]
//               [--remove_dc_offset=true] [--channel=0]
//
// With one WAV and no --out, standard output is one frame per line, values space-separated; with
// --out the frames go to that file (features/feature_frames_file.h: a Kaldi text archive, CSV or
// .npy), so they never share standard output with the summary. Several WAVs (--wav repeated, or
// --wav_list in Kaldi's scp form "ID PATH" or "PATH" per line) need --out. The last line is
// `frames=N` (all files); a one-line summary of a single file goes to standard error. Samples are
// scaled to 16-bit integer range, as Kaldi reads WAV. Audio shorter than one frame gives `frames=0`
// (Kaldi's behaviour), said in the summary.
#ifndef APPS_MFCC_COMMAND_H_
#define APPS_MFCC_COMMAND_H_

#include <memory>
#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "apps/command_line.h"
#include "features/kaldi_feature_computer.h"
#include "sensing/wav_reader.h"

namespace sentio {

absl::Status RunMfccCommand(CommandLine& flags, std::ostream& out);
absl::Status RunFbankCommand(CommandLine& flags, std::ostream& out);

// As above, with the summary written to `summary` instead of standard error.
// The MFCC (or fbank) computer that the Kaldi option flags describe, for audio at
// `sample_rate_hz`; checks that every flag was read, so it is called after the command's own.
absl::StatusOr<std::unique_ptr<KaldiFeatureComputer>> KaldiComputerFromFlags(bool mfcc,
                                                                             CommandLine& flags,
                                                                             int sample_rate_hz);

// One channel of `clip` at Kaldi's 16-bit integer scale.
std::vector<float> KaldiScaledChannel(const AudioClip& clip, int channel);

absl::Status RunKaldiFeatureCommand(bool mfcc, CommandLine& flags, std::ostream& out,
                                    std::ostream& summary);

}  // namespace sentio

#endif  // APPS_MFCC_COMMAND_H_
