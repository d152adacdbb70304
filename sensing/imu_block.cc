#include "sensing/imu_block.h"

#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace sentio {

absl::StatusOr<ImuBlock> ImuBlock::Create(std::vector<std::string> channel_names,
                                          std::vector<int64_t> timestamps_us,
                                          std::vector<float> samples) {
  if (channel_names.empty()) {
    return absl::InvalidArgumentError("an IMU block needs at least one channel");
  }
  const size_t channels = channel_names.size();
  if (samples.size() != timestamps_us.size() * channels) {
    return absl::InvalidArgumentError(
        absl::StrCat("IMU block has ", samples.size(), " values for ", timestamps_us.size(),
                     " timestamps of ", channels, " channels (expected ",
                     timestamps_us.size() * channels, ")"));
  }
  for (size_t i = 1; i < timestamps_us.size(); ++i) {
    if (timestamps_us[i] <= timestamps_us[i - 1]) {
      return absl::InvalidArgumentError(
          absl::StrCat("IMU timestamps must strictly increase: sample ", i, " at ",
                       timestamps_us[i], " us follows ", timestamps_us[i - 1], " us"));
    }
  }
  for (size_t i = 0; i < samples.size(); ++i) {
    if (!std::isfinite(samples[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("IMU sample ", i / channels, " channel '", channel_names[i % channels],
                       "' is not a finite number (", samples[i], ")"));
    }
  }
  return ImuBlock(std::move(channel_names), std::move(timestamps_us), std::move(samples));
}

std::vector<int64_t> ImuBlock::UniformTimestamps(int64_t start_us, int64_t period_us,
                                                 int64_t num_samples) {
  std::vector<int64_t> timestamps(num_samples);
  for (int64_t i = 0; i < num_samples; ++i) timestamps[i] = start_us + i * period_us;
  return timestamps;
}

std::vector<float> ImuBlock::Channel(int channel, int64_t begin, int64_t end) const {
  std::vector<float> values;
  values.reserve(end - begin);
  for (int64_t i = begin; i < end; ++i) values.push_back(at(i, channel));
  return values;
}

}  // namespace sentio
