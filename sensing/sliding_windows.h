// Sliding windows over a sample sequence: fixed size and hop, both in samples.
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

}  // namespace sentio

#endif  // SENSING_SLIDING_WINDOWS_H_
