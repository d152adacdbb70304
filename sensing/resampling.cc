#include "sensing/resampling.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace sentio {

absl::StatusOr<ImuBlock> ResampleLinear(const ImuBlock& block, int64_t period_us) {
  if (period_us < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("resampling period ", period_us, " µs must be positive"));
  }
  const int channels = block.num_channels();
  const std::vector<int64_t>& times = block.timestamps_us();
  std::vector<int64_t> timestamps;
  std::vector<float> samples;
  if (!times.empty()) {
    // `after`: the first sample at or after the grid point.
    int64_t after = 0;
    for (int64_t t = times.front(); t <= times.back(); t += period_us) {
      while (times[after] < t) ++after;
      timestamps.push_back(t);
      if (times[after] == t) {
        for (int c = 0; c < channels; ++c) samples.push_back(block.at(after, c));
        continue;
      }
      const int64_t before = after - 1;
      const double fraction = static_cast<double>(t - times[before]) /
                              static_cast<double>(times[after] - times[before]);
      for (int c = 0; c < channels; ++c) {
        const double from = block.at(before, c);
        samples.push_back(static_cast<float>(from + fraction * (block.at(after, c) - from)));
      }
    }
  }
  return ImuBlock::Create(block.channel_names(), std::move(timestamps), std::move(samples));
}

}  // namespace sentio
