#include "features/wisdm_features.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "features/time_stats.h"

namespace sentio {
namespace {

constexpr char kAxes[] = {'X', 'Y', 'Z'};

}  // namespace

std::vector<std::string> WisdmFeatureNames() {
  std::vector<std::string> names;
  for (char axis : kAxes) {
    for (int bin = 0; bin < kWisdmNumBins; ++bin) {
      names.push_back(absl::StrCat(std::string(1, axis), bin));
    }
  }
  for (const char* statistic : {"AVG", "PEAK", "ABSOLDEV", "STANDDEV"}) {
    for (char axis : kAxes) names.push_back(absl::StrCat(std::string(1, axis), statistic));
  }
  names.push_back("RESULTANT");
  return names;
}

absl::StatusOr<std::vector<double>> WisdmFeatures(const ImuBlock& block,
                                                  const SampleRange& window) {
  if (block.num_channels() != 3) {
    return absl::InvalidArgumentError(absl::StrCat(
        "WISDM features need exactly 3 channels (x, y, z), got ", block.num_channels()));
  }
  if (window.begin < 0 || window.end > block.num_samples() || window.begin >= window.end) {
    return absl::OutOfRangeError(absl::StrCat("window [", window.begin, ", ", window.end,
                                              ") does not fit a block of ", block.num_samples(),
                                              " samples"));
  }
  std::vector<std::vector<double>> axes;
  for (int c = 0; c < 3; ++c) {
    const std::vector<float> values = block.Channel(c, window.begin, window.end);
    axes.emplace_back(values.begin(), values.end());
  }
  const absl::Span<const int64_t> timestamps_us =
      absl::MakeConstSpan(block.timestamps_us()).subspan(window.begin, window.end - window.begin);

  std::vector<double> features;
  features.reserve(kWisdmNumFeatures);
  for (const std::vector<double>& axis : axes) {
    ASSIGN_OR_RETURN(const std::vector<double> bins, BinnedDistribution(axis, kWisdmNumBins));
    features.insert(features.end(), bins.begin(), bins.end());
  }
  for (const std::vector<double>& axis : axes) {
    ASSIGN_OR_RETURN(const double average, Mean(axis));
    features.push_back(average);
  }
  for (const std::vector<double>& axis : axes) {
    ASSIGN_OR_RETURN(const double peak_time_us, MeanPeakTimeInterval(axis, timestamps_us));
    features.push_back(peak_time_us / 1000);
  }
  for (const std::vector<double>& axis : axes) {
    ASSIGN_OR_RETURN(const double absolute_deviation, MeanAbsoluteDeviation(axis));
    features.push_back(absolute_deviation);
  }
  for (const std::vector<double>& axis : axes) {
    ASSIGN_OR_RETURN(const double standard_deviation, StandardDeviation(axis));
    features.push_back(standard_deviation);
  }
  ASSIGN_OR_RETURN(const std::vector<double> resultant,
                   ResultantMagnitude(axes[0], axes[1], axes[2]));
  ASSIGN_OR_RETURN(const double average_resultant, Mean(resultant));
  features.push_back(average_resultant);
  return features;
}

}  // namespace sentio
