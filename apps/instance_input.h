// How `sentio train` and `sentio predict` take their instances: a table (.arff, .csv, .tsv; the
// column flags of apps/classifier_table.h), or the window features of recordings (a .ts file, or
// a timestamped CSV log with --time; apps/series_input.h) described by --set (default stats).
#ifndef APPS_INSTANCE_INPUT_H_
#define APPS_INSTANCE_INPUT_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "apps/classifier_table.h"
#include "apps/command_line.h"
#include "apps/series_input.h"

namespace sentio {

struct InstanceFlags {
  bool series = false;
  SeriesFlags series_flags;  // recordings
  std::string set_name;      // recordings: the feature set of each window
  TableFlags table_flags;    // tables
};

// Reads the flags that say how `data_path` becomes instances.
absl::StatusOr<InstanceFlags> ReadInstanceFlags(const std::string& data_path, CommandLine& flags);

// The instances of `data_path`. Recordings are windowed and described (the summary printed to
// `out`) and, with `class_labels` (a model's), labelled with those classes.
absl::StatusOr<ClassifierTable> ReadInstances(const std::string& data_path,
                                              const InstanceFlags& flags,
                                              const std::vector<std::string>* class_labels,
                                              std::ostream& out);

}  // namespace sentio

#endif  // APPS_INSTANCE_INPUT_H_
