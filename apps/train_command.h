// `sentio train`: train a classifier on a labelled table and save it as a model file
// (classifiers/model_file.h) that `sentio predict` applies to new data.
//
//   sentio train --data=F [--class=C] [--ignore=A,B] --classifier=NAME [classifier options, e.g.
//       --k=3] --out=M
//
// F is a Weka .arff or a CSV/TSV with a header (apps/classifier_table.h: the class in the last
// column unless --class names it); M is binary protobuf, or protobuf text format when it ends in
// .pbtxt. The last line is `model=M`.
#ifndef APPS_TRAIN_COMMAND_H_
#define APPS_TRAIN_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunTrainCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_TRAIN_COMMAND_H_
