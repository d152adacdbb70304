// HmmTrainerSink: trains one left-to-right HMM per label (classifiers/word_hmm.h) on the
// utterances of a frame stream, each labelled by the segment (LABELS, e.g. WavDirectorySource's
// file names) its first frame falls in; frames are standardised by the training data's mean and
// standard deviation first. When the streams end it writes the models (classifiers/word_hmm.proto
// WordHmmSet, binary) to `out`, whole or not at all, for HmmUtteranceClassifier. Prints a summary
// whose last line is model=PATH.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "apps/audio/hmm_trainer_sink.pb.h"
#include "base/file_writing.h"
#include "base/status_macros.h"
#include "classifiers/word_hmm.h"
#include "sensing/labelled_segments.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class HmmTrainerSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FRAMES", PayloadType::kFrameBlock},
                       {"LABELS", PayloadType::kSegmentLabel}};
    contract.options_message = HmmTrainerSinkOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const HmmTrainerSinkOptions options = StageOptions<HmmTrainerSinkOptions>(context);
    options_.states = options.states();
    options_.components = options.components();
    options_.iterations = options.iterations();
    options_.regularization = options.regularization();
    options_.seed = static_cast<uint32_t>(options.seed());
    return CheckWordHmmOptions(options_);
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    if (packet.Get<SegmentLabel>() != nullptr) {
      segments_.Add(packet);
      return absl::OkStatus();
    }
    const FrameBlock& block = *packet.Get<FrameBlock>();
    if (!in_utterance_) {
      utterances_.push_back({packet.timestamp_us(), {}});
      in_utterance_ = true;
    }
    if (block.num_frames() > 0) {
      if (dim_ == 0) dim_ = block.dim;
      if (block.dim != dim_) {
        return absl::InvalidArgumentError(
            absl::StrCat("frames of ", block.dim, " values after frames of ", dim_));
      }
    }
    for (int i = 0; i < block.num_frames(); ++i) {
      utterances_.back().frames.emplace_back(block.frame(i), block.frame(i) + block.dim);
    }
    if (block.utterance_end) in_utterance_ = false;
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    // Standardisation from every frame.
    std::vector<double> sum(dim_), sum_squares(dim_);
    int64_t count = 0;
    for (const Utterance& utterance : utterances_) {
      for (const std::vector<double>& frame : utterance.frames) {
        for (int d = 0; d < dim_; ++d) {
          sum[d] += frame[d];
          sum_squares[d] += frame[d] * frame[d];
        }
        ++count;
      }
    }
    if (count == 0) return absl::InvalidArgumentError("no frames arrived to train on");
    WordHmmSet set;
    for (int d = 0; d < dim_; ++d) {
      const double mean = sum[d] / count;
      const double variance = sum_squares[d] / count - mean * mean;
      set.add_feature_mean(mean);
      set.add_feature_scale(variance > 1e-12 ? std::sqrt(variance) : 1.0);
    }
    std::map<std::string, std::vector<FrameSequence>> by_label;
    int64_t unlabelled = 0;
    for (Utterance& utterance : utterances_) {
      const std::string* label = segments_.LabelAt(utterance.start_us);
      if (label == nullptr) {
        ++unlabelled;
        continue;
      }
      for (std::vector<double>& frame : utterance.frames) {
        for (int d = 0; d < dim_; ++d) {
          frame[d] = (frame[d] - set.feature_mean(d)) / set.feature_scale(d);
        }
      }
      by_label[*label].push_back(std::move(utterance.frames));
    }
    if (by_label.size() < 2) {
      return absl::InvalidArgumentError(absl::StrCat(
          "training needs utterances of at least two labels (found ", by_label.size(), ")"));
    }
    for (const auto& [label, sequences] : by_label) {
      absl::StatusOr<WordHmm> model = WordHmm::Train(sequences, options_);
      if (!model.ok()) {
        return absl::Status(model.status().code(),
                            absl::StrCat("label '", label, "': ", model.status().message()));
      }
      set.add_labels(label);
      *set.add_models() = model->ToState();
    }
    const std::string path = StageOptions<HmmTrainerSinkOptions>(context).out();
    RETURN_IF_ERROR(WriteWholeFile(path, set.SerializeAsString()));
    context.out() << absl::StrFormat(
        "Trained %d word HMMs (%d states, %d components each) on %d utterances of %d-value "
        "frames (%d outside every segment left out)\nmodel=%s\n",
        set.labels_size(), options_.states, options_.components, utterances_.size() - unlabelled,
        dim_, unlabelled, path);
    return absl::OkStatus();
  }

 private:
  struct Utterance {
    int64_t start_us;
    FrameSequence frames;
  };

  WordHmmOptions options_;
  int dim_ = 0;
  bool in_utterance_ = false;
  LabelledSegments segments_;
  std::vector<Utterance> utterances_;
};

SENTIO_REGISTER_STAGE(HmmTrainerSink);

}  // namespace
}  // namespace sentio
