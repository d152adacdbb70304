// Which blocks of a video frame changed since the previous frame, DeepMon's test for convolutional
// caching (MobiSys 2017): the frame is cut into square blocks (16 x 16 pixels by default), each
// block gets a histogram of 16 bins per channel, and a block whose histogram is within a
// chi-square distance `threshold` of the same block's in the previous frame is unchanged.
#ifndef CNN_CACHING_BLOCK_CHANGES_H_
#define CNN_CACHING_BLOCK_CHANGES_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio::cnn::caching {

struct BlockChangeOptions {
  int64_t block_size = 16;  // pixels; the last row and column of blocks may be smaller
  int64_t bins = 16;        // per channel
  // The values the histogram bins span; values outside go to the first or last bin.
  float low = 0, high = 1;
  // Chi-square distance of the blocks' normalised histograms, 0 to 2, above which a block changed.
  double threshold = 0.005;
};

// Per block, whether it changed; blocks row-major.
struct BlockChanges {
  int64_t block_rows = 0, block_cols = 0, block_size = 0;
  std::vector<bool> changed;
  double ChangedShare() const;
};

// Compares each frame's blocks with the block as it was when last found changed: what cached
// results were computed from, so that slow drift below the threshold from frame to frame still
// adds up to a change. Not thread-safe.
class BlockChangeDetector {
 public:
  // The options must be valid (CheckBlockChangeOptions).
  explicit BlockChangeDetector(const BlockChangeOptions& options) : options_(options) {}

  // `frame` is [channels, height, width], row-major. The first frame (and the first after
  // Reset) has every block changed. A frame of another size than the first is an error.
  absl::StatusOr<BlockChanges> Compare(const float* frame, int64_t channels, int64_t height,
                                       int64_t width);

  // Forgets the previous frames: the next has every block changed.
  void Reset() { histograms_.clear(); }

  // Makes the last frame compared the reference of every block, changed or not (after a frame
  // recomputed whole).
  void Rebase() { histograms_ = last_; }

 private:
  BlockChangeOptions options_;
  int64_t channels_ = 0, height_ = 0, width_ = 0;
  // Per block, channels x bins, normalised to sum 1 per block: the reference histograms.
  std::vector<float> histograms_;
  std::vector<float> last_;  // the last frame's
};

// An error naming the option that is out of range (threshold outside [0, 1], a block size or bin
// count below 1, low >= high).
absl::Status CheckBlockChangeOptions(const BlockChangeOptions& options);

}  // namespace sentio::cnn::caching

#endif  // CNN_CACHING_BLOCK_CHANGES_H_
