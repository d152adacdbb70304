// CsvImuFileSource: replays an IMU recording from CSV with a header (sensing/csv_imu_reader.h) as
// ImuBlock packets of `block_size` consecutive samples (the last may be shorter), each stamped
// with its first sample's time. Options: `time_column` and its `time_unit` (s, ms, us, ns),
// `columns` (the comma-separated value columns, which become the channels), `replay`.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "sensing/csv_imu_reader.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class CsvImuFileSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"IMU", PayloadType::kImuBlock}};
    contract.options = {{"path", OptionType::kString, true, std::nullopt},
                        {"time_column", OptionType::kString, true, std::nullopt},
                        {"time_unit", OptionType::kString, false, OptionValue(std::string("s"))},
                        {"columns", OptionType::kString, true, std::nullopt},
                        {"block_size", OptionType::kInt, false, OptionValue(int64_t{50})},
                        ReplayOptionSpec()};
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    block_size_ = context.GetInt("block_size");
    if (block_size_ < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("option block_size=", block_size_, " must be positive"));
    }
    CsvImuColumns columns;
    columns.time_column = context.GetString("time_column");
    ASSIGN_OR_RETURN(columns.time_unit, ParseTimeUnit(context.GetString("time_unit")));
    for (absl::string_view name : absl::StrSplit(context.GetString("columns"), ',')) {
      name = absl::StripAsciiWhitespace(name);
      if (name.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "option columns='", context.GetString("columns"), "' has an empty column name"));
      }
      columns.value_columns.emplace_back(name);
    }
    ASSIGN_OR_RETURN(const ReplayMode replay, ParseReplayMode(context.GetString("replay")));
    pacer_.emplace(replay, &SourceClock());
    ASSIGN_OR_RETURN(recording_, ReadCsvImuFile(context.GetString("path"), columns));
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
                                                        std::move(timestamps),
                                                        std::move(samples)));
      const int64_t start = block.timestamps_us().front();
      pacer_->WaitUntilDue(start);
      context.Emit(0, Packet::Make(start, std::move(block)));
      next_sample_ = end;
    }
    if (next_sample_ == recording.num_samples()) context.MarkSourceDone();
    return absl::OkStatus();
  }

 private:
  int64_t block_size_ = 1;
  std::optional<ImuBlock> recording_;
  std::optional<ReplayPacer> pacer_;
  int64_t next_sample_ = 0;
};

SENTIO_REGISTER_STAGE(CsvImuFileSource);

}  // namespace
}  // namespace sentio
