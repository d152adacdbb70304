#include "apps/features_command.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "apps/audio_features_command.h"
#include "apps/series_input.h"
#include "base/status_macros.h"
#include "classifiers/model_file.h"
#include "features/feature_sets.h"
#include "sensing/table_writer.h"

namespace sentio {

absl::Status RunFeaturesCommand(CommandLine& flags, std::ostream& out) {
  if (flags.Has("wav_dir")) return RunAudioFeaturesCommand(flags, out);
  ASSIGN_OR_RETURN(const std::string data_path, flags.GetRequired("data"));
  ASSIGN_OR_RETURN(const std::string set_name, flags.GetRequired("set"));
  ASSIGN_OR_RETURN(const std::string out_path, flags.GetRequired("out"));
  if (!IsSeriesInput(data_path, flags)) {
    return absl::InvalidArgumentError(
        absl::StrCat(data_path,
                     ": --data must be a UEA/sktime .ts file or a timestamped CSV/TSV log with "
                     "--time=COLUMN naming its time column"));
  }
  ASSIGN_OR_RETURN(const SeriesFlags series_flags, ReadSeriesFlags(flags));
  const std::string model_path = flags.GetString("model", "");
  RETURN_IF_ERROR(flags.CheckAllRead());
  ASSIGN_OR_RETURN(const FeatureSet* feature_set, FindFeatureSet(set_name));
  // With a model, the class declares its labels, so `sentio predict` takes unlabelled windows.
  std::vector<std::string> model_labels;
  if (!model_path.empty()) {
    ASSIGN_OR_RETURN(const LoadedModel model, LoadModelFile(model_path));
    model_labels = model.header.class_attribute().values;
  }
  ASSIGN_OR_RETURN(const SeriesWindows windows,
                   ReadSeriesWindows(data_path, series_flags, *feature_set,
                                     model_path.empty() ? nullptr : &model_labels));
  RETURN_IF_ERROR(WriteTableFile(windows.features.windows, out_path));
  PrintSeriesWindows(windows, *feature_set, out);
  out << "Wrote " << out_path << "\n";
  out << "instances=" << windows.features.windows.num_instances() << "\n";
  return absl::OkStatus();
}

}  // namespace sentio
