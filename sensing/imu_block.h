// A block of timestamped multi-channel IMU samples (accelerometer, gyroscope, ...).
//
// Phone and watch sensors deliver irregular rates and gaps, so every sample carries its own time;
// times are int64 microseconds and strictly increase within a block.
#ifndef SENSING_IMU_BLOCK_H_
#define SENSING_IMU_BLOCK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace sentio {

class ImuBlock {
 public:
  // Checks that there is at least one channel, that `samples` holds timestamps.size() rows of
  // channel_names.size() values (row-major: sample by sample), that timestamps strictly increase
  // and that no sample is NaN or infinite.
  static absl::StatusOr<ImuBlock> Create(std::vector<std::string> channel_names,
                                         std::vector<int64_t> timestamps_us,
                                         std::vector<float> samples);

  // Timestamps for `num_samples` samples taken every `period_us` from `start_us`.
  static std::vector<int64_t> UniformTimestamps(int64_t start_us, int64_t period_us,
                                                int64_t num_samples);

  int num_channels() const { return static_cast<int>(channel_names_.size()); }
  int64_t num_samples() const { return static_cast<int64_t>(timestamps_us_.size()); }
  const std::vector<std::string>& channel_names() const { return channel_names_; }
  const std::vector<int64_t>& timestamps_us() const { return timestamps_us_; }

  float at(int64_t sample, int channel) const {
    return samples_[sample * num_channels() + channel];
  }
  // One channel's values for samples [begin, end), copied out of the interleaved storage.
  std::vector<float> Channel(int channel, int64_t begin, int64_t end) const;
  absl::Span<const float> samples() const { return samples_; }

 private:
  ImuBlock(std::vector<std::string> channel_names, std::vector<int64_t> timestamps_us,
           std::vector<float> samples)
      : channel_names_(std::move(channel_names)),
        timestamps_us_(std::move(timestamps_us)),
        samples_(std::move(samples)) {}

  std::vector<std::string> channel_names_;
  std::vector<int64_t> timestamps_us_;
  std::vector<float> samples_;
};

}  // namespace sentio

#endif  // SENSING_IMU_BLOCK_H_
