// Feature sets by name: what a window of IMU samples becomes for a classifier. Each set names its
// features for given channels and computes them over a window of a block.
//
//   "stats"  the six statistics of features/channel_stats.h per channel (mean, std, min, max,
//            mean absolute deviation, energy)
//   "wisdm"  the 43 features of Kwapisz, Weiss & Moore 2010 (features/wisdm_features.h); needs
//            exactly 3 channels (x, y, z)
//   "time"   every statistic of features/time_stats.h: per channel mean, std, min, max, median,
//            10/25/75/90th percentiles, mean absolute deviation, RMS, energy, zero-crossing rate,
//            skewness, excess kurtosis, lag-1 autocorrelation, peak count, mean time between
//            peaks (ms, from the timestamps) and a 10-bin distribution; then the Pearson
//            correlation of every pair of channels; then, when the channel count is a multiple
//            of 3, the mean resultant magnitude of each consecutive triple (x, y, z of one
//            sensor). Needs windows of at least 2 samples.
//
// A feature that is undefined for a window (the time between peaks of a window with fewer than
// two peaks, the skewness of a constant channel) is NaN, which a Dataset holds as missing.
#ifndef FEATURES_FEATURE_SETS_H_
#define FEATURES_FEATURE_SETS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/imu_block.h"
#include "sensing/sliding_windows.h"

namespace sentio {

class FeatureSet {
 public:
  virtual ~FeatureSet() = default;

  virtual absl::string_view name() const = 0;
  // One line for summaries: what the set computes.
  virtual absl::string_view description() const = 0;
  // The names of the features of a block with these channels, in Compute's order; fails when the
  // set cannot use such a block (e.g. "wisdm" with other than 3 channels).
  virtual absl::StatusOr<std::vector<std::string>> FeatureNames(
      const std::vector<std::string>& channel_names) const = 0;
  // The features of samples [window.begin, window.end) of `block`. Fails if the window does not
  // fit in the block or is too short for the set, or the block's channels do not suit the set.
  // (An ImuBlock holds no NaN or infinite sample: ImuBlock::Create rejects them, naming the
  // channel and sample.)
  virtual absl::StatusOr<std::vector<double>> Compute(const ImuBlock& block,
                                                      const SampleRange& window) const = 0;
};

// The set called `name`; fails listing the known names.
absl::StatusOr<const FeatureSet*> FindFeatureSet(absl::string_view name);

// "stats", "time", "wisdm".
std::vector<std::string> FeatureSetNames();

}  // namespace sentio

#endif  // FEATURES_FEATURE_SETS_H_
