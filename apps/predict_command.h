// `sentio predict`: apply a model file written by `sentio train` to a table of instances.
//
//   sentio predict --model=M --data=F [--format=text|csv|json --out=R]
//
// F (.arff or .csv) must have the header the model was trained on. With --format=text (the
// default) prints one line per instance (its number from 1, the predicted label and its
// probability); with csv or json writes to R (whole or not at all) one record per instance with
// every class's probability and the known class (CSV columns instance, predicted, p_<class>...,
// actual; JSON lines {"instance","predicted","probabilities":{class: p},"actual"}), and prints only
// the summary. The last line is `accuracy=0.xxxx` over the instances with a known class, or
// `predictions=N` when none has one.
#ifndef APPS_PREDICT_COMMAND_H_
#define APPS_PREDICT_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunPredictCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_PREDICT_COMMAND_H_
