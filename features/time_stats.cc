#include "features/time_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

// Central moments m2, m3, m4 (population) around the mean, in a second pass for precision.
struct CentralMoments {
  double mean = 0, m2 = 0, m3 = 0, m4 = 0;
};

CentralMoments MomentsOf(absl::Span<const double> values) {
  CentralMoments moments;
  for (double v : values) moments.mean += v;
  const double n = static_cast<double>(values.size());
  moments.mean /= n;
  for (double v : values) {
    const double d = v - moments.mean;
    const double d2 = d * d;
    moments.m2 += d2;
    moments.m3 += d2 * d;
    moments.m4 += d2 * d2;
  }
  moments.m2 /= n;
  moments.m3 /= n;
  moments.m4 /= n;
  return moments;
}

// SciPy's test for a constant window in skew/kurtosis, m2 within rounding of zero; used for every
// statistic that divides by the variance.
bool IsConstant(const CentralMoments& moments) {
  const double resolution = 1e-15 * moments.mean;
  return moments.m2 <= resolution * resolution;
}

absl::Status CheckSameLength(absl::Span<const double> a, absl::Span<const double> b) {
  if (a.size() != b.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("channels differ in length: ", a.size(), " and ", b.size(), " samples"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckFiniteSamples(absl::Span<const double> values) {
  if (values.empty()) return absl::InvalidArgumentError("statistics of an empty window");
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return absl::InvalidArgumentError(absl::StrCat("sample ", i, " is ", values[i]));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<double> Mean(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  return MomentsOf(values).mean;
}

absl::StatusOr<double> Variance(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  return MomentsOf(values).m2;
}

absl::StatusOr<double> StandardDeviation(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  return std::sqrt(MomentsOf(values).m2);
}

absl::StatusOr<double> Min(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  return *std::min_element(values.begin(), values.end());
}

absl::StatusOr<double> Max(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  return *std::max_element(values.begin(), values.end());
}

absl::StatusOr<double> Percentile(absl::Span<const double> values, double percent) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  if (!(percent >= 0 && percent <= 100)) {
    return absl::InvalidArgumentError(absl::StrCat("percentile ", percent, " is not in [0, 100]"));
  }
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const double rank = (sorted.size() - 1) * (percent / 100);
  const size_t below = static_cast<size_t>(std::floor(rank));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = rank - below;
  const double low = sorted[below], high = sorted[above];
  // NumPy's lerp: from the nearer end, so that fraction 1 gives `high` exactly.
  return fraction < 0.5 ? low + (high - low) * fraction : high - (high - low) * (1 - fraction);
}

absl::StatusOr<double> Median(absl::Span<const double> values) { return Percentile(values, 50); }

absl::StatusOr<double> MeanAbsoluteDeviation(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  const double mean = MomentsOf(values).mean;
  double sum = 0;
  for (double v : values) sum += std::abs(v - mean);
  return sum / values.size();
}

absl::StatusOr<double> Energy(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  double sum = 0;
  for (double v : values) sum += v * v;
  return sum / values.size();
}

absl::StatusOr<double> RootMeanSquare(absl::Span<const double> values) {
  ASSIGN_OR_RETURN(const double energy, Energy(values));
  return std::sqrt(energy);
}

absl::StatusOr<double> ZeroCrossingRate(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  if (values.size() < 2) {
    return absl::InvalidArgumentError("a zero-crossing rate needs at least 2 samples, got 1");
  }
  int64_t crossings = 0;
  for (size_t i = 1; i < values.size(); ++i) {
    if ((values[i - 1] >= 0) != (values[i] >= 0)) ++crossings;
  }
  return static_cast<double>(crossings) / (values.size() - 1);
}

absl::StatusOr<double> Skewness(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  const CentralMoments moments = MomentsOf(values);
  if (IsConstant(moments)) return kUndefined;
  return moments.m3 / std::pow(moments.m2, 1.5);
}

absl::StatusOr<double> Kurtosis(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  const CentralMoments moments = MomentsOf(values);
  if (IsConstant(moments)) return kUndefined;
  return moments.m4 / (moments.m2 * moments.m2) - 3.0;
}

absl::StatusOr<double> Autocorrelation(absl::Span<const double> values, int64_t lag) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  const int64_t n = static_cast<int64_t>(values.size());
  if (lag < 0 || lag >= n) {
    return absl::InvalidArgumentError(absl::StrCat(
        "autocorrelation lag ", lag, " needs a window longer than the lag, got ", n, " samples"));
  }
  const CentralMoments moments = MomentsOf(values);
  if (IsConstant(moments)) return kUndefined;
  const double mean = moments.mean;
  double lagged = 0, total = 0;
  for (int64_t t = 0; t < n; ++t) {
    const double d = values[t] - mean;
    total += d * d;
    if (t + lag < n) lagged += d * (values[t + lag] - mean);
  }
  return lagged / total;
}

absl::StatusOr<double> PearsonCorrelation(absl::Span<const double> a, absl::Span<const double> b) {
  RETURN_IF_ERROR(CheckFiniteSamples(a));
  RETURN_IF_ERROR(CheckFiniteSamples(b));
  RETURN_IF_ERROR(CheckSameLength(a, b));
  const CentralMoments moments_a = MomentsOf(a), moments_b = MomentsOf(b);
  if (IsConstant(moments_a) || IsConstant(moments_b)) return kUndefined;
  const double mean_a = moments_a.mean, mean_b = moments_b.mean;
  double covariance = 0, sum_a = 0, sum_b = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double da = a[i] - mean_a, db = b[i] - mean_b;
    covariance += da * db;
    sum_a += da * da;
    sum_b += db * db;
  }
  return covariance / std::sqrt(sum_a * sum_b);
}

absl::StatusOr<std::vector<double>> ResultantMagnitude(absl::Span<const double> x,
                                                       absl::Span<const double> y,
                                                       absl::Span<const double> z) {
  RETURN_IF_ERROR(CheckFiniteSamples(x));
  RETURN_IF_ERROR(CheckFiniteSamples(y));
  RETURN_IF_ERROR(CheckFiniteSamples(z));
  RETURN_IF_ERROR(CheckSameLength(x, y));
  RETURN_IF_ERROR(CheckSameLength(x, z));
  std::vector<double> magnitude(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    magnitude[i] = std::sqrt(x[i] * x[i] + y[i] * y[i] + z[i] * z[i]);
  }
  return magnitude;
}

absl::StatusOr<std::vector<int64_t>> FindPeaks(absl::Span<const double> values) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  std::vector<int64_t> peaks;
  const int64_t last = static_cast<int64_t>(values.size()) - 1;
  for (int64_t i = 1; i < last; ++i) {
    if (!(values[i - 1] < values[i])) continue;
    int64_t ahead = i + 1;
    while (ahead < last && values[ahead] == values[i]) ++ahead;
    if (values[ahead] < values[i]) {
      peaks.push_back((i + ahead - 1) / 2);
      i = ahead;  // the sample after the flat top is lower, so it is no peak either
    }
  }
  return peaks;
}

absl::StatusOr<double> MeanPeakInterval(absl::Span<const double> values) {
  ASSIGN_OR_RETURN(const std::vector<int64_t> peaks, FindPeaks(values));
  if (peaks.size() < 2) return kUndefined;
  return static_cast<double>(peaks.back() - peaks.front()) / (peaks.size() - 1);
}

absl::StatusOr<double> MeanPeakTimeInterval(absl::Span<const double> values,
                                            absl::Span<const int64_t> timestamps) {
  if (timestamps.size() != values.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(values.size(), " samples but ", timestamps.size(), " timestamps"));
  }
  ASSIGN_OR_RETURN(const std::vector<int64_t> peaks, FindPeaks(values));
  if (peaks.size() < 2) return kUndefined;
  return static_cast<double>(timestamps[peaks.back()] - timestamps[peaks.front()]) /
         (peaks.size() - 1);
}

absl::StatusOr<std::vector<double>> BinnedDistribution(absl::Span<const double> values,
                                                       int num_bins) {
  RETURN_IF_ERROR(CheckFiniteSamples(values));
  if (num_bins < 1) {
    return absl::InvalidArgumentError(absl::StrCat("binned distribution of ", num_bins, " bins"));
  }
  std::vector<double> fractions(num_bins, 0.0);
  const double low = *std::min_element(values.begin(), values.end());
  const double high = *std::max_element(values.begin(), values.end());
  if (low == high) {
    fractions[num_bins / 2] = 1.0;
    return fractions;
  }
  // numpy.linspace edges, then the bin found from the scaled value and corrected against the
  // edges, so that a value on an edge lands where NumPy puts it.
  const double step = (high - low) / num_bins;
  auto edge = [&](int i) { return i == num_bins ? high : low + i * step; };
  const double scale = num_bins / (high - low);
  std::vector<int64_t> counts(num_bins, 0);
  for (double v : values) {
    int bin = std::min(static_cast<int>((v - low) * scale), num_bins - 1);
    if (v < edge(bin)) --bin;
    if (bin < num_bins - 1 && v >= edge(bin + 1)) ++bin;
    ++counts[bin];
  }
  for (int i = 0; i < num_bins; ++i) {
    fractions[i] = static_cast<double>(counts[i]) / values.size();
  }
  return fractions;
}

}  // namespace sentio
