// LabelChangeStage: passes on a prediction only when the decided label changes, and only once the
// new label has been predicted `min_repeats` times in a row, so a live activity stream reports
// "Walking from 12.5 s" once instead of every window, without flickering on single windows.
#include <string>

#include "absl/strings/str_cat.h"
#include "apps/har/label_change_stage.pb.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class LabelChangeStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"PREDICTIONS", PayloadType::kPrediction}};
    contract.outputs = {{"CHANGES", PayloadType::kPrediction}};
    contract.options_message = LabelChangeStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const LabelChangeStageOptions options = StageOptions<LabelChangeStageOptions>(context);
    min_repeats_ = options.min_repeats();
    if (min_repeats_ < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("option min_repeats=", min_repeats_, " must be at least 1"));
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const Prediction& prediction = *context.input().Get<Prediction>();
    if (prediction.label == reported_) {
      repeats_ = 0;
      return absl::OkStatus();
    }
    repeats_ = prediction.label == candidate_ ? repeats_ + 1 : 1;
    candidate_ = prediction.label;
    if (repeats_ < min_repeats_) return absl::OkStatus();
    reported_ = candidate_;
    repeats_ = 0;
    context.Emit(0, context.input());
    return absl::OkStatus();
  }

 private:
  int64_t min_repeats_ = 1;
  std::string reported_;   // the label last passed on
  std::string candidate_;  // a different label, seen repeats_ times in a row
  int64_t repeats_ = 0;
};

SENTIO_REGISTER_STAGE(LabelChangeStage);

}  // namespace
}  // namespace sentio
