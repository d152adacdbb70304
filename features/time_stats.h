// Time-domain statistics of one channel (a window of samples) and across channels: moments,
// order statistics, zero crossings, autocorrelation, peaks, binned distribution, inter-axis
// correlation and resultant magnitude. Each one matches NumPy/SciPy's default definition, checked
// against reference values in features/testdata/time_stats_golden.txt (tools/make_stats_golden.py).
//
// Conventions:
// - Moments are population moments (divide by N, NumPy's ddof=0).
// - Every function fails on an empty input or a NaN/infinite sample (the error names the sample),
//   and on inputs too short for the statistic (a lag >= the length, fewer than 2 samples for a
//   crossing rate).
// - A statistic that is undefined for a valid input (the skewness of a constant window, the time
//   between peaks with fewer than two peaks) is NaN, as SciPy returns it; a Dataset reads NaN as a
//   missing value.
#ifndef FEATURES_TIME_STATS_H_
#define FEATURES_TIME_STATS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace sentio {

// Fails with "sample <i> is nan" (or inf/-inf) for the first non-finite value, and on no values.
absl::Status CheckFiniteSamples(absl::Span<const double> values);

absl::StatusOr<double> Mean(absl::Span<const double> values);
// Population variance and standard deviation (numpy.var / numpy.std with ddof=0).
absl::StatusOr<double> Variance(absl::Span<const double> values);
absl::StatusOr<double> StandardDeviation(absl::Span<const double> values);
absl::StatusOr<double> Min(absl::Span<const double> values);
absl::StatusOr<double> Max(absl::Span<const double> values);
// The `percent` (0..100) percentile with linear interpolation between the closest ranks, NumPy's
// default (method="linear"): rank (n - 1) * percent / 100 of the sorted values.
absl::StatusOr<double> Percentile(absl::Span<const double> values, double percent);
absl::StatusOr<double> Median(absl::Span<const double> values);
// Mean of |x - mean|.
absl::StatusOr<double> MeanAbsoluteDeviation(absl::Span<const double> values);
// Mean of x^2 (per sample, as in features/channel_stats.h, so windows of any length compare) and
// its square root.
absl::StatusOr<double> Energy(absl::Span<const double> values);
absl::StatusOr<double> RootMeanSquare(absl::Span<const double> values);
// Fraction of the n - 1 consecutive pairs whose signs differ, zero counting as positive.
absl::StatusOr<double> ZeroCrossingRate(absl::Span<const double> values);
// Biased sample skewness m3 / m2^1.5 (scipy.stats.skew defaults, bias=True); NaN for a constant
// window (m2 below SciPy's threshold (1e-15 * mean)^2).
absl::StatusOr<double> Skewness(absl::Span<const double> values);
// Excess (Fisher) kurtosis m4 / m2^2 - 3, biased (scipy.stats.kurtosis defaults: fisher=True,
// bias=True), so a normal distribution gives 0; NaN for a constant window.
absl::StatusOr<double> Kurtosis(absl::Span<const double> values);
// Autocorrelation at `lag` samples around the window mean, normalised by the lag-0 sum:
// sum_{t < n-lag} (x_t - m)(x_{t+lag} - m) / sum_t (x_t - m)^2 (statsmodels' acf). Fails unless
// 0 <= lag < n; NaN for a constant window (as for Skewness).
absl::StatusOr<double> Autocorrelation(absl::Span<const double> values, int64_t lag);

// Pearson correlation of two equally long channels (numpy.corrcoef); NaN if either is constant
// (as for Skewness).
absl::StatusOr<double> PearsonCorrelation(absl::Span<const double> a, absl::Span<const double> b);
// sqrt(x^2 + y^2 + z^2) sample by sample; the channels must be equally long.
absl::StatusOr<std::vector<double>> ResultantMagnitude(absl::Span<const double> x,
                                                       absl::Span<const double> y,
                                                       absl::Span<const double> z);

// Indices of the local maxima, as scipy.signal.find_peaks with no conditions: a sample above its
// left neighbour, followed by samples equal to it and then a lower one; a flat top counts once,
// at its middle sample (rounded down). The first and last samples are never peaks.
absl::StatusOr<std::vector<int64_t>> FindPeaks(absl::Span<const double> values);
// Mean distance in samples between consecutive peaks of FindPeaks; NaN with fewer than 2 peaks.
absl::StatusOr<double> MeanPeakInterval(absl::Span<const double> values);
// The same in time, for samples taken at `timestamps` (one per value, in any unit; the result is
// in that unit), so that irregular sampling is measured as it happened.
absl::StatusOr<double> MeanPeakTimeInterval(absl::Span<const double> values,
                                            absl::Span<const int64_t> timestamps);

// Fraction of the samples in each of `num_bins` equal-width bins between the minimum and the
// maximum, like numpy.histogram(values, bins=num_bins) / n: bins are half-open [lo, hi) except the
// last, which includes the maximum. A constant window (min == max) spans [v - 0.5, v + 0.5], so
// all samples fall in bin num_bins / 2, as in NumPy. Fails unless num_bins >= 1.
absl::StatusOr<std::vector<double>> BinnedDistribution(absl::Span<const double> values,
                                                       int num_bins);

}  // namespace sentio

#endif  // FEATURES_TIME_STATS_H_
