// UtteranceTensorStage: turns each utterance of a frame stream into one tensor for a CNN: its
// first `frames` frames (the rest cropped; a shorter utterance zero-padded at the end) as shape
// [1, 1, frames, dim] (time by feature, a spectrogram image), stamped with the utterance's first
// frame's time when the utterance ends. An utterance without frames gives no tensor and a warning.
#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "features/utterance_tensor_stage.pb.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class UtteranceTensorStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.outputs = {{"TENSORS", PayloadType::kTensor}};
    contract.options_message = UtteranceTensorStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    frames_ = StageOptions<UtteranceTensorStageOptions>(context).frames();
    if (frames_ < 1 || frames_ > 100000) {
      return absl::InvalidArgumentError(
          absl::StrCat("option frames=", frames_, " is outside 1 to 100000"));
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const FrameBlock& block = *context.input().Get<FrameBlock>();
    if (!in_utterance_) {
      start_us_ = context.input().timestamp_us();
      dim_ = block.dim;
      values_.clear();
      in_utterance_ = true;
    }
    if (block.dim != dim_ && block.num_frames() > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("frames of ", block.dim, " values after frames of ", dim_));
    }
    // Only the frames the tensor takes are kept.
    const size_t room = static_cast<size_t>(frames_ * dim_) - values_.size();
    values_.insert(values_.end(), block.values.begin(),
                   block.values.begin() + std::min(room, block.values.size()));
    if (!block.utterance_end) return absl::OkStatus();
    in_utterance_ = false;
    if (values_.empty()) {
      context.Warn(absl::StrCat("the utterance at ", start_us_, " us has no frames: no tensor"));
      return absl::OkStatus();
    }
    TensorPayload tensor;
    tensor.shape = {1, 1, frames_, dim_};
    tensor.data = std::move(values_);
    tensor.data.resize(frames_ * dim_, 0.0f);
    values_ = {};
    context.Emit(0, Packet::Make(start_us_, std::move(tensor)));
    return absl::OkStatus();
  }

 private:
  int64_t frames_ = 100;
  bool in_utterance_ = false;
  int64_t start_us_ = 0;
  int dim_ = 0;
  std::vector<float> values_;
};

SENTIO_REGISTER_STAGE(UtteranceTensorStage);

}  // namespace
}  // namespace sentio
