// Sliding windows over a stream that arrives in blocks: windows span block boundaries, as if the
// blocks were one recording. Windows are of a fixed number of samples every `hop` samples, or of a
// fixed time every `hop` microseconds (aligned to the stream's first sample, a window that holds
// no sample being left out), exactly as SlidingWindows / TimeWindows (sensing/sliding_windows.h)
// cut the concatenated blocks. With a largest gap, two samples further apart end one stretch of
// recording and start another: no window spans the gap, and the windows restart at the sample
// after it, as if cut from separate recordings. Only the samples a later window may still need
// are kept.
#ifndef SENSING_STREAMING_WINDOWS_H_
#define SENSING_STREAMING_WINDOWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sensing/imu_block.h"
#include "sensing/sliding_windows.h"

namespace sentio {

class StreamingWindows {
 public:
  // `spec` in samples, or in microseconds when `by_time`; size and hop must be positive.
  // `max_gap_us` 0: no gaps (every sample continues the stream).
  static absl::StatusOr<StreamingWindows> Create(const WindowSpec& spec, bool by_time,
                                                 int64_t max_gap_us = 0);

  // Takes the next block (its first timestamp after the previous block's last, the same channels)
  // and returns the windows it completes, in order.
  absl::StatusOr<std::vector<ImuBlock>> Append(const ImuBlock& block);

  // Samples held for windows still to come.
  int64_t buffered_samples() const { return static_cast<int64_t>(timestamps_.size()); }

 private:
  StreamingWindows(const WindowSpec& spec, bool by_time, int64_t max_gap_us)
      : spec_(spec), by_time_(by_time), max_gap_us_(max_gap_us) {}

  // Cuts the windows the buffer completes, then drops what no later window needs.
  absl::Status CutWindows(std::vector<ImuBlock>& windows);

  absl::StatusOr<ImuBlock> Window(int64_t begin, int64_t end) const;  // buffer positions
  // Drops buffered samples before the next window's start.
  void DropBefore(int64_t position);

  WindowSpec spec_;
  bool by_time_;
  int64_t max_gap_us_;
  int64_t last_timestamp_us_ = 0;  // of the last sample appended, once started_
  std::vector<std::string> channel_names_;
  std::vector<int64_t> timestamps_;
  std::vector<float> samples_;
  int64_t buffer_start_ = 0;  // stream index of the buffer's first sample
  int64_t next_window_ = 0;   // the next window's start: a stream index, or a time when by_time_
  bool started_ = false;
};

}  // namespace sentio

#endif  // SENSING_STREAMING_WINDOWS_H_
