// UtterancePoolingStage: one feature vector per utterance of a frame stream: per frame value d,
// its mean and standard deviation (population) over the utterance's frames, named "c<d>.mean" and
// "c<d>.std" (`stats: "mean"` keeps only the means), stamped with the utterance's first frame's
// time when it ends: the fixed-length input classic classifiers need from variable-length audio.
// Memory holds the running sums, not the frames.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "features/utterance_pooling_stage.pb.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class UtterancePoolingStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.outputs = {{"FEATURES", PayloadType::kFeatureVector}};
    contract.options_message = UtterancePoolingStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const std::string stats = StageOptions<UtterancePoolingStageOptions>(context).stats();
    if (stats != "mean_std" && stats != "mean") {
      return absl::InvalidArgumentError(
          absl::StrCat("option stats: '", stats, "' is neither mean_std nor mean"));
    }
    with_std_ = stats == "mean_std";
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const FrameBlock& block = *context.input().Get<FrameBlock>();
    if (!in_utterance_) {
      start_us_ = context.input().timestamp_us();
      dim_ = block.dim;
      count_ = 0;
      sum_.assign(dim_, 0);
      sum_squares_.assign(dim_, 0);
      in_utterance_ = true;
    }
    if (block.num_frames() > 0 && block.dim != dim_) {
      return absl::InvalidArgumentError(
          absl::StrCat("frames of ", block.dim, " values after frames of ", dim_));
    }
    for (int i = 0; i < block.num_frames(); ++i) {
      for (int d = 0; d < dim_; ++d) {
        const double x = block.frame(i)[d];
        sum_[d] += x;
        sum_squares_[d] += x * x;
      }
      ++count_;
    }
    if (!block.utterance_end) return absl::OkStatus();
    in_utterance_ = false;
    if (count_ == 0) {
      context.Warn(absl::StrCat("the utterance at ", start_us_, " us has no frames: no vector"));
      return absl::OkStatus();
    }
    FeatureVector features;
    for (int d = 0; d < dim_; ++d) {
      const double mean = sum_[d] / count_;
      features.values.push_back(mean);
      features.names.push_back(absl::StrCat("c", d, ".mean"));
      if (with_std_) {
        features.values.push_back(std::sqrt(std::max(0.0, sum_squares_[d] / count_ - mean * mean)));
        features.names.push_back(absl::StrCat("c", d, ".std"));
      }
    }
    context.Emit(0, Packet::Make(start_us_, std::move(features)));
    return absl::OkStatus();
  }

 private:
  bool with_std_ = true;
  bool in_utterance_ = false;
  int64_t start_us_ = 0;
  int dim_ = 0;
  int64_t count_ = 0;
  std::vector<double> sum_, sum_squares_;
};

SENTIO_REGISTER_STAGE(UtterancePoolingStage);

}  // namespace
}  // namespace sentio
