// ConsoleReportSink: scores predictions against ground truth and prints, when the streams end,
// the report `sentio eval` prints (classifiers/confusion_matrix.h) with the last line
// accuracy=0.xxxx. By default (`score: "segments"`) each labelled segment (LABELS) is one case,
// classified by the summed class probabilities of the predictions (PREDICTIONS) timestamped within
// it; predictions outside every segment, and segments without predictions, are not scored (the
// latter are counted in the report); memory grows with the number of segments. With
// `score: "windows"` every prediction within a segment is a case of its own (a continuous
// recording whose segments are long runs of one activity).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "apps/har/console_report_sink.pb.h"
#include "base/status_macros.h"
#include "classifiers/classifier.h"
#include "classifiers/confusion_matrix.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class ConsoleReportSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"PREDICTIONS", PayloadType::kPrediction},
                       {"LABELS", PayloadType::kSegmentLabel}};
    contract.options_message = ConsoleReportSinkOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const std::string score = StageOptions<ConsoleReportSinkOptions>(context).score();
    if (score != "segments" && score != "windows") {
      return absl::InvalidArgumentError(
          absl::StrCat("option score: '", score, "' is neither segments nor windows"));
    }
    by_window_ = score == "windows";
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    if (const SegmentLabel* label = packet.Get<SegmentLabel>()) {
      segments_.push_back({packet.timestamp_us(), label->end_us, label->label, {}});
      // Predictions that arrived before their segment's label.
      std::vector<Packet> waiting;
      waiting.swap(early_predictions_);
      for (const Packet& prediction : waiting) RETURN_IF_ERROR(Score(prediction));
      return absl::OkStatus();
    }
    return Score(packet);
  }

  absl::Status Close(StageContext& context) override {
    if (class_labels_.empty()) return absl::InvalidArgumentError("no predictions arrived");
    ConfusionMatrix matrix(class_labels_);
    int64_t predictions = 0, unscored = 0;
    if (by_window_) {
      for (const auto& [actual, predicted] : windows_) {
        const int index = ClassIndex(actual);
        if (index < 0) return UnknownLabel(actual);
        matrix.Add(index, predicted);
      }
      context.out() << "Scored " << windows_.size()
                    << " window predictions against the labelled segments holding them\n\n"
                    << matrix.Report() << absl::StrFormat("accuracy=%.4f\n", matrix.accuracy());
      return absl::OkStatus();
    }
    for (const Segment& segment : segments_) {
      if (segment.votes.empty()) {
        ++unscored;
        continue;
      }
      const int actual = ClassIndex(segment.label);
      if (actual < 0) return UnknownLabel(segment.label);
      matrix.Add(actual, MostProbableClass(segment.votes));
      predictions += segment.predictions;
    }
    context.out() << "Scored " << segments_.size() - unscored << " labelled segments from "
                  << predictions << " window predictions";
    if (unscored > 0) {
      context.out() << "; " << unscored
                    << " segments had no prediction (shorter than a window, or dropped)";
    }
    context.out() << "\n\n"
                  << matrix.Report() << absl::StrFormat("accuracy=%.4f\n", matrix.accuracy());
    return absl::OkStatus();
  }

 private:
  struct Segment {
    int64_t start_us;
    int64_t end_us;
    std::string label;
    std::vector<double> votes;  // summed class probabilities
    int64_t predictions = 0;
  };

  int ClassIndex(const std::string& label) const {
    auto it = std::find(class_labels_.begin(), class_labels_.end(), label);
    return it == class_labels_.end() ? -1 : static_cast<int>(it - class_labels_.begin());
  }

  absl::Status UnknownLabel(const std::string& label) const {
    return absl::InvalidArgumentError(absl::StrCat("segment label '", label,
                                                   "' is not one of the predicted classes [",
                                                   absl::StrJoin(class_labels_, ", "), "]"));
  }

  absl::Status Score(const Packet& packet) {
    const Prediction& prediction = *packet.Get<Prediction>();
    if (class_labels_.empty()) class_labels_ = prediction.class_labels;
    if (prediction.class_labels != class_labels_ ||
        prediction.probabilities.size() != class_labels_.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("prediction classes [", absl::StrJoin(prediction.class_labels, ", "),
                       "] differ from the earlier [", absl::StrJoin(class_labels_, ", "), "]"));
    }
    const int64_t t = packet.timestamp_us();
    if (segments_.empty() || t > segments_.back().end_us) {
      early_predictions_.push_back(packet);
      return absl::OkStatus();
    }
    // Segments and predictions both arrive in time order, so the segment is at or after the
    // cursor.
    while (next_segment_ < segments_.size() && segments_[next_segment_].end_us < t) {
      ++next_segment_;
    }
    if (next_segment_ == segments_.size() || segments_[next_segment_].start_us > t) {
      return absl::OkStatus();  // between segments: unlabelled
    }
    Segment& segment = segments_[next_segment_];
    segment.votes.resize(class_labels_.size(), 0);
    for (size_t c = 0; c < class_labels_.size(); ++c) {
      segment.votes[c] += prediction.probabilities[c];
    }
    ++segment.predictions;
    if (by_window_)
      windows_.emplace_back(segment.label, MostProbableClass(prediction.probabilities));
    return absl::OkStatus();
  }

  bool by_window_ = false;
  // With score "windows": each prediction's segment label and predicted class.
  std::vector<std::pair<std::string, int>> windows_;
  std::vector<std::string> class_labels_;
  std::vector<Segment> segments_;
  size_t next_segment_ = 0;
  std::vector<Packet> early_predictions_;
};

SENTIO_REGISTER_STAGE(ConsoleReportSink);

}  // namespace
}  // namespace sentio
