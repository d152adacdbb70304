// Trained classifiers saved to disk and loaded back: a model file (classifiers/model_file.proto)
// holds the training data's header, the classifier's registry name and options, and its trained
// state. Files ending in .pbtxt are protobuf text format, any other name binary protobuf.
#ifndef CLASSIFIERS_MODEL_FILE_H_
#define CLASSIFIERS_MODEL_FILE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "classifiers/classifier.h"
#include "classifiers/classifier_registry.h"
#include "classifiers/model_file.pb.h"
#include "sensing/dataset.h"

namespace sentio {

// A classifier restored from a model file, with the header its instances must match.
struct LoadedModel {
  Dataset header;  // attributes and class of the training data, no instances
  std::string classifier_name;
  ClassifierOptions options;
  std::unique_ptr<Classifier> classifier;
};

// The model file of `classifier`, trained on data with the header of `training_data` (its
// instances are not stored) and made by ClassifierFactoryFor(classifier_name, options). Fails when
// the classifier cannot save its state.
absl::StatusOr<ModelFile> MakeModelFile(const Dataset& training_data,
                                        absl::string_view classifier_name,
                                        const ClassifierOptions& options,
                                        const Classifier& classifier);

// Writes `model` to `path`: text format when the path ends in .pbtxt, else binary.
absl::Status WriteModelFile(const ModelFile& model, const std::string& path);

// Reads, checks and restores the model file at `path`. Errors name the file: unreadable or corrupt
// content, a bad header, an unknown classifier or option, or a state that does not fit the header
// (wrong sizes, NaN or out-of-range parameters).
absl::StatusOr<LoadedModel> LoadModelFile(const std::string& path);

}  // namespace sentio

#endif  // CLASSIFIERS_MODEL_FILE_H_
