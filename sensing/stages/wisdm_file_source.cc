// WisdmFileSource: replays a WISDM raw accelerometer file (sensing/wisdm_reader.h) segment by
// segment on two streams: IMU (each user-and-activity segment as one ImuBlock with channels
// x, y, z in m/s^2) and LABELS (the segment's activity as a SegmentLabel spanning it), like
// TsFileSource. Segments keep their recorded times while those increase; a segment that starts
// before the previous one ended (another user's phone) is shifted to start one nominal period
// (`rate_hz`, 20 Hz in WISDM) after it. Option `policy` says what bad lines do ("reject" or
// "skip"; skipped lines are counted and reported when the source closes), `replay` paces packets.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/option_message.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/wisdm_file_source.pb.h"
#include "sensing/wisdm_reader.h"

namespace sentio {
namespace {

class WisdmFileSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"IMU", PayloadType::kImuBlock}, {"LABELS", PayloadType::kSegmentLabel}};
    contract.options_message = WisdmFileSourceOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const WisdmFileSourceOptions options = StageOptions<WisdmFileSourceOptions>(context);
    const double rate_hz = options.rate_hz();
    if (!(rate_hz > 0 && rate_hz <= 1e6)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option rate_hz=", rate_hz, " must be in (0, 1000000]"));
    }
    period_us_ = std::max<int64_t>(1, std::llround(1e6 / rate_hz));
    ASSIGN_OR_RETURN(const BadLinePolicy policy, ParseBadLinePolicy(options.policy()));
    ASSIGN_OR_RETURN(const ReplayMode replay, ParseReplayMode(options.replay()));
    pacer_.emplace(replay, &SourceClock());
    ASSIGN_OR_RETURN(recording_, ReadWisdmFile(options.path(), policy));
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    if (next_segment_ < recording_.segments.size()) {
      const WisdmSegment& segment = recording_.segments[next_segment_];
      std::vector<int64_t> timestamps = segment.readings.timestamps_us();
      if (last_end_us_ && timestamps.front() <= *last_end_us_) {
        const int64_t offset = *last_end_us_ + period_us_ - timestamps.front();
        for (int64_t& t : timestamps) t += offset;
      }
      const int64_t start = timestamps.front(), end = timestamps.back();
      ASSIGN_OR_RETURN(ImuBlock block,
                       ImuBlock::Create(segment.readings.channel_names(), std::move(timestamps),
                                        std::vector<float>(segment.readings.samples().begin(),
                                                           segment.readings.samples().end())));
      pacer_->WaitUntilDue(start, context);
      context.Emit(0, Packet::Make(start, std::move(block)));
      context.Emit(1, Packet::Make(start, SegmentLabel{segment.activity, end}));
      last_end_us_ = end;
      ++next_segment_;
    }
    if (next_segment_ == recording_.segments.size()) context.MarkSourceDone();
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    if (recording_.total_skipped() > 0) {
      context.out() << context.node_name() << ": " << recording_.SkipReport() << "\n";
    }
    return absl::OkStatus();
  }

 private:
  WisdmRecording recording_;
  int64_t period_us_ = 1;
  std::optional<ReplayPacer> pacer_;
  size_t next_segment_ = 0;
  std::optional<int64_t> last_end_us_;
};

SENTIO_REGISTER_STAGE(WisdmFileSource);

}  // namespace
}  // namespace sentio
