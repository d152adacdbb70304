// ChannelStatsStage: the pipeline stage around features/channel_stats.h. Each ImuBlock window
// becomes one FeatureVector of the six statistics of every channel, named like
// ChannelStatsFeatureNames, at the window's timestamp.
#include <string>
#include <utility>
#include <vector>

#include "base/status_macros.h"
#include "features/channel_stats.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class ChannelStatsStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"WINDOWS", PayloadType::kImuBlock}};
    contract.outputs = {{"FEATURES", PayloadType::kFeatureVector}};
    return contract;
  }

  absl::Status Process(StageContext& context) override {
    const ImuBlock& window = *context.input().Get<ImuBlock>();
    ASSIGN_OR_RETURN(std::vector<double> values,
                     ChannelStatsFeatures(window, SampleRange{0, window.num_samples()}));
    if (window.channel_names() != channels_) {
      channels_ = window.channel_names();
      names_ = ChannelStatsFeatureNames(channels_);
    }
    context.Emit(0, Packet::Make(context.input().timestamp_us(),
                                 FeatureVector{std::move(values), names_}));
    return absl::OkStatus();
  }

 private:
  std::vector<std::string> channels_;
  std::vector<std::string> names_;
};

SENTIO_REGISTER_STAGE(ChannelStatsStage);

}  // namespace
}  // namespace sentio
