// GapDetectionStage: finds gaps in an IMU stream, spacings of more than `max_periods` nominal
// periods (1 / `rate_hz`) between consecutive samples of a block (sensing/gap_detection.h; blocks
// are separate segments, so the time between two is no gap). With mode "split" each block is cut
// at its gaps into separate blocks on IMU; with mode "flag" blocks pass unchanged and each gap is
// reported on GAPS as a SegmentLabel "gap" from the last sample before it to the first after it.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/gap_detection.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/gap_detection_stage.pb.h"

namespace sentio {
namespace {

class GapDetectionStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IMU", PayloadType::kImuBlock}};
    contract.outputs = {{"IMU", PayloadType::kImuBlock}, {"GAPS", PayloadType::kSegmentLabel}};
    contract.options_message = GapDetectionStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const GapDetectionStageOptions options = StageOptions<GapDetectionStageOptions>(context);
    const double rate_hz = options.rate_hz();
    const double max_periods = options.max_periods();
    if (!(rate_hz > 0 && rate_hz <= 1e6)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option rate_hz=", rate_hz, " must be in (0, 1000000]"));
    }
    if (!(max_periods >= 1 && max_periods <= 1e6)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option max_periods=", max_periods, " must be in [1, 1000000]"));
    }
    max_gap_us_ = std::llround(max_periods * 1e6 / rate_hz);
    const std::string& mode = options.mode();
    if (mode != "split" && mode != "flag") {
      return absl::InvalidArgumentError(
          absl::StrCat("option mode='", mode, "' must be \"split\" or \"flag\""));
    }
    split_ = mode == "split";
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    const ImuBlock& block = *packet.Get<ImuBlock>();
    if (block.num_samples() == 0) return absl::OkStatus();
    if (split_) {
      ASSIGN_OR_RETURN(std::vector<ImuBlock> runs, SplitAtGaps(block, max_gap_us_));
      for (ImuBlock& run : runs) {
        const int64_t start = run.timestamps_us().front();
        context.Emit(0, Packet::Make(start, std::move(run)));
      }
      return absl::OkStatus();
    }
    const std::vector<int64_t>& times = block.timestamps_us();
    for (int64_t i : FindGaps(times, max_gap_us_)) {
      context.Emit(1, Packet::Make(times[i - 1], SegmentLabel{"gap", times[i]}));
    }
    context.Emit(0, packet);
    return absl::OkStatus();
  }

 private:
  int64_t max_gap_us_ = 0;
  bool split_ = true;
};

SENTIO_REGISTER_STAGE(GapDetectionStage);

}  // namespace
}  // namespace sentio
