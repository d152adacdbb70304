// SlidingWindowStage: cuts each ImuBlock into the full windows of `window` samples every `hop`
// samples (sensing/sliding_windows.h) and emits each as an ImuBlock timestamped at its first
// sample. Windows never span two blocks: a block is one recording segment, and a block shorter
// than a window gives none.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "sensing/sliding_windows.h"
#include "sensing/stage_registry.h"
#include "sensing/status_macros.h"

namespace sentio {
namespace {

class SlidingWindowStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IMU", PayloadType::kImuBlock}};
    contract.outputs = {{"WINDOWS", PayloadType::kImuBlock}};
    contract.options = {{"window", OptionType::kInt, true, std::nullopt},
                        {"hop", OptionType::kInt, true, std::nullopt}};
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    spec_.size = context.GetInt("window");
    spec_.hop = context.GetInt("hop");
    if (spec_.size < 1 || spec_.hop < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "options window=", spec_.size, " and hop=", spec_.hop, " must both be positive"));
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const ImuBlock& block = *context.input().Get<ImuBlock>();
    ASSIGN_OR_RETURN(std::vector<SampleRange> ranges, SlidingWindows(block.num_samples(), spec_));
    const int channels = block.num_channels();
    for (const SampleRange& range : ranges) {
      std::vector<int64_t> timestamps(block.timestamps_us().begin() + range.begin,
                                      block.timestamps_us().begin() + range.end);
      const int64_t start = timestamps.front();
      std::vector<float> samples(block.samples().begin() + range.begin * channels,
                                 block.samples().begin() + range.end * channels);
      ASSIGN_OR_RETURN(ImuBlock window, ImuBlock::Create(block.channel_names(),
                                                         std::move(timestamps),
                                                         std::move(samples)));
      context.Emit(0, Packet::Make(start, std::move(window)));
    }
    return absl::OkStatus();
  }

 private:
  WindowSpec spec_;
};

SENTIO_REGISTER_STAGE(SlidingWindowStage);

}  // namespace
}  // namespace sentio
