// Activity recognition on labelled recordings: each case is cut into sliding windows, each window
// becomes a vector of per-channel statistics, a classifier learns from the training windows, and a
// test case gets the class whose window probabilities sum highest over the case.
#ifndef APPS_HAR_SERIES_EVALUATION_H_
#define APPS_HAR_SERIES_EVALUATION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "classifiers/classifier.h"
#include "classifiers/confusion_matrix.h"
#include "classifiers/evaluation.h"
#include "sensing/sliding_windows.h"
#include "sensing/time_series.h"

namespace sentio {

// Trains on the windows of every case of `train` and classifies every labelled case of `test`.
// Both must declare the same class labels.
absl::StatusOr<ConfusionMatrix> EvaluateSeriesOnTestSet(const ClassifierFactory& make_classifier,
                                                        const TimeSeriesDataset& train,
                                                        const TimeSeriesDataset& test,
                                                        const WindowSpec& window);

// Stratified cross-validation over cases (never over windows: windows of one case would land in
// both training and test folds and flatter the result).
absl::StatusOr<ConfusionMatrix> CrossValidateSeries(const ClassifierFactory& make_classifier,
                                                    const TimeSeriesDataset& data,
                                                    const WindowSpec& window, int folds,
                                                    uint32_t seed,
                                                    const FoldDone& fold_done = nullptr);

// Leave-one-group-out over cases: `group_of_case` (one entry per case of `data`) names each
// case's subject or recording; each group is classified by a classifier trained on the others'
// windows. Needs labelled cases in at least two groups.
absl::StatusOr<ConfusionMatrix> LeaveOneGroupOutSeries(const ClassifierFactory& make_classifier,
                                                       const TimeSeriesDataset& data,
                                                       const std::vector<int>& group_of_case,
                                                       const WindowSpec& window,
                                                       const FoldDone& fold_done = nullptr);

}  // namespace sentio

#endif  // APPS_HAR_SERIES_EVALUATION_H_
