// Resampling irregularly timed IMU samples onto a uniform grid by linear interpolation. A block
// is one recording segment, so each is resampled on its own: the grid starts at its first sample
// and ends at or before its last.
#ifndef SENSING_RESAMPLING_H_
#define SENSING_RESAMPLING_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "sensing/imu_block.h"

namespace sentio {

// `block` sampled every `period_us` (> 0) from its first sample's time; each grid point's values
// are interpolated between the samples around it (a block without samples stays empty).
absl::StatusOr<ImuBlock> ResampleLinear(const ImuBlock& block, int64_t period_us);

}  // namespace sentio

#endif  // SENSING_RESAMPLING_H_
