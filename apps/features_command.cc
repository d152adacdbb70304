#include "apps/features_command.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "features/feature_sets.h"
#include "features/window_features.h"
#include "sensing/arff_writer.h"
#include "sensing/ts_reader.h"

namespace sentio {

absl::Status RunFeaturesCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(const std::string data_path, flags.GetRequired("data"));
  ASSIGN_OR_RETURN(const std::string set_name, flags.GetRequired("set"));
  ASSIGN_OR_RETURN(const std::string out_path, flags.GetRequired("out"));
  TsReadOptions options;
  ASSIGN_OR_RETURN(options.sample_rate_hz, flags.GetDouble("rate_hz", 1.0));
  const bool has_window = flags.Has("window"), has_hop = flags.Has("hop");
  ASSIGN_OR_RETURN(const int64_t window_flag, flags.GetInt("window", 0));
  ASSIGN_OR_RETURN(const int64_t hop_flag, flags.GetInt("hop", 0));
  RETURN_IF_ERROR(flags.CheckAllRead());
  if (!absl::EndsWithIgnoreCase(data_path, ".ts")) {
    return absl::InvalidArgumentError(
        absl::StrCat(data_path, ": --data must be a UEA/sktime .ts file"));
  }
  ASSIGN_OR_RETURN(const FeatureSet* feature_set, FindFeatureSet(set_name));
  ASSIGN_OR_RETURN(const TimeSeriesDataset data, ReadTsFile(data_path, options));
  if (data.cases.empty()) return absl::InvalidArgumentError(absl::StrCat(data_path, ": no cases"));

  int64_t shortest = data.cases[0].series.num_samples();
  for (const TimeSeriesCase& c : data.cases) shortest = std::min(shortest, c.series.num_samples());
  WindowSpec spec;
  spec.size = has_window ? window_flag : std::max<int64_t>(1, shortest / 2);
  spec.hop = has_hop ? hop_flag : std::max<int64_t>(1, spec.size / 2);
  std::vector<int> all_cases(data.cases.size());
  std::iota(all_cases.begin(), all_cases.end(), 0);
  ASSIGN_OR_RETURN(WindowFeatures windows,
                   ExtractWindowFeatures(data, all_cases, spec, *feature_set));
  windows.windows.relation = absl::StrCat(data.problem_name, "-", feature_set->name());
  RETURN_IF_ERROR(WriteArffFile(windows.windows, out_path));

  out << "Data: " << data.problem_name << ": " << data.cases.size() << " cases, channels ["
      << absl::StrJoin(data.cases[0].series.channel_names(), ", ") << "], shortest " << shortest
      << " samples, " << data.class_labels.size() << " classes\n";
  out << "Feature set: " << feature_set->name() << " (" << feature_set->description() << "), "
      << windows.windows.num_attributes() - 1 << " features\n";
  out << "Windows: " << spec.size << " samples every " << spec.hop << " samples at "
      << options.sample_rate_hz << " Hz\n";
  out << "Wrote " << out_path << "\n";
  out << "instances=" << windows.windows.num_instances() << "\n";
  return absl::OkStatus();
}

}  // namespace sentio
