// GmmUtteranceClassifier: classifies each utterance of a stream of feature frames with the
// per-label Gaussian mixtures of a model file written by GmmTrainerSink: the utterance's score for
// a label is log P(label) + the sum over its frames of log p(frame | label), and one Prediction
// per utterance (the posterior of those scores) leaves when the utterance ends, stamped with its
// first frame's time. Memory holds one score per label, not the frames.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "apps/audio/frame_dataset.h"
#include "apps/audio/gmm_utterance_classifier.pb.h"
#include "apps/audio/score_posterior.h"
#include "base/status_macros.h"
#include "classifiers/gmm_classifier.h"
#include "classifiers/model_file.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class GmmUtteranceClassifier : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.outputs = {{"PREDICTIONS", PayloadType::kPrediction}};
    contract.options_message = GmmUtteranceClassifierOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const std::string path = StageOptions<GmmUtteranceClassifierOptions>(context).model();
    ASSIGN_OR_RETURN(model_, LoadModelFile(path));
    gmm_ = dynamic_cast<const GmmClassifier*>(model_.classifier.get());
    if (gmm_ == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": a ", model_.classifier_name,
                                                     " model; this stage needs a gmm model"));
    }
    labels_ = model_.header.class_attribute().values;
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const FrameBlock& block = *context.input().Get<FrameBlock>();
    if (!in_utterance_) {
      RETURN_IF_ERROR(CheckFrameHeader(model_.header, block.dim));
      scores_ = gmm_->log_priors();
      utterance_start_us_ = context.input().timestamp_us();
      frames_ = 0;
      in_utterance_ = true;
    }
    for (int i = 0; i < block.num_frames(); ++i) {
      ASSIGN_OR_RETURN(std::vector<double> log_likelihoods,
                       gmm_->ClassLogLikelihoods(FrameInstance(block.frame(i), block.dim, -1)));
      for (size_t c = 0; c < scores_.size(); ++c) scores_[c] += log_likelihoods[c];
      ++frames_;
    }
    if (!block.utterance_end) return absl::OkStatus();
    in_utterance_ = false;
    if (frames_ == 0) {
      context.Warn(absl::StrCat("the utterance at ", utterance_start_us_,
                                " us has no frames (shorter than one frame): no decision"));
      return absl::OkStatus();
    }
    context.Emit(0, Packet::Make(utterance_start_us_, ScorePosterior(labels_, scores_)));
    return absl::OkStatus();
  }

 private:
  LoadedModel model_;
  const GmmClassifier* gmm_ = nullptr;
  std::vector<std::string> labels_;
  bool in_utterance_ = false;
  std::vector<double> scores_;
  int64_t utterance_start_us_ = 0;
  int64_t frames_ = 0;
};

SENTIO_REGISTER_STAGE(GmmUtteranceClassifier);

}  // namespace
}  // namespace sentio
