#include "sensing/streaming_windows.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sentio {

absl::StatusOr<StreamingWindows> StreamingWindows::Create(const WindowSpec& spec, bool by_time,
                                                          int64_t max_gap_us) {
  if (spec.size < 1 || spec.hop < 1) {
    return absl::InvalidArgumentError(absl::StrCat("the window (", spec.size, ") and hop (",
                                                   spec.hop, ") must both be positive"));
  }
  if (max_gap_us < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("the largest gap (", max_gap_us, " us) must not be negative"));
  }
  return StreamingWindows(spec, by_time, max_gap_us);
}

absl::StatusOr<ImuBlock> StreamingWindows::Window(int64_t begin, int64_t end) const {
  const int channels = static_cast<int>(channel_names_.size());
  return ImuBlock::Create(
      channel_names_, std::vector<int64_t>(timestamps_.begin() + begin, timestamps_.begin() + end),
      std::vector<float>(samples_.begin() + begin * channels, samples_.begin() + end * channels));
}

void StreamingWindows::DropBefore(int64_t position) {
  position = std::min(position, buffered_samples());
  if (position <= 0) return;
  timestamps_.erase(timestamps_.begin(), timestamps_.begin() + position);
  samples_.erase(samples_.begin(), samples_.begin() + position * channel_names_.size());
  buffer_start_ += position;
}

absl::StatusOr<std::vector<ImuBlock>> StreamingWindows::Append(const ImuBlock& block) {
  if (block.num_samples() == 0) return std::vector<ImuBlock>{};
  const std::vector<int64_t>& times = block.timestamps_us();
  if (!started_) {
    channel_names_ = block.channel_names();
  } else if (block.channel_names() != channel_names_) {
    return absl::InvalidArgumentError(
        absl::StrCat("a block's channels (", absl::StrJoin(block.channel_names(), ", "),
                     ") differ from the stream's (", absl::StrJoin(channel_names_, ", "), ")"));
  } else if (times.front() <= last_timestamp_us_) {
    return absl::InvalidArgumentError(absl::StrCat("a block starts at ", times.front(),
                                                   " us, not after the previous block's last "
                                                   "sample at ",
                                                   last_timestamp_us_, " us"));
  }
  std::vector<ImuBlock> windows;
  const int channels = block.num_channels();
  int64_t run_begin = 0;
  // Appends samples [run_begin, end) of the block and cuts the windows they complete.
  auto append_run = [&](int64_t end) -> absl::Status {
    timestamps_.insert(timestamps_.end(), times.begin() + run_begin, times.begin() + end);
    samples_.insert(samples_.end(), block.samples().begin() + run_begin * channels,
                    block.samples().begin() + end * channels);
    return CutWindows(windows);
  };
  for (int64_t i = 0; i < block.num_samples(); ++i) {
    const bool gap = started_ && max_gap_us_ > 0 && times[i] - last_timestamp_us_ > max_gap_us_;
    if (gap) {
      if (absl::Status status = append_run(i); !status.ok()) return status;
      run_begin = i;
    }
    if (!started_ || gap) {
      // A new stretch: the buffer is left behind and the window grid starts at this sample.
      DropBefore(buffered_samples());
      next_window_ = by_time_ ? times[i] : buffer_start_;
      started_ = true;
    }
    last_timestamp_us_ = times[i];
  }
  if (absl::Status status = append_run(block.num_samples()); !status.ok()) return status;
  return windows;
}

absl::Status StreamingWindows::CutWindows(std::vector<ImuBlock>& windows) {
  if (timestamps_.empty()) return absl::OkStatus();
  if (!by_time_) {
    while (next_window_ + spec_.size <= buffer_start_ + buffered_samples()) {
      const int64_t begin = next_window_ - buffer_start_;
      absl::StatusOr<ImuBlock> window = Window(begin, begin + spec_.size);
      if (!window.ok()) return window.status();
      windows.push_back(*std::move(window));
      next_window_ += spec_.hop;
    }
    DropBefore(next_window_ - buffer_start_);
    return absl::OkStatus();
  }
  // By time: window [start, start + size) is complete once the last sample reaches its end
  // (start + size <= last + 1, as TimeWindows has it).
  while (next_window_ + spec_.size <= timestamps_.back() + 1) {
    const auto begin = std::lower_bound(timestamps_.begin(), timestamps_.end(), next_window_);
    const auto end = std::lower_bound(begin, timestamps_.end(), next_window_ + spec_.size);
    if (begin == end) {
      // An empty window, in a gap: jump to the first window that holds the next sample, so a long
      // gap costs one step, not one per hop.
      const int64_t gap = *begin - next_window_ - spec_.size;
      next_window_ += (gap / spec_.hop + 1) * spec_.hop;
      continue;
    }
    absl::StatusOr<ImuBlock> window =
        Window(begin - timestamps_.begin(), end - timestamps_.begin());
    if (!window.ok()) return window.status();
    windows.push_back(*std::move(window));
    next_window_ += spec_.hop;
  }
  DropBefore(std::lower_bound(timestamps_.begin(), timestamps_.end(), next_window_) -
             timestamps_.begin());
  return absl::OkStatus();
}

}  // namespace sentio
