// `sentio features`: cuts the recordings of a UEA/sktime .ts file into sliding windows, computes a
// named feature set of each window (features/feature_sets.h: stats, time, wisdm) and writes the
// windows as a Weka ARFF data set, the features then the recording's class.
//
//   sentio features --data=F.ts --set=NAME --out=F.arff [--window=N] [--hop=N] [--rate_hz=1]
//
// --window and --hop are in samples (default: half the shortest recording, hop half a window, as
// `sentio eval` cuts .ts data); --rate_hz is the sampling rate that timestamps are made from
// (the time between peaks is in milliseconds of those). Prints a summary; the last line is
// `instances=N`, the number of windows written.
#ifndef APPS_FEATURES_COMMAND_H_
#define APPS_FEATURES_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunFeaturesCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_FEATURES_COMMAND_H_
