// Turns labelled time-series cases into a data set of feature vectors, one per sliding window:
// cases -> windows -> features (a feature set of features/feature_sets.h; the per-channel
// statistics of "stats" by default) -> instances labelled with their case's class.
#ifndef FEATURES_WINDOW_FEATURES_H_
#define FEATURES_WINDOW_FEATURES_H_

#include <vector>

#include "absl/status/statusor.h"
#include "features/feature_sets.h"
#include "sensing/dataset.h"
#include "sensing/sliding_windows.h"
#include "sensing/time_series.h"

namespace sentio {

struct WindowFeatures {
  // Numeric feature attributes, then the nominal class (the series' class labels). An unlabelled
  // case gives windows with a missing class.
  Dataset windows;
  // For each window, the index (into the source data set) of the case it was cut from.
  std::vector<int> case_of_window;
};

// Windows of the cases at `case_indices`, described by `features`. Fails, naming the case, if a
// case is shorter than one window or has channels that differ from the first case's, or the
// feature set cannot use them.
absl::StatusOr<WindowFeatures> ExtractWindowFeatures(const TimeSeriesDataset& data,
                                                     const std::vector<int>& case_indices,
                                                     const WindowSpec& spec,
                                                     const FeatureSet& features);

// The same with the "stats" feature set (features/channel_stats.h).
absl::StatusOr<WindowFeatures> ExtractWindowFeatures(const TimeSeriesDataset& data,
                                                     const std::vector<int>& case_indices,
                                                     const WindowSpec& spec);

}  // namespace sentio

#endif  // FEATURES_WINDOW_FEATURES_H_
