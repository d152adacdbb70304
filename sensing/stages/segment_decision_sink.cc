// SegmentDecisionSink: prints each decision (PREDICTIONS) as soon as the segment it falls in is
// known (LABELS, e.g. a file of WavDirectorySource): one line per decision with the segment's name,
// the decided label and its probability, and the true label, e.g.
//   7_theo_12.wav  7  (p=0.97)  truth 7
// A decision outside every labelled segment is printed with its time instead. The two streams
// may arrive in either order; decisions wait (in order) until a later label or the end shows
// which segment holds them, and only the labels still needed are kept.
#include <algorithm>
#include <deque>
#include <string>

#include "absl/strings/str_format.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class SegmentDecisionSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"PREDICTIONS", PayloadType::kPrediction},
                       {"LABELS", PayloadType::kSegmentLabel}};
    return contract;
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    if (packet.Get<SegmentLabel>() != nullptr) {
      labels_.push_back(packet);
      labels_done_until_ = packet.timestamp_us();
    } else {
      decisions_.push_back(packet);
    }
    PrintReady(context, /*at_end=*/false);
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    PrintReady(context, /*at_end=*/true);
    return absl::OkStatus();
  }

 private:
  // Prints the waiting decisions whose segment is settled: one inside a received label's span,
  // or one before the latest label's start (no later label can hold it) or at the end.
  void PrintReady(StageContext& context, bool at_end) {
    while (!decisions_.empty()) {
      const Packet& decision = decisions_.front();
      const int64_t t = decision.timestamp_us();
      // Labels that end before this decision hold no later decision either.
      while (!labels_.empty() && labels_.front().Get<SegmentLabel>()->end_us < t) {
        labels_.pop_front();
      }
      const SegmentLabel* segment = nullptr;
      if (!labels_.empty() && labels_.front().timestamp_us() <= t) {
        segment = labels_.front().Get<SegmentLabel>();
      } else if (!at_end && !(labels_done_until_ > t)) {
        return;  // its label may still come
      }
      Print(context, decision, segment);
      decisions_.pop_front();
    }
  }

  static void Print(StageContext& context, const Packet& decision, const SegmentLabel* segment) {
    const Prediction& prediction = *decision.Get<Prediction>();
    const auto label =
        std::find(prediction.class_labels.begin(), prediction.class_labels.end(), prediction.label);
    const size_t index = label - prediction.class_labels.begin();
    const double p = index < prediction.probabilities.size() ? prediction.probabilities[index] : 0;
    if (segment == nullptr) {
      context.out() << absl::StrFormat("%.3f s  %s  (p=%.2f)\n", decision.timestamp_us() / 1e6,
                                       prediction.label, p);
      return;
    }
    context.out() << absl::StrFormat("%s  %s  (p=%.2f)  truth %s\n",
                                     segment->name.empty()
                                         ? absl::StrFormat("%.3f s", decision.timestamp_us() / 1e6)
                                         : segment->name,
                                     prediction.label, p, segment->label);
  }

  std::deque<Packet> labels_;
  std::deque<Packet> decisions_;
  int64_t labels_done_until_ = INT64_MIN;  // the latest label's start
};

SENTIO_REGISTER_STAGE(SegmentDecisionSink);

}  // namespace
}  // namespace sentio
