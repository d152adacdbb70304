// `sentio features --wav_dir=D`: a per-file feature table for a directory of WAV files, the
// input classic classifiers need from variable-length audio: each file's Kaldi MFCC or fbank
// frames pooled into the mean and standard deviation of every coefficient, one instance per
// file, labelled from its name.
//
//   sentio features --wav_dir=D --set=mfcc-stats|fbank-stats --out=F.arff|.csv|.npy (by the name;
//   ARFF for any other) [--files=REGEX]
//       [--label_regex=R (first group: the label, e.g. "^([0-9])_")] [--channel=0]
//       [any option of sentio mfcc/fbank, e.g. --num_ceps=13]
//
// Every file must have the first one's sampling rate. The last line is `instances=N`.
#ifndef APPS_AUDIO_FEATURES_COMMAND_H_
#define APPS_AUDIO_FEATURES_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunAudioFeaturesCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_AUDIO_FEATURES_COMMAND_H_
