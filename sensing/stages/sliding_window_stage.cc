// SlidingWindowStage: cuts an IMU stream into full windows, either of `window` samples every `hop`
// samples, or of `window_us` microseconds every `hop_us` microseconds (for irregular sample
// times; sensing/sliding_windows.h), and emits each as an ImuBlock timestamped at its first
// sample.
//
// By default each block is a recording segment of its own (a case of a .ts file, a run between
// gaps) and windows never span two blocks; a block shorter than a window gives none, and the stage
// warns at the end when blocks gave no window for that reason. With `span_blocks: true` the blocks
// are chunks of one continuous recording (a CSV or live source's blocks) and windows span them
// (sensing/streaming_windows.h); then `max_gap_us` > 0 ends a stretch of recording where two
// samples are further apart, so that no window spans a gap (windows restart after it).
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/option_message.h"
#include "sensing/sliding_windows.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/sliding_window_stage.pb.h"
#include "sensing/streaming_windows.h"

namespace sentio {
namespace {

class SlidingWindowStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"IMU", PayloadType::kImuBlock}};
    contract.outputs = {{"WINDOWS", PayloadType::kImuBlock}};
    contract.options_message = SlidingWindowStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const SlidingWindowStageOptions options = StageOptions<SlidingWindowStageOptions>(context);
    const bool in_samples = options.has_window() && options.has_hop();
    const bool in_time = options.has_window_us() && options.has_hop_us();
    const int given =
        options.has_window() + options.has_hop() + options.has_window_us() + options.has_hop_us();
    if (given != 2 || in_samples == in_time) {
      return absl::InvalidArgumentError(
          "give either the options window and hop (samples) or window_us and hop_us (time)");
    }
    by_time_ = in_time;
    spec_.size = by_time_ ? options.window_us() : options.window();
    spec_.hop = by_time_ ? options.hop_us() : options.hop();
    ASSIGN_OR_RETURN(StreamingWindows streaming,
                     StreamingWindows::Create(spec_, by_time_, options.max_gap_us()));
    if (options.span_blocks()) {
      streaming_ = std::move(streaming);
    } else if (options.max_gap_us() != 0) {
      return absl::InvalidArgumentError(
          "option max_gap_us needs span_blocks: true (without it, each block is a recording; "
          "GapDetectionStage splits blocks at gaps)");
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const ImuBlock& block = *context.input().Get<ImuBlock>();
    if (streaming_) {
      ASSIGN_OR_RETURN(std::vector<ImuBlock> windows, streaming_->Append(block));
      for (ImuBlock& window : windows) {
        const int64_t start = window.timestamps_us().front();
        context.Emit(0, Packet::Make(start, std::move(window)));
      }
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(std::vector<SampleRange> ranges,
                     by_time_ ? TimeWindows(block.timestamps_us(), spec_.size, spec_.hop)
                              : SlidingWindows(block.num_samples(), spec_));
    ++blocks_;
    if (ranges.empty()) ++blocks_without_window_;
    const int channels = block.num_channels();
    for (const SampleRange& range : ranges) {
      std::vector<int64_t> timestamps(block.timestamps_us().begin() + range.begin,
                                      block.timestamps_us().begin() + range.end);
      const int64_t start = timestamps.front();
      std::vector<float> samples(block.samples().begin() + range.begin * channels,
                                 block.samples().begin() + range.end * channels);
      ASSIGN_OR_RETURN(
          ImuBlock window,
          ImuBlock::Create(block.channel_names(), std::move(timestamps), std::move(samples)));
      context.Emit(0, Packet::Make(start, std::move(window)));
    }
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    if (blocks_without_window_ > 0) {
      context.Warn(absl::StrCat(
          blocks_without_window_, " of ", blocks_, " blocks were shorter than one window (",
          spec_.size, by_time_ ? " us" : " samples",
          ") and gave none; if the blocks are chunks of one recording, set span_blocks: true"));
    }
    return absl::OkStatus();
  }

 private:
  bool by_time_ = false;
  WindowSpec spec_;                            // in samples, or in microseconds when by_time_
  std::optional<StreamingWindows> streaming_;  // with span_blocks
  int64_t blocks_ = 0;
  int64_t blocks_without_window_ = 0;
};

SENTIO_REGISTER_STAGE(SlidingWindowStage);

}  // namespace
}  // namespace sentio
