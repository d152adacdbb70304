#include "features/window_features.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

absl::StatusOr<Dataset> HeaderFor(const TimeSeriesDataset& data,
                                  const std::vector<std::string>& channel_names,
                                  const FeatureSet& features) {
  Dataset header;
  header.relation = absl::StrCat(data.problem_name, "-windows");
  ASSIGN_OR_RETURN(const std::vector<std::string> names, features.FeatureNames(channel_names));
  for (const std::string& name : names) {
    header.attributes.push_back({name, AttributeType::kNumeric, {}, ""});
  }
  header.attributes.push_back({"class", AttributeType::kNominal, data.class_labels, ""});
  header.class_index = header.num_attributes() - 1;
  return header;
}

}  // namespace

absl::StatusOr<WindowFeatures> ExtractWindowFeatures(const TimeSeriesDataset& data,
                                                     const std::vector<int>& case_indices,
                                                     const WindowSpec& spec,
                                                     const FeatureSet& features) {
  if (case_indices.empty()) return absl::InvalidArgumentError("no cases to cut into windows");
  const std::vector<std::string>& channels = data.cases[case_indices[0]].series.channel_names();
  WindowFeatures result;
  ASSIGN_OR_RETURN(result.windows, HeaderFor(data, channels, features));
  for (int c : case_indices) {
    const TimeSeriesCase& series_case = data.cases[c];
    if (series_case.series.channel_names() != channels) {
      return absl::InvalidArgumentError(absl::StrCat(
          data.problem_name, " case ", c, " has channels [",
          absl::StrJoin(series_case.series.channel_names(), ", "), "], expected [",
          absl::StrJoin(channels, ", "), "]"));
    }
    ASSIGN_OR_RETURN(std::vector<SampleRange> ranges,
                     SlidingWindows(series_case.series.num_samples(), spec));
    if (ranges.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          data.problem_name, " case ", c, " has ", series_case.series.num_samples(),
          " samples, fewer than one window of ", spec.size));
    }
    for (const SampleRange& range : ranges) {
      ASSIGN_OR_RETURN(std::vector<double> values, features.Compute(series_case.series, range));
      values.push_back(series_case.label < 0 ? kMissingValue : series_case.label);
      result.windows.instances.push_back({std::move(values), 1.0});
      result.case_of_window.push_back(c);
    }
  }
  return result;
}

absl::StatusOr<WindowFeatures> ExtractWindowFeatures(const TimeSeriesDataset& data,
                                                     const std::vector<int>& case_indices,
                                                     const WindowSpec& spec) {
  ASSIGN_OR_RETURN(const FeatureSet* stats, FindFeatureSet("stats"));
  return ExtractWindowFeatures(data, case_indices, spec, *stats);
}

}  // namespace sentio
