// The 43 features of Kwapisz, Weiss & Moore, "Activity Recognition using Cell Phone
// Accelerometers", SIGKDD Explorations 12(2), 2010 (the WISDM data set), computed from a window of
// a 3-axis accelerometer (the paper: 200 samples at 20 Hz, 10 s), named as in WISDM's files:
//
//   X0..X9, Y0..Y9, Z0..Z9  binned distribution: the fraction of the window's samples in each of
//                           10 equal bins between the axis's minimum and maximum
//   XAVG, YAVG, ZAVG        average
//   XPEAK, YPEAK, ZPEAK     time between peaks, in milliseconds
//   XABSOLDEV, ...          average absolute difference from the axis's average
//   XSTANDDEV, ...          standard deviation
//   RESULTANT               average of sqrt(x^2 + y^2 + z^2) over the samples
//
// Choices the paper leaves open, and how WISDM's released generator (arffmagic, shipped with the
// 2019 WISDM smartphone/smartwatch data set; the 2010 code was not released) differs:
// - Bins: the paper's min..max range in 10 equal bins, each half-open [lo, hi) except the last,
//   which holds the maximum (numpy.histogram's rule); a constant axis puts every sample in bin 5,
//   as NumPy does. arffmagic instead uses fixed bins 2.5 units wide (bin 1 is [-2.5, 0), bin 8
//   [15, 17.5), bin 0 everything below -2.5, bin 9 everything from 17.5 up); we follow the paper.
// - Peaks ("heuristically determined" in the paper): the local maxima of the raw axis, as
//   scipy.signal.find_peaks finds them with no conditions (a sample above its left neighbour and
//   above the first differing sample to its right; a flat top counts once, at its middle; the
//   first and last samples are never peaks), no smoothing. The time between peaks is the mean gap
//   between consecutive peaks' timestamps, so irregular sampling is measured as it happened.
//   arffmagic also counts an end sample that exceeds its neighbour, leaves out the last gap, and
//   scales the mean gap in samples by 10 rather than by the 50 ms sample period; we do not.
// - Fewer than two peaks on an axis: its PEAK feature is missing (NaN, written `?` in ARFF),
//   never a made-up time.
// - Standard deviation: the population one (divides by N). arffmagic computes sqrt(sum d^2) / N,
//   which its own feature list marks as a bug.
#ifndef FEATURES_WISDM_FEATURES_H_
#define FEATURES_WISDM_FEATURES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sensing/imu_block.h"
#include "sensing/sliding_windows.h"

namespace sentio {

inline constexpr int kWisdmNumFeatures = 43;
inline constexpr int kWisdmNumBins = 10;

// "X0", ..., "Z9", "XAVG", "YAVG", "ZAVG", "XPEAK", ..., "ZSTANDDEV", "RESULTANT".
std::vector<std::string> WisdmFeatureNames();

// The 43 features, in the order of WisdmFeatureNames, of samples [window.begin, window.end) of
// `block`, whose channels must be exactly three: the x, y and z axes in that order. Fails if the
// block has another number of channels or the window does not fit in it. Any window length
// works; the paper's is 200 samples at 20 Hz.
absl::StatusOr<std::vector<double>> WisdmFeatures(const ImuBlock& block, const SampleRange& window);

}  // namespace sentio

#endif  // FEATURES_WISDM_FEATURES_H_
