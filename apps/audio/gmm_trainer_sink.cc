// GmmTrainerSink: trains one Gaussian mixture per label on feature frames, the classic recogniser
// of isolated words: every frame of a labelled segment (LABELS, e.g. from WavDirectorySource's file
// names) is a training instance of its label. When the streams end it fits the mixtures
// (classifiers/gmm_classifier.h: attributes standardised, EM with k-means++ initialisation) and
// writes a model file (classifiers/model_file.h) that GmmUtteranceClassifier loads. Frames outside
// every labelled segment are counted and left out. Prints a summary whose last line is model=PATH.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "apps/audio/frame_dataset.h"
#include "apps/audio/gmm_trainer_sink.pb.h"
#include "base/status_macros.h"
#include "classifiers/classifier_registry.h"
#include "classifiers/model_file.h"
#include "sensing/labelled_segments.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class GmmTrainerSink : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FRAMES", PayloadType::kFrameBlock},
                       {"LABELS", PayloadType::kSegmentLabel}};
    contract.options_message = GmmTrainerSinkOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const GmmTrainerSinkOptions options = StageOptions<GmmTrainerSinkOptions>(context);
    options_ = {{"components", absl::StrCat(options.components())},
                {"covariance", options.covariance()},
                {"regularization", absl::StrCat(options.regularization())},
                {"restarts", absl::StrCat(options.restarts())},
                {"seed", absl::StrCat(options.seed())}};
    // Fail on bad options before the data is read.
    return ClassifierFactoryFor("gmm", options_).status();
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    if (packet.Get<SegmentLabel>() != nullptr) {
      segments_.Add(packet);
      return absl::OkStatus();
    }
    const FrameBlock& block = *packet.Get<FrameBlock>();
    if (block.num_frames() == 0) return absl::OkStatus();
    if (dim_ == 0) dim_ = block.dim;
    if (block.dim != dim_) {
      return absl::InvalidArgumentError(
          absl::StrCat("frames of ", block.dim, " values after frames of ", dim_));
    }
    blocks_.push_back({packet.timestamp_us(), block.values});
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    // Streams may interleave either way, so frames meet their segments only now.
    const std::vector<std::string> labels = segments_.Labels();
    if (labels.size() < 2) {
      return absl::InvalidArgumentError(absl::StrCat(
          "training needs segments of at least two labels (LABELS gave ", labels.size(), ")"));
    }
    Dataset data = FrameDatasetHeader(dim_, labels);
    int64_t unlabelled = 0;
    for (const Block& block : blocks_) {
      const std::string* segment_label = segments_.LabelAt(block.timestamp_us);
      if (segment_label == nullptr) {
        unlabelled += static_cast<int64_t>(block.values.size()) / dim_;
        continue;
      }
      const int label = data.class_attribute().IndexOf(*segment_label);
      for (size_t start = 0; start < block.values.size(); start += dim_) {
        data.instances.push_back(FrameInstance(&block.values[start], dim_, label));
      }
    }
    blocks_.clear();
    ASSIGN_OR_RETURN(ClassifierFactory factory, ClassifierFactoryFor("gmm", options_));
    ASSIGN_OR_RETURN(std::unique_ptr<Classifier> classifier, factory());
    RETURN_IF_ERROR(classifier->Train(data));
    ASSIGN_OR_RETURN(ModelFile model, MakeModelFile(data, "gmm", options_, *classifier));
    const std::string path = StageOptions<GmmTrainerSinkOptions>(context).out();
    RETURN_IF_ERROR(WriteModelFile(model, path));
    context.out() << absl::StrFormat(
        "Trained %s on %d frames of %d values from %d segments, %d labels (%d frames outside "
        "every segment left out)\nmodel=%s\n",
        classifier->Describe(), data.num_instances(), dim_, segments_.size(), labels.size(),
        unlabelled, path);
    return absl::OkStatus();
  }

 private:
  struct Block {
    int64_t timestamp_us;
    std::vector<float> values;
  };

  ClassifierOptions options_;
  int dim_ = 0;
  LabelledSegments segments_;
  std::vector<Block> blocks_;
};

SENTIO_REGISTER_STAGE(GmmTrainerSink);

}  // namespace
}  // namespace sentio
