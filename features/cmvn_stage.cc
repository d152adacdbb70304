// CmvnStage: cepstral mean (and, with norm_vars, variance) normalisation of a stream of feature
// frames (features/cmvn.h). Mode "utterance" is Kaldi's apply-cmvn with each utterance's own
// statistics: the utterance's frames are held until it ends and leave as one block. Mode "sliding"
// is for live streams: each frame less the mean of the last `window` frames, across utterances,
// so it follows the speaker and channel without waiting for an utterance to end.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "features/cmvn.h"
#include "features/cmvn_stage.pb.h"
#include "features/utterance_frame_clock.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class CmvnStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.outputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.options_message = CmvnStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const CmvnStageOptions options = StageOptions<CmvnStageOptions>(context);
    const std::string mode = options.mode();
    if (mode != "utterance" && mode != "sliding") {
      return absl::InvalidArgumentError(
          absl::StrCat("option mode: '", mode, "' is neither utterance nor sliding"));
    }
    sliding_ = mode == "sliding";
    norm_vars_ = options.norm_vars();
    window_ = options.window();
    if (window_ < 1 || window_ > 1000000) {
      return absl::InvalidArgumentError(
          absl::StrCat("option window=", window_, " is outside 1 to 1000000 frames"));
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const FrameBlock& block = *context.input().Get<FrameBlock>();
    if (dim_ == 0) dim_ = block.dim;
    if (block.dim != dim_) {
      return absl::InvalidArgumentError(
          absl::StrCat("frames of ", block.dim, " values after frames of ", dim_));
    }
    if (!in_utterance_) {
      clock_.StartUtterance(context.input().timestamp_us(), block.frame_shift_us);
      in_utterance_ = true;
      frames_seen_ = 0;
      utterance_ = Frames{dim_, {}};
    }
    FrameBlock result;
    result.dim = dim_;
    result.frame_shift_us = block.frame_shift_us;
    result.utterance_end = block.utterance_end;
    int64_t first = frames_seen_;
    frames_seen_ += block.num_frames();
    if (sliding_) {
      if (!sliding_cmn_) {
        ASSIGN_OR_RETURN(SlidingCmn cmn,
                         SlidingCmn::Create(static_cast<int>(window_), dim_, norm_vars_));
        sliding_cmn_.emplace(std::move(cmn));
      }
      result.values = block.values;
      sliding_cmn_->Apply(result.values);
    } else {
      utterance_.values.insert(utterance_.values.end(), block.values.begin(), block.values.end());
      if (!block.utterance_end) return absl::OkStatus();
      ApplyUtteranceCmvn(norm_vars_, utterance_);
      result.values = std::move(utterance_.values);
      first = 0;
    }
    if (block.utterance_end) in_utterance_ = false;
    context.Emit(0, Packet::Make(clock_.BlockTime(first), std::move(result)));
    return absl::OkStatus();
  }

 private:
  bool sliding_ = false;
  bool norm_vars_ = false;
  int64_t window_ = 600;
  int dim_ = 0;
  bool in_utterance_ = false;
  int64_t frames_seen_ = 0;
  Frames utterance_;  // mode utterance: the frames so far
  std::optional<SlidingCmn> sliding_cmn_;
  UtteranceFrameClock clock_;
};

SENTIO_REGISTER_STAGE(CmvnStage);

}  // namespace
}  // namespace sentio
