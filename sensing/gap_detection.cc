#include "sensing/gap_detection.h"

#include <utility>

#include "base/status_macros.h"

namespace sentio {

std::vector<int64_t> FindGaps(absl::Span<const int64_t> timestamps_us, int64_t max_gap_us) {
  std::vector<int64_t> gaps;
  for (size_t i = 1; i < timestamps_us.size(); ++i) {
    if (timestamps_us[i] - timestamps_us[i - 1] > max_gap_us) gaps.push_back(i);
  }
  return gaps;
}

absl::StatusOr<std::vector<ImuBlock>> SplitAtGaps(const ImuBlock& block, int64_t max_gap_us) {
  std::vector<int64_t> bounds = FindGaps(block.timestamps_us(), max_gap_us);
  bounds.insert(bounds.begin(), 0);
  bounds.push_back(block.num_samples());
  const int channels = block.num_channels();
  std::vector<ImuBlock> runs;
  for (size_t r = 0; r + 1 < bounds.size(); ++r) {
    const int64_t begin = bounds[r], end = bounds[r + 1];
    if (begin == end) continue;  // an empty block has no runs
    ASSIGN_OR_RETURN(
        ImuBlock run,
        ImuBlock::Create(block.channel_names(),
                         std::vector<int64_t>(block.timestamps_us().begin() + begin,
                                              block.timestamps_us().begin() + end),
                         std::vector<float>(block.samples().begin() + begin * channels,
                                            block.samples().begin() + end * channels)));
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace sentio
