// `sentio train`: train a classifier on a labelled table and save it as a model file
// (classifiers/model_file.h) that `sentio predict` applies to new data.
//
//   sentio train --data=F --classifier=NAME [classifier options, e.g. --k=3] --out=M
//
// F is a Weka .arff or a CSV with a header (class in the last column); M is binary protobuf, or
// protobuf text format when it ends in .pbtxt. The last line is `model=M`.
#ifndef APPS_TRAIN_COMMAND_H_
#define APPS_TRAIN_COMMAND_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "apps/command_line.h"
#include "sensing/dataset.h"

namespace sentio {

absl::Status RunTrainCommand(CommandLine& flags, std::ostream& out);

// The .arff or .csv table at `path`, as `sentio train` and `sentio predict` read it.
absl::StatusOr<Dataset> ReadClassifierTable(const std::string& path);

}  // namespace sentio

#endif  // APPS_TRAIN_COMMAND_H_
