// Measuring a classifier: on a separate test set, by stratified k-fold cross-validation, or by
// leaving one group (subject, recording) out at a time.
#ifndef CLASSIFIERS_EVALUATION_H_
#define CLASSIFIERS_EVALUATION_H_

#include <cstdint>
#include <functional>
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

// Called after each fold of a cross-validation (e.g. to advance a progress line).
using FoldDone = std::function<void()>;

// Stratified `folds`-fold cross-validation: the confusion matrices of all folds added up.
absl::StatusOr<ConfusionMatrix> CrossValidate(const ClassifierFactory& make_classifier,
                                              const Dataset& data, int folds, uint32_t seed,
                                              const FoldDone& fold_done = nullptr);

// Leave-one-group-out cross-validation: for each distinct group (e.g. the subject or recording an
// instance comes from; one entry per instance of `data`), trains on every other group and tests on
// that one; the confusion matrices of all groups added up. Needs at least two groups.
absl::StatusOr<ConfusionMatrix> LeaveOneGroupOut(const ClassifierFactory& make_classifier,
                                                 const Dataset& data,
                                                 const std::vector<int>& groups,
                                                 const FoldDone& fold_done = nullptr);

}  // namespace sentio

#endif  // CLASSIFIERS_EVALUATION_H_
