#include "apps/audio_features_command.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "apps/mfcc_command.h"
#include "base/progress.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"
#include "sensing/table_writer.h"
#include "sensing/wav_directory.h"
#include "sensing/wav_reader.h"

namespace sentio {
namespace {

// The mean, then the population standard deviation, of each coefficient over `frames`.
std::vector<double> MeanAndStd(const FeatureFrames& frames, int dim) {
  std::vector<double> sum(dim, 0), sum_squares(dim, 0);
  for (const std::vector<float>& frame : frames) {
    for (int d = 0; d < dim; ++d) {
      sum[d] += frame[d];
      sum_squares[d] += static_cast<double>(frame[d]) * frame[d];
    }
  }
  std::vector<double> stats(2 * dim);
  const double n = static_cast<double>(frames.size());
  for (int d = 0; d < dim; ++d) {
    const double mean = sum[d] / n;
    stats[d] = mean;
    stats[dim + d] = std::sqrt(std::max(0.0, sum_squares[d] / n - mean * mean));
  }
  return stats;
}

}  // namespace

absl::Status RunAudioFeaturesCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(const std::string directory, flags.GetRequired("wav_dir"));
  ASSIGN_OR_RETURN(const std::string set_name, flags.GetRequired("set"));
  ASSIGN_OR_RETURN(const std::string out_path, flags.GetRequired("out"));
  const std::string files_regex = flags.GetString("files", ".*\\.[wW][aA][vV]");
  const std::string label_regex = flags.GetString("label_regex", "");
  ASSIGN_OR_RETURN(const int64_t channel, flags.GetInt("channel", 0));
  if (set_name != "mfcc-stats" && set_name != "fbank-stats") {
    return absl::InvalidArgumentError(
        absl::StrCat("--set=", set_name, ": audio feature sets are mfcc-stats and fbank-stats"));
  }
  const bool mfcc = set_name == "mfcc-stats";
  ASSIGN_OR_RETURN(const std::vector<LabelledFile> files,
                   ListLabelledFiles(directory, files_regex, label_regex));

  std::unique_ptr<KaldiFeatureComputer> computer;
  int sample_rate_hz = 0;
  Dataset table;
  table.relation = absl::StrCat(FileStem(absl::StripSuffix(directory, "/")), "-", set_name);
  Attribute class_attribute;
  class_attribute.name = "class";
  class_attribute.type = AttributeType::kNominal;
  std::unordered_map<std::string, int> label_index;
  int64_t total_frames = 0;
  ProgressLine progress("features", "file", static_cast<int64_t>(files.size()));
  for (const LabelledFile& file : files) {
    ASSIGN_OR_RETURN(const AudioClip clip, ReadWavFile(file.path));
    if (channel < 0 || channel >= clip.channels) {
      return absl::InvalidArgumentError(absl::StrCat("--channel=", channel, ": ", file.path,
                                                     " has ", clip.channels, " channel(s)"));
    }
    if (computer == nullptr) {
      sample_rate_hz = clip.sample_rate_hz;
      ASSIGN_OR_RETURN(computer, KaldiComputerFromFlags(mfcc, flags, sample_rate_hz));
    } else if (clip.sample_rate_hz != sample_rate_hz) {
      return absl::InvalidArgumentError(absl::StrCat(file.path, ": ", clip.sample_rate_hz,
                                                     " Hz, but ", files[0].path, " is ",
                                                     sample_rate_hz, " Hz"));
    }
    absl::StatusOr<FeatureFrames> frames =
        computer->Compute(KaldiScaledChannel(clip, static_cast<int>(channel)));
    if (!frames.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(file.path, ": ", frames.status().message()));
    }
    if (frames->empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(file.path, ": shorter than one frame, so it has no features"));
    }
    total_frames += static_cast<int64_t>(frames->size());
    Instance instance;
    instance.values = MeanAndStd(*frames, computer->dim());
    if (file.label.empty()) {
      instance.values.push_back(kMissingValue);
    } else {
      const auto [it, inserted] =
          label_index.emplace(file.label, static_cast<int>(class_attribute.values.size()));
      if (inserted) class_attribute.values.push_back(file.label);
      instance.values.push_back(it->second);
    }
    table.instances.push_back(std::move(instance));
    progress.Advance();
  }
  for (const char* stat : {"mean", "std"}) {
    for (int d = 0; d < computer->dim(); ++d) {
      table.attributes.push_back(
          {absl::StrCat("c", d, ".", stat), AttributeType::kNumeric, {}, ""});
    }
  }
  table.attributes.push_back(std::move(class_attribute));
  table.class_index = table.num_attributes() - 1;
  RETURN_IF_ERROR(WriteTableFile(table, out_path));

  out << "Data: " << directory << ": " << files.size() << " WAV files at " << sample_rate_hz
      << " Hz, " << total_frames << " frames, " << table.class_attribute().values.size()
      << " labels" << (label_regex.empty() ? "" : absl::StrCat(" from /", label_regex, "/"))
      << "\n";
  out << "Feature set: " << set_name << " (mean and standard deviation of each of the "
      << computer->dim() << " Kaldi " << (mfcc ? "MFCC" : "fbank")
      << " values over a file's frames), " << 2 * computer->dim() << " features\n";
  out << "Wrote " << out_path << "\n";
  out << "instances=" << table.num_instances() << "\n";
  return absl::OkStatus();
}

}  // namespace sentio
