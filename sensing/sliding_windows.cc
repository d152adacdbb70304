#include "sensing/sliding_windows.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace sentio {

absl::StatusOr<std::vector<SampleRange>> SlidingWindows(int64_t num_samples,
                                                        const WindowSpec& spec) {
  if (spec.size <= 0 || spec.hop <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("window size (", spec.size, ") and hop (",
                                                   spec.hop, ") must be positive"));
  }
  std::vector<SampleRange> windows;
  for (int64_t begin = 0; num_samples - begin >= spec.size; begin += spec.hop) {
    windows.push_back({begin, begin + spec.size});
  }
  return windows;
}

absl::StatusOr<std::vector<SampleRange>> TimeWindows(const std::vector<int64_t>& timestamps_us,
                                                     int64_t size_us, int64_t hop_us) {
  if (size_us <= 0 || hop_us <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("window length (", size_us, " us) and hop (",
                                                   hop_us, " us) must be positive"));
  }
  std::vector<SampleRange> windows;
  if (timestamps_us.empty()) return windows;
  const int64_t first = timestamps_us.front(), last = timestamps_us.back();
  int64_t begin = 0, end = 0;  // samples of the current window: [begin, end)
  const int64_t n = static_cast<int64_t>(timestamps_us.size());
  for (int64_t start = first; start + size_us <= last + 1; start += hop_us) {
    while (begin < n && timestamps_us[begin] < start) ++begin;
    end = std::max(end, begin);
    while (end < n && timestamps_us[end] < start + size_us) ++end;
    if (end > begin) windows.push_back({begin, end});
  }
  return windows;
}

}  // namespace sentio
