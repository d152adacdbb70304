// Sliding windows over a sample sequence: fixed size and hop, in samples or in time.
#ifndef SENSING_SLIDING_WINDOWS_H_
#define SENSING_SLIDING_WINDOWS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio {

struct WindowSpec {
  int64_t size = 0;  // samples per window
  int64_t hop = 0;   // samples between the starts of consecutive windows
};

// Samples [begin, end).
struct SampleRange {
  int64_t begin = 0;
  int64_t end = 0;
  bool operator==(const SampleRange& other) const {
    return begin == other.begin && end == other.end;
  }
};

// The full windows that fit in `num_samples` samples, starting at 0, hop, 2*hop, ...; a trailing
// partial window is never produced, so a series shorter than the window yields none. A hop larger
// than the size leaves the samples between windows out. Fails if size or hop is not positive.
absl::StatusOr<std::vector<SampleRange>> SlidingWindows(int64_t num_samples,
                                                        const WindowSpec& spec);

// Windows by time over samples taken at `timestamps_us` (strictly increasing, possibly irregular):
// window k holds the samples with timestamps in [t0 + k * hop_us, t0 + k * hop_us + size_us),
// t0 being the first timestamp. Only windows that end by the last sample's time (start + size_us
// <= last timestamp + 1) are produced, so a trailing partial window never is; a window that holds
// no sample (it falls in a gap in the recording) is left out. Fails if size or hop is not positive.
absl::StatusOr<std::vector<SampleRange>> TimeWindows(const std::vector<int64_t>& timestamps_us,
                                                     int64_t size_us, int64_t hop_us);

}  // namespace sentio

#endif  // SENSING_SLIDING_WINDOWS_H_
