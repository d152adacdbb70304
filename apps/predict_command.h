// `sentio predict`: apply a model file written by `sentio train` to a table of instances.
//
//   sentio predict --model=M --data=F
//
// F (.arff or .csv) must have the header the model was trained on. Prints one line per instance
// (its number from 1, the predicted label and its probability); the last line is
// `accuracy=0.xxxx` over the instances with a known class, or `predictions=N` when none has one.
#ifndef APPS_PREDICT_COMMAND_H_
#define APPS_PREDICT_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunPredictCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_PREDICT_COMMAND_H_
