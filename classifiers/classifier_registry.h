// Classifiers by name, as `sentio eval --classifier=NAME` and pipeline configs refer to them.
#ifndef CLASSIFIERS_CLASSIFIER_REGISTRY_H_
#define CLASSIFIERS_CLASSIFIER_REGISTRY_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "classifiers/classifier.h"

namespace sentio {

// Settings by name, e.g. {"k", "3"} for kNN; each classifier rejects settings it does not know.
using ClassifierOptions = std::map<std::string, std::string>;

std::vector<std::string> ClassifierNames();

// A factory for the classifier `name` with `options`, checked now so that a bad name or option
// fails before any training. Errors list the known names or the accepted options.
absl::StatusOr<ClassifierFactory> ClassifierFactoryFor(absl::string_view name,
                                                       const ClassifierOptions& options);

// A trained classifier back from a model file (classifiers/model_file.h): made as
// ClassifierFactoryFor(name, options) makes it, then given the saved `state` for instances laid
// out as `header`.
absl::StatusOr<std::unique_ptr<Classifier>> RestoreClassifier(absl::string_view name,
                                                              const ClassifierOptions& options,
                                                              const Dataset& header,
                                                              const ModelState& state);

}  // namespace sentio

#endif  // CLASSIFIERS_CLASSIFIER_REGISTRY_H_
