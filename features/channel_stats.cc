#include "features/channel_stats.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

constexpr const char* kStatNames[] = {"mean", "std", "min", "max", "mad", "energy"};

}  // namespace

absl::StatusOr<ChannelStats> ComputeChannelStats(absl::Span<const float> values) {
  if (values.empty()) return absl::InvalidArgumentError("statistics of an empty window");
  const double n = static_cast<double>(values.size());
  ChannelStats stats;
  stats.min = stats.max = values[0];
  double sum = 0, sum_of_squares = 0;
  for (float v : values) {
    sum += v;
    sum_of_squares += static_cast<double>(v) * v;
    stats.min = std::min<double>(stats.min, v);
    stats.max = std::max<double>(stats.max, v);
  }
  stats.mean = sum / n;
  stats.energy = sum_of_squares / n;
  // Second pass around the mean: the one-pass formula loses precision when |mean| >> std.
  double squared_deviations = 0, abs_deviations = 0;
  for (float v : values) {
    const double deviation = v - stats.mean;
    squared_deviations += deviation * deviation;
    abs_deviations += std::abs(deviation);
  }
  stats.std_dev = std::sqrt(squared_deviations / n);
  stats.mean_abs_dev = abs_deviations / n;
  return stats;
}

absl::StatusOr<std::vector<double>> ChannelStatsFeatures(const ImuBlock& block,
                                                         const SampleRange& window) {
  if (window.begin < 0 || window.end > block.num_samples() || window.begin >= window.end) {
    return absl::OutOfRangeError(absl::StrCat("window [", window.begin, ", ", window.end,
                                              ") does not fit a block of ",
                                              block.num_samples(), " samples"));
  }
  std::vector<double> features;
  features.reserve(block.num_channels() * std::size(kStatNames));
  for (int c = 0; c < block.num_channels(); ++c) {
    const std::vector<float> values = block.Channel(c, window.begin, window.end);
    absl::StatusOr<ChannelStats> stats = ComputeChannelStats(values);
    if (!stats.ok()) return stats.status();
    features.insert(features.end(), {stats->mean, stats->std_dev, stats->min, stats->max,
                                     stats->mean_abs_dev, stats->energy});
  }
  return features;
}

std::vector<std::string> ChannelStatsFeatureNames(const std::vector<std::string>& channel_names) {
  std::vector<std::string> names;
  for (const std::string& channel : channel_names) {
    for (const char* stat : kStatNames) names.push_back(absl::StrCat(channel, ".", stat));
  }
  return names;
}

}  // namespace sentio
