// Writing frame-level features (MFCC, fbank) of several utterances to one file, in the formats
// speech tools read, chosen by the file's name:
//   .ark.txt  Kaldi's text archive, as `copy-feats ark:- ark,t:F` writes it: per utterance
//             "ID  [", one line per frame, the last closed by " ]"; also for any name but the
//             two below (e.g. /dev/stdout);
//   .csv      a header "utterance,frame,c0,c1,..." and one row per frame;
//   .npy      one utterance only: a float32 array of frames x values (NumPy's format).
// The file is written whole or not at all (base/file_writing.h).
#ifndef FEATURES_FEATURE_FRAMES_FILE_H_
#define FEATURES_FEATURE_FRAMES_FILE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "features/kaldi_feature_computer.h"

namespace sentio {

struct UtteranceFeatures {
  std::string id;  // Kaldi's utterance id: no spaces
  FeatureFrames frames;
};

// Fails naming the path for an id with white space, several utterances in an .npy or frames of
// different widths.
absl::Status WriteFeatureFrames(const std::vector<UtteranceFeatures>& utterances,
                                const std::string& path);

}  // namespace sentio

#endif  // FEATURES_FEATURE_FRAMES_FILE_H_
