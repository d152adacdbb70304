// Per-channel time-domain statistics of a window of samples: the activity-recognition features of
// the first pipeline (mean, standard deviation, min, max, mean absolute deviation, energy).
#ifndef FEATURES_CHANNEL_STATS_H_
#define FEATURES_CHANNEL_STATS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "sensing/imu_block.h"
#include "sensing/sliding_windows.h"

namespace sentio {

struct ChannelStats {
  double mean = 0;
  double std_dev = 0;        // population standard deviation (divides by N)
  double min = 0;
  double max = 0;
  double mean_abs_dev = 0;   // mean of |x - mean|
  double energy = 0;         // mean of x^2 (per sample, so windows of any length compare)
};

// Statistics of `values`; fails on an empty span. Sums run in double whatever the sample type.
absl::StatusOr<ChannelStats> ComputeChannelStats(absl::Span<const float> values);

// The six statistics of every channel of `block` over `window`, channel by channel in the order
// of ChannelStatsFeatureNames.
absl::StatusOr<std::vector<double>> ChannelStatsFeatures(const ImuBlock& block,
                                                         const SampleRange& window);

// "<channel>.mean", "<channel>.std", "<channel>.min", "<channel>.max", "<channel>.mad",
// "<channel>.energy" for each channel.
std::vector<std::string> ChannelStatsFeatureNames(const std::vector<std::string>& channel_names);

}  // namespace sentio

#endif  // FEATURES_CHANNEL_STATS_H_
