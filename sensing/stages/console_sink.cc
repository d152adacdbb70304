// ConsoleSink: prints each prediction as it arrives, one readable line per packet (flushed, so a
// live graph's decisions show as they are made): the time in seconds, the label and its
// probability, e.g. "    12.500 s  Walking  (p=0.83)"; with `top_k` = k > 1 (an image
// classifier's top 5), then the next k - 1 most probable classes in the same form.
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/console_sink.pb.h"

namespace sentio {
namespace {

class ConsoleSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"PREDICTIONS", PayloadType::kPrediction}};
    contract.options_message = ConsoleSinkOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    top_k_ = StageOptions<ConsoleSinkOptions>(context).top_k();
    if (top_k_ < 1) {
      return absl::InvalidArgumentError(absl::StrCat("option top_k ", top_k_, ": at least 1"));
    }
    return absl::OkStatus();
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
    if (top_k_ > 1) {
      // The other classes, most probable first (ties in class order).
      std::vector<size_t> others;
      for (size_t c = 0; c < prediction.probabilities.size(); ++c) {
        if (c != index) others.push_back(c);
      }
      const size_t shown = std::min<size_t>(others.size(), top_k_ - 1);
      std::partial_sort(others.begin(), others.begin() + shown, others.end(),
                        [&](size_t a, size_t b) {
                          const double pa = prediction.probabilities[a];
                          const double pb = prediction.probabilities[b];
                          return pa > pb || (pa == pb && a < b);
                        });
      for (size_t i = 0; i < shown; ++i) {
        context.out() << absl::StrFormat("  %s  (p=%.2f)", prediction.class_labels[others[i]],
                                         prediction.probabilities[others[i]]);
      }
    }
    context.out() << std::endl;
    return absl::OkStatus();
  }

 private:
  int64_t top_k_ = 1;
};

SENTIO_REGISTER_STAGE(ConsoleSink);

}  // namespace
}  // namespace sentio
