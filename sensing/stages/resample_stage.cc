// ResampleStage: puts an IMU stream with irregular timestamps onto a uniform `rate_hz` grid by
// linear interpolation (sensing/resampling.h). Each block is one recording segment and is
// resampled on its own, from its first sample; the output block keeps that first time.
#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/option_message.h"
#include "sensing/resampling.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/resample_stage.pb.h"

namespace sentio {
namespace {

class ResampleStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IMU", PayloadType::kImuBlock}};
    contract.outputs = {{"RESAMPLED", PayloadType::kImuBlock}};
    contract.options_message = ResampleStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const ResampleStageOptions options = StageOptions<ResampleStageOptions>(context);
    const double rate_hz = options.rate_hz();
    if (!(rate_hz > 0 && rate_hz <= 1e6)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option rate_hz=", rate_hz, " must be in (0, 1000000]"));
    }
    period_us_ = std::max<int64_t>(1, std::llround(1e6 / rate_hz));
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const ImuBlock& block = *context.input().Get<ImuBlock>();
    if (block.num_samples() == 0) return absl::OkStatus();
    ASSIGN_OR_RETURN(ImuBlock resampled, ResampleLinear(block, period_us_));
    context.Emit(0, Packet::Make(context.input().timestamp_us(), std::move(resampled)));
    return absl::OkStatus();
  }

 private:
  int64_t period_us_ = 1;
};

SENTIO_REGISTER_STAGE(ResampleStage);

}  // namespace
}  // namespace sentio
