// ConsoleSink: prints each prediction as it arrives, one readable line per packet (flushed, so a
// live graph's decisions show as they are made): the time in seconds, the label and its
// probability, e.g. "    12.500 s  Walking  (p=0.83)".
#include <algorithm>
#include <ostream>
#include <string>

#include "absl/strings/str_format.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class ConsoleSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"PREDICTIONS", PayloadType::kPrediction}};
    return contract;
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    const Prediction& prediction = *packet.Get<Prediction>();
    context.out() << absl::StrFormat("%10.3f s  %s", packet.timestamp_us() / 1e6, prediction.label);
    const auto label =
        std::find(prediction.class_labels.begin(), prediction.class_labels.end(), prediction.label);
    const size_t index = label - prediction.class_labels.begin();
    if (index < prediction.probabilities.size()) {
      context.out() << absl::StrFormat("  (p=%.2f)", prediction.probabilities[index]);
    }
    context.out() << std::endl;
    return absl::OkStatus();
  }
};

SENTIO_REGISTER_STAGE(ConsoleSink);

}  // namespace
}  // namespace sentio
