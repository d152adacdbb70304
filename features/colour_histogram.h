// Per-block colour histograms of a video frame and the chi-square distance between two of them:
// the test DeepMon's convolutional cache uses to decide that an image block has not changed since
// the previous frame, so that block's cached convolution results can be reused.
//
// A frame is cut into square blocks of `block_size` pixels from the top-left corner; blocks at the
// right and bottom edges may be smaller. Each block's histogram has `bins_per_channel` bins for
// each of the three channels (Y, U, V or R, G, B), concatenated in that order; a byte v falls in
// bin v * bins_per_channel / 256. The histogram is normalised so that all its bins together sum
// to 1 (each channel's bins sum to 1/3), which bounds the chi-square distance to [0, 2].
#ifndef FEATURES_COLOUR_HISTOGRAM_H_
#define FEATURES_COLOUR_HISTOGRAM_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace sentio {

// One 8-bit image plane: row r starts at data[r * stride]; a row holds width samples of
// `samples_per_pixel` bytes each (3 for interleaved RGB, 1 for a Y, U or V plane).
struct ImagePlane {
  absl::Span<const uint8_t> data;
  int width = 0;
  int height = 0;
  int stride = 0;  // bytes from one row to the next, at least width * samples_per_pixel
};

// Planar YUV 4:2:0 (I420): U and V at half resolution, ((width + 1) / 2) x ((height + 1) / 2).
struct Yuv420Frame {
  ImagePlane y, u, v;
};

struct ColourHistogramOptions {
  int block_size = 16;  // pixels; must be even for YUV 4:2:0 so that chroma blocks align
  int bins_per_channel = 16;
};

struct BlockHistograms {
  int blocks_across = 0;
  int blocks_down = 0;
  int bins_per_channel = 0;
  // blocks_across * blocks_down histograms, row by row; each has 3 * bins_per_channel values.
  std::vector<std::vector<double>> blocks;

  const std::vector<double>& at(int block_x, int block_y) const {
    return blocks[block_y * blocks_across + block_x];
  }
};

// Histograms of a YUV 4:2:0 frame: a block of luma pixels [x0, x1) x [y0, y1) takes the chroma
// samples [x0 / 2, (x1 + 1) / 2) x [y0 / 2, (y1 + 1) / 2). Fails, naming the plane, when a plane's
// size, stride or data does not match the frame, and on options out of range (block_size < 2 or
// odd, bins_per_channel not in 1..256).
absl::StatusOr<BlockHistograms> Yuv420BlockHistograms(const Yuv420Frame& frame,
                                                      const ColourHistogramOptions& options = {});

// Histograms of an interleaved RGB frame (3 bytes per pixel, R first). Fails on a plane whose
// stride or data is too small, and on options out of range (block_size < 1, bins_per_channel not
// in 1..256).
absl::StatusOr<BlockHistograms> RgbBlockHistograms(const ImagePlane& rgb,
                                                   const ColourHistogramOptions& options = {});

// Chi-square distance as DeepMon's cache test computes it: sum over the bins with a + b > 0 of
// (a - b)^2 / (a + b), with no factor 1/2. 0 for identical histograms, 2 for normalised
// histograms with no bin in common. Fails if the histograms differ in length.
absl::StatusOr<double> ChiSquareDistance(absl::Span<const double> a, absl::Span<const double> b);

}  // namespace sentio

#endif  // FEATURES_COLOUR_HISTOGRAM_H_
