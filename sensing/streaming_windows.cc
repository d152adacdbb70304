#include "sensing/streaming_windows.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sentio {

absl::StatusOr<StreamingWindows> StreamingWindows::Create(const WindowSpec& spec, bool by_time) {
  if (spec.size < 1 || spec.hop < 1) {
    return absl::InvalidArgumentError(absl::StrCat("the window (", spec.size, ") and hop (",
                                                   spec.hop, ") must both be positive"));
  }
  return StreamingWindows(spec, by_time);
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
  if (!started_) {
    channel_names_ = block.channel_names();
    next_window_ = by_time_ ? block.timestamps_us().front() : 0;
    started_ = true;
  } else if (block.channel_names() != channel_names_) {
    return absl::InvalidArgumentError(
        absl::StrCat("a block's channels (", absl::StrJoin(block.channel_names(), ", "),
                     ") differ from the stream's (", absl::StrJoin(channel_names_, ", "), ")"));
  } else if (!timestamps_.empty() && block.timestamps_us().front() <= timestamps_.back()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a block starts at ", block.timestamps_us().front(),
        " us, not after the previous block's last sample at ", timestamps_.back(), " us"));
  }
  timestamps_.insert(timestamps_.end(), block.timestamps_us().begin(), block.timestamps_us().end());
  samples_.insert(samples_.end(), block.samples().begin(), block.samples().end());

  std::vector<ImuBlock> windows;
  if (!by_time_) {
    while (next_window_ + spec_.size <= buffer_start_ + buffered_samples()) {
      const int64_t begin = next_window_ - buffer_start_;
      absl::StatusOr<ImuBlock> window = Window(begin, begin + spec_.size);
      if (!window.ok()) return window.status();
      windows.push_back(*std::move(window));
      next_window_ += spec_.hop;
    }
    DropBefore(next_window_ - buffer_start_);
    return windows;
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
  return windows;
}

}  // namespace sentio
