// TsFileSource: replays the cases of a UEA/sktime .ts file as a recording, case after case, on
// two streams: IMU (each case as one ImuBlock) and LABELS (each labelled case's class as a
// SegmentLabel spanning the case). Case timestamps are shifted so that case i starts one sample
// period after case i - 1 ends; the IMU packet's timestamp is its first sample's. Option `replay`
// (sensing/replay_clock.h) paces the cases in real time; `repeat: N` plays the file N times in a
// row, the clock running on (long streams from a short file, e.g. soak tests).
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/option_message.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/ts_file_source.pb.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

class TsFileSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"IMU", PayloadType::kImuBlock}, {"LABELS", PayloadType::kSegmentLabel}};
    contract.options_message = TsFileSourceOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const TsFileSourceOptions options = StageOptions<TsFileSourceOptions>(context);
    TsReadOptions read_options;
    read_options.sample_rate_hz = options.rate_hz();
    if (!(read_options.sample_rate_hz > 0 && read_options.sample_rate_hz <= 1e6)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option rate_hz=", read_options.sample_rate_hz, " must be in (0, 1000000]"));
    }
    period_us_ = std::max<int64_t>(1, std::llround(1e6 / read_options.sample_rate_hz));
    ASSIGN_OR_RETURN(repeat_, RepeatOption(context));
    ASSIGN_OR_RETURN(const ReplayMode replay, ParseReplayMode(options.replay()));
    pacer_.emplace(replay, &SourceClock());
    ASSIGN_OR_RETURN(data_, ReadTsFile(options.path(), read_options));
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const size_t total = data_.cases.size() * repeat_;
    if (next_case_ < total) {
      const TimeSeriesCase& series_case = data_.cases[next_case_ % data_.cases.size()];
      const ImuBlock& block = series_case.series;
      const int64_t offset = next_start_us_ - block.timestamps_us().front();
      std::vector<int64_t> timestamps = block.timestamps_us();
      for (int64_t& t : timestamps) t += offset;
      const int64_t start = timestamps.front(), end = timestamps.back();
      ASSIGN_OR_RETURN(
          ImuBlock shifted,
          ImuBlock::Create(block.channel_names(), std::move(timestamps),
                           std::vector<float>(block.samples().begin(), block.samples().end())));
      pacer_->WaitUntilDue(start, context);
      context.Emit(0, Packet::Make(start, std::move(shifted)));
      if (series_case.label >= 0) {
        context.Emit(1,
                     Packet::Make(start, SegmentLabel{data_.class_labels[series_case.label], end}));
      }
      next_start_us_ = end + period_us_;
      ++next_case_;
    }
    if (next_case_ == total) context.MarkSourceDone();
    return absl::OkStatus();
  }

 private:
  TimeSeriesDataset data_;
  int64_t period_us_ = 1;
  int64_t repeat_ = 1;
  std::optional<ReplayPacer> pacer_;
  size_t next_case_ = 0;
  int64_t next_start_us_ = 0;
};

SENTIO_REGISTER_STAGE(TsFileSource);

}  // namespace
}  // namespace sentio
