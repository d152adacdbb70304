#include "cnn/caching/block_changes.h"

#include <algorithm>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "absl/strings/str_cat.h"

namespace sentio::cnn::caching {
namespace {

// slots[x] = offsets[x] + the bin of row[x]: (row[x] - low) * scale truncated to [0, last_bin],
// NaN and values below low in bin 0.
using BinFunction = void (*)(const float* row, int64_t width, float low, float scale,
                             int32_t last_bin, const int32_t* offsets, int32_t* slots);

void BinsPortable(const float* row, int64_t width, float low, float scale, int32_t last_bin,
                  const int32_t* offsets, int32_t* slots) {
  for (int64_t x = 0; x < width; ++x) {
    const float position = (row[x] - low) * scale;
    // Clamped as a float first, so that the conversion cannot overflow.
    slots[x] =
        offsets[x] + (position >= 0
                          ? static_cast<int32_t>(std::min(position, static_cast<float>(last_bin)))
                          : 0);
  }
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void BinsAvx2(const float* row, int64_t width, float low,
                                              float scale, int32_t last_bin, const int32_t* offsets,
                                              int32_t* slots) {
  const __m256 low8 = _mm256_set1_ps(low), scale8 = _mm256_set1_ps(scale);
  // Positions are clamped as floats first so that the conversion cannot overflow.
  const __m256 zero = _mm256_setzero_ps(), top = _mm256_set1_ps(static_cast<float>(last_bin));
  int64_t x = 0;
  for (; x + 8 <= width; x += 8) {
    const __m256 position = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(row + x), low8), scale8);
    // max(position, 0) gives 0 for NaN (the second operand when either is NaN).
    const __m256 clamped = _mm256_min_ps(_mm256_max_ps(position, zero), top);
    const __m256i bin = _mm256_cvttps_epi32(clamped);
    const __m256i offset = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(offsets + x));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(slots + x), _mm256_add_epi32(bin, offset));
  }
  BinsPortable(row + x, width - x, low, scale, last_bin, offsets + x, slots + x);
}
#endif

BinFunction BinFunctionForThisCpu() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2")) return BinsAvx2;
#endif
  return BinsPortable;
}

}  // namespace

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
  // Counts per block row and channel in four interleaved copies (pixel x into copy x % 4), so
  // that neighbouring pixels in the same bin do not wait on each other's increments.
  constexpr int kCopies = 4;
  const int64_t row_bins = changes.block_cols * bins;
  std::vector<int32_t> counts(kCopies * row_bins);
  std::vector<int32_t> column_offsets(width);
  for (int64_t x = 0; x < width; ++x) {
    column_offsets[x] = static_cast<int32_t>((x % kCopies) * row_bins + (x / size) * bins);
  }
  std::vector<int32_t> slots(width);  // per pixel of a row: the count it adds to
  const BinFunction bins_of = BinFunctionForThisCpu();
  for (int64_t c = 0; c < channels; ++c) {
    const float* plane = frame + c * height * width;
    for (int64_t by = 0; by < changes.block_rows; ++by) {
      std::fill(counts.begin(), counts.end(), 0);
      for (int64_t y = by * size; y < std::min(height, (by + 1) * size); ++y) {
        bins_of(plane + y * width, width, options_.low, scale, static_cast<int32_t>(bins - 1),
                column_offsets.data(), slots.data());
        for (int64_t x = 0; x < width; ++x) ++counts[slots[x]];
      }
      for (int64_t bx = 0; bx < changes.block_cols; ++bx) {
        float* block = histograms.data() + ((by * changes.block_cols + bx) * channels + c) * bins;
        for (int64_t b = 0; b < bins; ++b) {
          int32_t total = 0;
          for (int copy = 0; copy < kCopies; ++copy)
            total += counts[copy * row_bins + bx * bins + b];
          block[b] = static_cast<float>(total);
        }
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
