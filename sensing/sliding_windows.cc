#include "sensing/sliding_windows.h"

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

}  // namespace sentio
