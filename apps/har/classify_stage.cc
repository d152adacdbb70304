// ClassifyStage: gives each incoming feature vector a Prediction, from either
// - option `model`: a trained model file written by `sentio train` (classifiers/model_file.h), or
// - option `train`: a classifier from the registry (classifiers/classifier_registry.h) trained
//   when the graph opens on the windows of a .ts file, cut and summarised exactly as `sentio eval`
//   does (features/window_features.h), with options window and hop (samples; must match the
//   upstream windows), rate_hz, classifier (default knn) and classifier_options ("k=3,x=y").
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "apps/har/classify_stage.pb.h"
#include "base/status_macros.h"
#include "classifiers/classifier_registry.h"
#include "classifiers/model_file.h"
#include "features/window_features.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

absl::StatusOr<ClassifierOptions> ParseClassifierOptions(const std::string& text) {
  ClassifierOptions options;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::pair<std::string, std::string> name_value = absl::StrSplit(item, absl::MaxSplits('=', 1));
    if (name_value.first.empty() || item.find('=') == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "option classifier_options: '", item, "' is not name=value"));
    }
    options[name_value.first] = name_value.second;
  }
  return options;
}

class ClassifyStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FEATURES", PayloadType::kFeatureVector}};
    contract.outputs = {{"PREDICTIONS", PayloadType::kPrediction}};
    contract.options_message = ClassifyStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const ClassifyStageOptions options = StageOptions<ClassifyStageOptions>(context);
    if (options.has_model() == options.has_train()) {
      return absl::InvalidArgumentError(
          "give exactly one of the options model (a file from `sentio train`) and train (a .ts "
          "file to train on)");
    }
    if (options.has_model()) {
      ASSIGN_OR_RETURN(LoadedModel model, LoadModelFile(options.model()));
      classifier_ = std::move(model.classifier);
      header_ = std::move(model.header);
    } else {
      RETURN_IF_ERROR(TrainOnRecordings(options));
    }
    for (int a = 0; a < header_.num_attributes(); ++a) {
      if (a != header_.class_index) feature_names_.push_back(header_.attributes[a].name);
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const FeatureVector& features = *context.input().Get<FeatureVector>();
    if (features.names != feature_names_) {
      return absl::InvalidArgumentError(absl::StrCat(
          "features [", absl::StrJoin(features.names, ", "),
          "] are not the ones the classifier was trained on [",
          absl::StrJoin(feature_names_, ", "), "]"));
    }
    Instance instance;
    instance.values = features.values;
    instance.values.insert(instance.values.begin() + header_.class_index, kMissingValue);
    ASSIGN_OR_RETURN(std::vector<double> distribution, classifier_->Distribution(instance));
    const std::vector<std::string>& labels = header_.class_attribute().values;
    context.Emit(0, Packet::Make(context.input().timestamp_us(),
                                 Prediction{labels[MostProbableClass(distribution)], labels,
                                            std::move(distribution)}));
    return absl::OkStatus();
  }

 private:
  absl::Status TrainOnRecordings(const ClassifyStageOptions& options) {
    if (!options.has_window() || !options.has_hop()) {
      return absl::InvalidArgumentError("option train needs the options window and hop");
    }
    ASSIGN_OR_RETURN(ClassifierOptions classifier_options,
                     ParseClassifierOptions(options.classifier_options()));
    ASSIGN_OR_RETURN(ClassifierFactory make_classifier,
                     ClassifierFactoryFor(options.classifier(), classifier_options));
    TsReadOptions read_options;
    read_options.sample_rate_hz = options.rate_hz();
    ASSIGN_OR_RETURN(TimeSeriesDataset train, ReadTsFile(options.train(), read_options));
    std::vector<int> labelled;
    for (int c = 0; c < static_cast<int>(train.cases.size()); ++c) {
      if (train.cases[c].label >= 0) labelled.push_back(c);
    }
    if (labelled.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(options.train(), ": no labelled cases to train on"));
    }
    const WindowSpec spec{options.window(), options.hop()};
    ASSIGN_OR_RETURN(WindowFeatures windows, ExtractWindowFeatures(train, labelled, spec));
    ASSIGN_OR_RETURN(classifier_, make_classifier());
    RETURN_IF_ERROR(classifier_->Train(windows.windows));
    header_ = std::move(windows.windows);
    header_.instances.clear();
    return absl::OkStatus();
  }

  std::unique_ptr<Classifier> classifier_;
  Dataset header_;  // the training data's attributes, without instances
  std::vector<std::string> feature_names_;
};

SENTIO_REGISTER_STAGE(ClassifyStage);

}  // namespace
}  // namespace sentio
