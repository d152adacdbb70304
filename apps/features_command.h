// `sentio features`: cuts the recordings of a UEA/sktime .ts file or a timestamped CSV/TSV log
// into sliding windows, computes a named feature set of each window (features/feature_sets.h:
// stats, time, wisdm) and writes the windows as a Weka ARFF data set, the features then the
// recording's class.
//
//   sentio features --data=F.ts --set=NAME --out=F.arff|.csv|.npy (by the name; ARFF for any other)
//   [--window=N] [--hop=N]
//   [--rate_hz=1] sentio features --data=F.csv --time=COLUMN [--class=C] [--ignore=A,B] ...
//   --set=NAME
//   --out=F.arff|.csv|.npy
//
// --model=M declares the class labels of model M (a `sentio train` file), so windows of unlabelled
// data can go to `sentio predict --model=M`. Reading and windowing as apps/series_input.h says
// (--window and --hop in samples; --rate_hz is the sampling rate that a .ts file's timestamps are
// made from, so the time between peaks is in milliseconds of those). Prints a summary; the last
// line is `instances=N`, the number of windows written.
#ifndef APPS_FEATURES_COMMAND_H_
#define APPS_FEATURES_COMMAND_H_

#include <ostream>

#include "absl/status/status.h"
#include "apps/command_line.h"

namespace sentio {

absl::Status RunFeaturesCommand(CommandLine& flags, std::ostream& out);

}  // namespace sentio

#endif  // APPS_FEATURES_COMMAND_H_
