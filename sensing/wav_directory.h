// The WAV files of a directory that make up a data set: file names matched by a regular
// expression, in name order, each with a label taken from its name (the first capture group of
// another expression, e.g. "^([0-9])_" for the Free Spoken Digit Dataset's "7_theo_12.wav").
// Regular expressions are ECMAScript (std::regex).
#ifndef SENSING_WAV_DIRECTORY_H_
#define SENSING_WAV_DIRECTORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio {

struct LabelledFile {
  std::string path;
  std::string name;   // the file name without the directory
  std::string label;  // empty without a label expression
};

// The regular files in `directory` whose names match `file_regex` entirely. With a non-empty
// `label_regex`, each name must contain a match with a capture group, which gives the label.
// Errors name the directory and expression: not a directory, an invalid expression, no file
// matching, a label expression without a group, a file name it does not match (naming the file).
absl::StatusOr<std::vector<LabelledFile>> ListLabelledFiles(const std::string& directory,
                                                            const std::string& file_regex,
                                                            const std::string& label_regex);

}  // namespace sentio

#endif  // SENSING_WAV_DIRECTORY_H_
