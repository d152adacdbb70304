// TopClassStage: turns each tensor of class scores (a classifier CNN's output, batch 1) into a
// Prediction: with `softmax` (the default) the scores are logits and become probabilities, else
// they are taken as probabilities; the label is the most probable class. Class names come from
// `labels` (comma-separated) or `names` (a file, one name per line, as COCO / VOC name files);
// their count must equal the tensor's.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cnn/stages/top_class_stage.pb.h"
#include "sensing/class_names.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class TopClassStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"TENSORS", PayloadType::kTensor}};
    contract.outputs = {{"PREDICTIONS", PayloadType::kPrediction}};
    contract.options_message = TopClassStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const TopClassStageOptions options = StageOptions<TopClassStageOptions>(context);
    const std::string labels = options.labels();
    const std::string names = options.names();
    if (labels.empty() == names.empty()) {
      return absl::InvalidArgumentError("give the class names by either labels or names");
    }
    if (!labels.empty()) {
      labels_ = absl::StrSplit(labels, ',');
    } else {
      absl::StatusOr<std::vector<std::string>> read = ReadClassNames(names);
      if (!read.ok()) return read.status();
      labels_ = *std::move(read);
    }
    softmax_ = options.softmax();
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const TensorPayload& scores = *context.input().Get<TensorPayload>();
    if (scores.data.size() != labels_.size()) {
      return absl::InvalidArgumentError(absl::StrCat("a tensor of ", scores.data.size(),
                                                     " scores for ", labels_.size(), " classes"));
    }
    Prediction prediction;
    prediction.class_labels = labels_;
    prediction.probabilities.assign(scores.data.begin(), scores.data.end());
    if (softmax_) {
      const double largest =
          *std::max_element(prediction.probabilities.begin(), prediction.probabilities.end());
      double total = 0;
      for (double& p : prediction.probabilities) total += p = std::exp(p - largest);
      for (double& p : prediction.probabilities) p /= total;
    }
    for (double p : prediction.probabilities) {
      if (!std::isfinite(p)) return absl::InvalidArgumentError("a score is not finite");
    }
    prediction.label =
        labels_[std::max_element(prediction.probabilities.begin(), prediction.probabilities.end()) -
                prediction.probabilities.begin()];
    context.Emit(0, Packet::Make(context.input().timestamp_us(), std::move(prediction)));
    return absl::OkStatus();
  }

 private:
  std::vector<std::string> labels_;
  bool softmax_ = true;
};

SENTIO_REGISTER_STAGE(TopClassStage);

}  // namespace
}  // namespace sentio
