// Measuring a classifier: on a separate test set, or by stratified k-fold cross-validation.
#ifndef CLASSIFIERS_EVALUATION_H_
#define CLASSIFIERS_EVALUATION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "classifiers/classifier.h"
#include "classifiers/confusion_matrix.h"
#include "sensing/dataset.h"

namespace sentio {

// The fold (0 .. folds-1) of each item, from its class label (-1: unknown): items are shuffled
// with `seed`, grouped by class and dealt round-robin, so every fold gets its share of each class.
// The same labels, folds and seed always give the same assignment, on any platform.
absl::StatusOr<std::vector<int>> StratifiedFolds(const std::vector<int>& labels, int folds,
                                                 uint32_t seed);

// Trains on `train`, classifies every instance of `test` with a known class (same header).
absl::StatusOr<ConfusionMatrix> EvaluateOnTestSet(const ClassifierFactory& make_classifier,
                                                  const Dataset& train, const Dataset& test);

// Stratified `folds`-fold cross-validation: the confusion matrices of all folds added up.
absl::StatusOr<ConfusionMatrix> CrossValidate(const ClassifierFactory& make_classifier,
                                              const Dataset& data, int folds, uint32_t seed);

}  // namespace sentio

#endif  // CLASSIFIERS_EVALUATION_H_
