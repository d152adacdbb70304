// HmmUtteranceClassifier: classifies each utterance of a frame stream with the word HMMs that
// HmmTrainerSink wrote (`model`): frames are standardised as in training and scored frame by
// frame by every word's Viterbi recursion (classifiers/word_hmm.h WordHmmScorer), so memory holds
// the recursion, not the frames; when the utterance ends one Prediction (the posterior of the
// words' best-path log-likelihoods, flat prior) leaves, stamped with its first frame's time. An
// utterance shorter than the models' states gets no decision and a warning.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "apps/audio/hmm_utterance_classifier.pb.h"
#include "apps/audio/score_posterior.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "classifiers/word_hmm.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class HmmUtteranceClassifier : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.outputs = {{"PREDICTIONS", PayloadType::kPrediction}};
    contract.options_message = HmmUtteranceClassifierOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const std::string path = StageOptions<HmmUtteranceClassifierOptions>(context).model();
    ASSIGN_OR_RETURN(const std::string bytes, ReadWholeFile(path, int64_t{1} << 28));
    WordHmmSet set;
    if (!set.ParseFromString(bytes)) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": not a word HMM model file"));
    }
    const int dim = set.feature_mean_size();
    if (dim == 0 || set.feature_scale_size() != dim || set.labels_size() < 2 ||
        set.models_size() != set.labels_size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": ", set.labels_size(), " labels, ", set.models_size(), " models, ", dim,
          " means and ", set.feature_scale_size(), " scales do not fit together"));
    }
    for (int d = 0; d < dim; ++d) {
      if (!std::isfinite(set.feature_mean(d)) || !(set.feature_scale(d) > 0) ||
          !std::isfinite(set.feature_scale(d))) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": frame value ", d, " has mean ",
                                                       set.feature_mean(d), " and scale ",
                                                       set.feature_scale(d)));
      }
    }
    for (int m = 0; m < set.models_size(); ++m) {
      absl::StatusOr<WordHmm> model = WordHmm::FromState(set.models(m), dim);
      if (!model.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": the model of '", set.labels(m), "': ", model.status().message()));
      }
      models_.push_back(*std::move(model));
    }
    labels_.assign(set.labels().begin(), set.labels().end());
    mean_.assign(set.feature_mean().begin(), set.feature_mean().end());
    scale_.assign(set.feature_scale().begin(), set.feature_scale().end());
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const FrameBlock& block = *context.input().Get<FrameBlock>();
    if (!in_utterance_) {
      scorer_.Reset();
      start_us_ = context.input().timestamp_us();
      in_utterance_ = true;
    }
    if (block.num_frames() > 0 && block.dim != static_cast<int>(mean_.size())) {
      return absl::InvalidArgumentError(absl::StrCat("the model is for frames of ", mean_.size(),
                                                     " values, these have ", block.dim));
    }
    std::vector<double> frame(block.dim);
    for (int i = 0; i < block.num_frames(); ++i) {
      for (int d = 0; d < block.dim; ++d) frame[d] = (block.frame(i)[d] - mean_[d]) / scale_[d];
      scorer_.Accept(frame);
    }
    if (!block.utterance_end) return absl::OkStatus();
    in_utterance_ = false;
    const std::vector<double> scores = scorer_.Scores();
    const double best = *std::max_element(scores.begin(), scores.end());
    if (!std::isfinite(best)) {
      context.Warn(absl::StrCat("the utterance at ", start_us_, " us has ", scorer_.frames(),
                                " frames, fewer than the models' states: no decision"));
      return absl::OkStatus();
    }
    context.Emit(0, Packet::Make(start_us_, ScorePosterior(labels_, scores)));
    return absl::OkStatus();
  }

 private:
  std::vector<WordHmm> models_;
  std::vector<std::string> labels_;
  std::vector<double> mean_, scale_;
  WordHmmScorer scorer_{&models_};
  bool in_utterance_ = false;
  int64_t start_us_ = 0;
};

SENTIO_REGISTER_STAGE(HmmUtteranceClassifier);

}  // namespace
}  // namespace sentio
