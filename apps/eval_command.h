// `sentio eval`: train a classifier and measure it, on a test file or by cross-validation.
//
//   sentio eval --data=F [--test=F2] [--classifier=knn] [--folds=10] [--seed=1]
//               [--window=N --hop=N] [--rate_hz=R] [classifier options, e.g. --k=3]
//
// F is a Weka .arff, a CSV with a header (class in the last column) or a UEA .ts of labelled
// recordings; .ts cases go through windows and per-channel statistics (apps/har). Prints a report
// whose last line is `accuracy=0.xxxx`.
#ifndef APPS_EVAL_COMMAND_H_
#define APPS_EVAL_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunEvalCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_EVAL_COMMAND_H_
