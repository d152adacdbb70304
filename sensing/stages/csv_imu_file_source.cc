// CsvImuFileSource: replays an IMU recording from CSV with a header (sensing/csv_imu_reader.h) as
// ImuBlock packets of `block_size` consecutive samples (the last may be shorter), each stamped
// with its first sample's time. Options: `time_column` and its `time_unit` (s, ms, us, ns),
// `columns` (the comma-separated value columns, which become the channels, named after them or
// by `channel_names`, e.g. to match a model trained on other files' channel names), `replay`, and
// `label_column`: each run of samples with the same non-empty label becomes a SegmentLabel on
// LABELS (from its first sample's time to its last's), sent with the block where the run starts.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "sensing/csv_imu_reader.h"
#include "sensing/option_message.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/csv_imu_file_source.pb.h"

namespace sentio {
namespace {

class CsvImuFileSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"IMU", PayloadType::kImuBlock}, {"LABELS", PayloadType::kSegmentLabel}};
    contract.options_message = CsvImuFileSourceOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const CsvImuFileSourceOptions options = StageOptions<CsvImuFileSourceOptions>(context);
    block_size_ = options.block_size();
    if (block_size_ < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("option block_size=", block_size_, " must be positive"));
    }
    CsvImuColumns columns;
    columns.time_column = options.time_column();
    ASSIGN_OR_RETURN(columns.time_unit, ParseTimeUnit(options.time_unit()));
    for (absl::string_view name : absl::StrSplit(options.columns(), ',')) {
      name = absl::StripAsciiWhitespace(name);
      if (name.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("option columns='", options.columns(), "' has an empty column name"));
      }
      columns.value_columns.emplace_back(name);
    }
    ASSIGN_OR_RETURN(const ReplayMode replay, ParseReplayMode(options.replay()));
    pacer_.emplace(replay, &SourceClock());
    columns.label_column = options.label_column();
    ASSIGN_OR_RETURN(LabelledImuRecording recording,
                     ReadLabelledCsvImuFile(options.path(), columns));
    recording_ = std::move(recording.block);
    labels_ = std::move(recording.labels);
    if (const std::string names = options.channel_names(); !names.empty()) {
      std::vector<std::string> channels = absl::StrSplit(names, ',');
      for (std::string& name : channels) name = std::string(absl::StripAsciiWhitespace(name));
      if (channels.size() != columns.value_columns.size()) {
        return absl::InvalidArgumentError(absl::StrCat("option channel_names='", names, "' names ",
                                                       channels.size(), " channels for ",
                                                       columns.value_columns.size(), " columns"));
      }
      ASSIGN_OR_RETURN(
          recording_,
          ImuBlock::Create(std::move(channels), recording_->timestamps_us(),
                           {recording_->samples().begin(), recording_->samples().end()}));
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const ImuBlock& recording = *recording_;
    if (next_sample_ < recording.num_samples()) {
      const int64_t begin = next_sample_;
      const int64_t end = std::min(recording.num_samples(), begin + block_size_);
      const int channels = recording.num_channels();
      std::vector<int64_t> timestamps(recording.timestamps_us().begin() + begin,
                                      recording.timestamps_us().begin() + end);
      std::vector<float> samples(recording.samples().begin() + begin * channels,
                                 recording.samples().begin() + end * channels);
      ASSIGN_OR_RETURN(ImuBlock block, ImuBlock::Create(recording.channel_names(),
                                                        std::move(timestamps), std::move(samples)));
      const int64_t start = block.timestamps_us().front();
      pacer_->WaitUntilDue(start, context);
      context.Emit(0, Packet::Make(start, std::move(block)));
      EmitLabelRuns(context, begin, end);
      next_sample_ = end;
    }
    if (next_sample_ == recording.num_samples()) context.MarkSourceDone();
    return absl::OkStatus();
  }

 private:
  // The label runs that start at samples [begin, end).
  void EmitLabelRuns(StageContext& context, int64_t begin, int64_t end) {
    const std::vector<int64_t>& times = recording_->timestamps_us();
    const int64_t size = static_cast<int64_t>(labels_.size());
    for (int64_t i = begin; i < std::min(end, size); ++i) {
      if (labels_[i].empty() || (i > 0 && labels_[i] == labels_[i - 1])) continue;
      int64_t last = i;
      while (last + 1 < size && labels_[last + 1] == labels_[i]) ++last;
      context.Emit(1, Packet::Make(times[i], SegmentLabel{labels_[i], times[last], ""}));
    }
  }

  int64_t block_size_ = 1;
  std::optional<ImuBlock> recording_;
  std::vector<std::string> labels_;  // per sample, with label_column
  std::optional<ReplayPacer> pacer_;
  int64_t next_sample_ = 0;
};

SENTIO_REGISTER_STAGE(CsvImuFileSource);

}  // namespace
}  // namespace sentio
