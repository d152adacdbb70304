// Timestamps for FrameBlock packets (sensing/packet.h) of frame-level stages: frame i of an
// utterance starts at the utterance's start + i * frame shift, and a block is stamped with its
// first frame's start (an empty block with the next frame's), kept strictly after the stage's
// previous block as streams require.
#ifndef FEATURES_UTTERANCE_FRAME_CLOCK_H_
#define FEATURES_UTTERANCE_FRAME_CLOCK_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace sentio {

class UtteranceFrameClock {
 public:
  // A new utterance whose frame 0 starts at `start_us`, frames `frame_shift_us` apart.
  void StartUtterance(int64_t start_us, double frame_shift_us) {
    start_us_ = start_us;
    frame_shift_us_ = frame_shift_us;
  }

  // The timestamp of a block whose first frame is the utterance's frame `first_frame`.
  int64_t BlockTime(int64_t first_frame) {
    const int64_t time = std::max<int64_t>(
        last_us_ + 1, start_us_ + std::llround(static_cast<double>(first_frame) * frame_shift_us_));
    last_us_ = time;
    return time;
  }

  double frame_shift_us() const { return frame_shift_us_; }

 private:
  int64_t start_us_ = 0;
  double frame_shift_us_ = 0;
  int64_t last_us_ = INT64_MIN / 2;
};

}  // namespace sentio

#endif  // FEATURES_UTTERANCE_FRAME_CLOCK_H_
