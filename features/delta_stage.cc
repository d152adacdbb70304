// DeltaStage: Kaldi add-deltas on a stream of feature frames (features/kaldi_deltas.h): each
// utterance's frames followed by their derivatives up to `order` over +-`window` frames, equal to
// add-deltas on the whole utterance; a frame leaves once the frames it needs have arrived.
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "features/delta_stage.pb.h"
#include "features/kaldi_deltas.h"
#include "features/utterance_frame_clock.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class DeltaStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.outputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.options_message = DeltaStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const DeltaStageOptions options = StageOptions<DeltaStageOptions>(context);
    options_.order = options.order();
    options_.window = options.window();
    return CheckDeltaOptions(options_);
  }

  absl::Status Process(StageContext& context) override {
    const FrameBlock& block = *context.input().Get<FrameBlock>();
    if (!deltas_) {
      ASSIGN_OR_RETURN(StreamingDeltas deltas, StreamingDeltas::Create(options_, block.dim));
      deltas_.emplace(std::move(deltas));
      dim_ = block.dim;
    }
    if (block.dim != dim_) {
      return absl::InvalidArgumentError(
          absl::StrCat("frames of ", block.dim, " values after frames of ", dim_));
    }
    if (!in_utterance_) {
      clock_.StartUtterance(context.input().timestamp_us(), block.frame_shift_us);
      in_utterance_ = true;
    }
    const int64_t first = deltas_->next_output_frame();
    Frames out = deltas_->Accept(block.values);
    if (block.utterance_end) {
      Frames rest = deltas_->Finish();
      out.values.insert(out.values.end(), rest.values.begin(), rest.values.end());
      in_utterance_ = false;
    }
    if (out.values.empty() && !block.utterance_end) return absl::OkStatus();
    FrameBlock result;
    result.dim = out.dim;
    result.frame_shift_us = block.frame_shift_us;
    result.values = std::move(out.values);
    result.utterance_end = block.utterance_end;
    context.Emit(0, Packet::Make(clock_.BlockTime(first), std::move(result)));
    return absl::OkStatus();
  }

 private:
  DeltaOptions options_;
  std::optional<StreamingDeltas> deltas_;
  int dim_ = 0;
  bool in_utterance_ = false;
  UtteranceFrameClock clock_;
};

SENTIO_REGISTER_STAGE(DeltaStage);

}  // namespace
}  // namespace sentio
