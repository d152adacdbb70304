// Finding gaps in IMU streams: places where consecutive samples are further apart than a limit
// (a number of nominal sample periods), from a sensor that stalled or a recording that paused.
#ifndef SENSING_GAP_DETECTION_H_
#define SENSING_GAP_DETECTION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "sensing/imu_block.h"

namespace sentio {

// The indices i >= 1 where timestamps_us[i] - timestamps_us[i - 1] > max_gap_us.
std::vector<int64_t> FindGaps(absl::Span<const int64_t> timestamps_us, int64_t max_gap_us);

// `block` cut at its gaps into runs of samples without one (the block itself when it has none).
absl::StatusOr<std::vector<ImuBlock>> SplitAtGaps(const ImuBlock& block, int64_t max_gap_us);

}  // namespace sentio

#endif  // SENSING_GAP_DETECTION_H_
