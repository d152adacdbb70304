#include "cnn/caching/block_changes.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sentio::cnn::caching {

double BlockChanges::ChangedShare() const {
  if (changed.empty()) return 0;
  return static_cast<double>(std::count(changed.begin(), changed.end(), true)) / changed.size();
}

absl::Status CheckBlockChangeOptions(const BlockChangeOptions& options) {
  if (!(options.threshold >= 0 && options.threshold <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cache threshold ", options.threshold, " is not in [0, 1]"));
  }
  if (options.block_size < 1 || options.bins < 1) {
    return absl::InvalidArgumentError("cache blocks and bins must be at least 1");
  }
  if (!(options.low < options.high)) {
    return absl::InvalidArgumentError("the cache histogram's value range is empty");
  }
  return absl::OkStatus();
}

absl::StatusOr<BlockChanges> BlockChangeDetector::Compare(const float* frame, int64_t channels,
                                                          int64_t height, int64_t width) {
  if (!histograms_.empty() && (channels != channels_ || height != height_ || width != width_)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a frame of ", channels, "x", height, "x", width, " after frames of ", channels_, "x",
        height_, "x", width_, ": the cache holds results for the first size only"));
  }
  const int64_t size = options_.block_size, bins = options_.bins;
  BlockChanges changes;
  changes.block_size = size;
  changes.block_rows = (height + size - 1) / size;
  changes.block_cols = (width + size - 1) / size;
  const int64_t blocks = changes.block_rows * changes.block_cols;
  std::vector<float> histograms(blocks * channels * bins, 0.0f);
  const float scale = bins / (options_.high - options_.low);
  // Per column, where its block's histograms start within a row of blocks (no division per pixel).
  std::vector<int64_t> column_offsets(width);
  for (int64_t x = 0; x < width; ++x) column_offsets[x] = (x / size) * channels * bins;
  for (int64_t c = 0; c < channels; ++c) {
    const float* plane = frame + c * height * width;
    for (int64_t y = 0; y < height; ++y) {
      float* row_blocks =
          histograms.data() + (y / size) * changes.block_cols * channels * bins + c * bins;
      const float* row = plane + y * width;
      for (int64_t x = 0; x < width; ++x) {
        const float position = (row[x] - options_.low) * scale;
        // NaN and values below low go to bin 0.
        const int64_t bin = position >= 0 ? std::min(static_cast<int64_t>(position), bins - 1) : 0;
        row_blocks[column_offsets[x] + bin] += 1;
      }
    }
  }
  for (int64_t by = 0; by < changes.block_rows; ++by) {
    for (int64_t bx = 0; bx < changes.block_cols; ++bx) {
      const int64_t pixels = (std::min(height, (by + 1) * size) - by * size) *
                             (std::min(width, (bx + 1) * size) - bx * size) * channels;
      float* block = histograms.data() + (by * changes.block_cols + bx) * channels * bins;
      for (int64_t i = 0; i < channels * bins; ++i) block[i] /= pixels;
    }
  }
  changes.changed.assign(blocks, true);
  if (histograms_.empty()) {
    histograms_ = histograms;
  } else {
    for (int64_t b = 0; b < blocks; ++b) {
      const float* now = histograms.data() + b * channels * bins;
      float* reference = histograms_.data() + b * channels * bins;
      double distance = 0;
      for (int64_t i = 0; i < channels * bins; ++i) {
        const double sum = static_cast<double>(now[i]) + reference[i];
        const double difference = static_cast<double>(now[i]) - reference[i];
        if (sum > 0) distance += difference * difference / sum;
      }
      changes.changed[b] = distance > options_.threshold;
      if (changes.changed[b]) std::copy(now, now + channels * bins, reference);
    }
  }
  last_ = std::move(histograms);
  channels_ = channels;
  height_ = height;
  width_ = width;
  return changes;
}

}  // namespace sentio::cnn::caching
