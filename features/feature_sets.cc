#include "features/feature_sets.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "features/channel_stats.h"
#include "features/time_stats.h"
#include "features/wisdm_features.h"

namespace sentio {
namespace {

constexpr int kTimeBins = 10;
constexpr double kTimePercentiles[] = {10, 25, 75, 90};

using Statistic = absl::StatusOr<double> (*)(absl::Span<const double>);
constexpr Statistic kLeadingStatistics[] = {&Mean, &StandardDeviation, &Min, &Max, &Median};
constexpr Statistic kMiddleStatistics[] = {
    &MeanAbsoluteDeviation, &RootMeanSquare, &Energy, &ZeroCrossingRate, &Skewness, &Kurtosis};

// Per-channel names of the "time" set, in the order ChannelTimeFeatures computes them.
std::vector<std::string> ChannelTimeFeatureNames() {
  std::vector<std::string> names = {"mean", "std", "min", "max", "median"};
  for (double percent : kTimePercentiles) names.push_back(absl::StrCat("p", percent));
  for (const char* name : {"mad", "rms", "energy", "zcr", "skewness", "kurtosis", "autocorr1",
                           "peaks", "peak_interval_ms"}) {
    names.push_back(name);
  }
  for (int bin = 0; bin < kTimeBins; ++bin) names.push_back(absl::StrCat("bin", bin));
  return names;
}

absl::StatusOr<std::vector<double>> ChannelTimeFeatures(absl::Span<const double> values,
                                                        absl::Span<const int64_t> timestamps_us) {
  std::vector<double> features;
  for (Statistic statistic : kLeadingStatistics) {
    ASSIGN_OR_RETURN(const double value, statistic(values));
    features.push_back(value);
  }
  for (double percent : kTimePercentiles) {
    ASSIGN_OR_RETURN(const double value, Percentile(values, percent));
    features.push_back(value);
  }
  for (Statistic statistic : kMiddleStatistics) {
    ASSIGN_OR_RETURN(const double value, statistic(values));
    features.push_back(value);
  }
  ASSIGN_OR_RETURN(const double autocorrelation, Autocorrelation(values, 1));
  ASSIGN_OR_RETURN(const std::vector<int64_t> peaks, FindPeaks(values));
  ASSIGN_OR_RETURN(const double peak_interval_us, MeanPeakTimeInterval(values, timestamps_us));
  features.insert(features.end(),
                  {autocorrelation, static_cast<double>(peaks.size()), peak_interval_us / 1000});
  ASSIGN_OR_RETURN(const std::vector<double> bins, BinnedDistribution(values, kTimeBins));
  features.insert(features.end(), bins.begin(), bins.end());
  return features;
}

absl::Status CheckWindow(const ImuBlock& block, const SampleRange& window) {
  if (window.begin < 0 || window.end > block.num_samples() || window.begin >= window.end) {
    return absl::OutOfRangeError(absl::StrCat("window [", window.begin, ", ", window.end,
                                              ") does not fit a block of ", block.num_samples(),
                                              " samples"));
  }
  return absl::OkStatus();
}

class StatsFeatureSet : public FeatureSet {
 public:
  absl::string_view name() const override { return "stats"; }
  absl::string_view description() const override {
    return "mean, std, min, max, mean absolute deviation and energy of each channel";
  }
  absl::StatusOr<std::vector<std::string>> FeatureNames(
      const std::vector<std::string>& channel_names) const override {
    return ChannelStatsFeatureNames(channel_names);
  }
  absl::StatusOr<std::vector<double>> Compute(const ImuBlock& block,
                                              const SampleRange& window) const override {
    return ChannelStatsFeatures(block, window);
  }
};

class WisdmFeatureSet : public FeatureSet {
 public:
  absl::string_view name() const override { return "wisdm"; }
  absl::string_view description() const override {
    return "the 43 WISDM features of Kwapisz, Weiss & Moore 2010 (x, y, z)";
  }
  absl::StatusOr<std::vector<std::string>> FeatureNames(
      const std::vector<std::string>& channel_names) const override {
    if (channel_names.size() != 3) {
      return absl::InvalidArgumentError(
          absl::StrCat("the wisdm feature set needs exactly 3 channels (x, y, z), got ",
                       channel_names.size(), ": [", absl::StrJoin(channel_names, ", "), "]"));
    }
    return WisdmFeatureNames();
  }
  absl::StatusOr<std::vector<double>> Compute(const ImuBlock& block,
                                              const SampleRange& window) const override {
    return WisdmFeatures(block, window);
  }
};

class TimeFeatureSet : public FeatureSet {
 public:
  absl::string_view name() const override { return "time"; }
  absl::string_view description() const override {
    return "every time-domain statistic of each channel, inter-channel correlations and "
           "resultant magnitudes";
  }

  absl::StatusOr<std::vector<std::string>> FeatureNames(
      const std::vector<std::string>& channel_names) const override {
    std::vector<std::string> names;
    const std::vector<std::string> per_channel = ChannelTimeFeatureNames();
    for (const std::string& channel : channel_names) {
      for (const std::string& feature : per_channel) {
        names.push_back(absl::StrCat(channel, ".", feature));
      }
    }
    for (size_t a = 0; a < channel_names.size(); ++a) {
      for (size_t b = a + 1; b < channel_names.size(); ++b) {
        names.push_back(absl::StrCat("corr.", channel_names[a], ".", channel_names[b]));
      }
    }
    if (channel_names.size() % 3 == 0) {
      for (size_t c = 0; c < channel_names.size(); c += 3) {
        names.push_back(absl::StrCat("resultant.", channel_names[c], ".", channel_names[c + 1], ".",
                                     channel_names[c + 2]));
      }
    }
    return names;
  }

  absl::StatusOr<std::vector<double>> Compute(const ImuBlock& block,
                                              const SampleRange& window) const override {
    RETURN_IF_ERROR(CheckWindow(block, window));
    if (window.end - window.begin < 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("the time feature set needs windows of at least 2 samples, got ",
                       window.end - window.begin));
    }
    const absl::Span<const int64_t> timestamps_us =
        absl::MakeConstSpan(block.timestamps_us()).subspan(window.begin, window.end - window.begin);
    std::vector<std::vector<double>> channels;
    std::vector<double> features;
    for (int c = 0; c < block.num_channels(); ++c) {
      const std::vector<float> values = block.Channel(c, window.begin, window.end);
      channels.emplace_back(values.begin(), values.end());
      ASSIGN_OR_RETURN(const std::vector<double> channel_features,
                       ChannelTimeFeatures(channels.back(), timestamps_us));
      features.insert(features.end(), channel_features.begin(), channel_features.end());
    }
    for (size_t a = 0; a < channels.size(); ++a) {
      for (size_t b = a + 1; b < channels.size(); ++b) {
        ASSIGN_OR_RETURN(const double correlation, PearsonCorrelation(channels[a], channels[b]));
        features.push_back(correlation);
      }
    }
    if (channels.size() % 3 == 0) {
      for (size_t c = 0; c < channels.size(); c += 3) {
        ASSIGN_OR_RETURN(const std::vector<double> magnitude,
                         ResultantMagnitude(channels[c], channels[c + 1], channels[c + 2]));
        ASSIGN_OR_RETURN(const double mean_magnitude, Mean(magnitude));
        features.push_back(mean_magnitude);
      }
    }
    return features;
  }
};

const std::vector<const FeatureSet*>& AllFeatureSets() {
  static const auto* const sets = new std::vector<const FeatureSet*>{
      new StatsFeatureSet, new TimeFeatureSet, new WisdmFeatureSet};
  return *sets;
}

}  // namespace

absl::StatusOr<const FeatureSet*> FindFeatureSet(absl::string_view name) {
  for (const FeatureSet* set : AllFeatureSets()) {
    if (set->name() == name) return set;
  }
  return absl::NotFoundError(absl::StrCat(
      "unknown feature set '", name, "' (known: ", absl::StrJoin(FeatureSetNames(), ", "), ")"));
}

std::vector<std::string> FeatureSetNames() {
  std::vector<std::string> names;
  for (const FeatureSet* set : AllFeatureSets()) names.emplace_back(set->name());
  return names;
}

}  // namespace sentio
