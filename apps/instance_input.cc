#include "apps/instance_input.h"

#include <utility>

#include "base/status_macros.h"
#include "features/feature_sets.h"

namespace sentio {

absl::StatusOr<InstanceFlags> ReadInstanceFlags(const std::string& data_path, CommandLine& flags) {
  InstanceFlags instance_flags;
  instance_flags.series = IsSeriesInput(data_path, flags);
  if (instance_flags.series) {
    ASSIGN_OR_RETURN(instance_flags.series_flags, ReadSeriesFlags(flags));
    instance_flags.set_name = flags.GetString("set", "stats");
  } else {
    instance_flags.table_flags = ReadTableFlags(flags, /*with_group=*/false);
  }
  return instance_flags;
}

absl::StatusOr<ClassifierTable> ReadInstances(const std::string& data_path,
                                              const InstanceFlags& flags,
                                              const std::vector<std::string>* class_labels,
                                              std::ostream& out) {
  if (!flags.series) return ReadClassifierTable(data_path, flags.table_flags);
  ASSIGN_OR_RETURN(const FeatureSet* feature_set, FindFeatureSet(flags.set_name));
  ASSIGN_OR_RETURN(SeriesWindows windows,
                   ReadSeriesWindows(data_path, flags.series_flags, *feature_set, class_labels));
  PrintSeriesWindows(windows, *feature_set, out);
  ClassifierTable table;
  table.data = std::move(windows.features.windows);
  return table;
}

}  // namespace sentio
