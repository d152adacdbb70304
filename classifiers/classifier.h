// The interface every trained classifier implements: learn from a labelled Dataset, then give a
// class probability distribution for an instance laid out like the training data.
#ifndef CLASSIFIERS_CLASSIFIER_H_
#define CLASSIFIERS_CLASSIFIER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "sensing/dataset.h"

namespace sentio {

class ModelState;  // classifiers/model_file.proto

class Classifier {
 public:
  virtual ~Classifier() = default;

  // Learns from `data` (its class attribute must be nominal). Instances with a missing class are
  // ignored; instance weights count.
  virtual absl::Status Train(const Dataset& data) = 0;

  // One probability per class, summing to 1. The instance's class value is not read.
  virtual absl::StatusOr<std::vector<double>> Distribution(const Instance& instance) const = 0;

  // The method and its settings, for reports (e.g. "kNN (k=1, ...)").
  virtual std::string Describe() const = 0;

  // Writes the trained state into `state` for a model file (classifiers/model_file.h). The
  // default fails with Unimplemented: the classifier cannot be saved.
  virtual absl::Status SaveState(ModelState* state) const;

  // Restores what SaveState wrote, for instances laid out as `header` (attributes and class, no
  // instances), checking every size and value; fails like SaveState by default.
  virtual absl::Status LoadState(const Dataset& header, const ModelState& state);
};

// Makes a new untrained classifier; evaluation makes one per fold.
using ClassifierFactory = std::function<absl::StatusOr<std::unique_ptr<Classifier>>()>;

// Index of the largest probability; the lowest index wins a tie.
int MostProbableClass(const std::vector<double>& distribution);

}  // namespace sentio

#endif  // CLASSIFIERS_CLASSIFIER_H_
