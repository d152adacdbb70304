// An 8-bit RGB image and bilinear resizing as OpenCV 4.6's cv::resize INTER_LINEAR does it on
// 8-bit images, so that our CNN inputs equal those of cv::dnn::blobFromImage: pixel centres aligned
// (source = (destination + 0.5) * scale - 0.5, clamped at the edges), 11-bit fixed-point weights,
// and the rounding of OpenCV's vectorised vertical pass. Checked identical to OpenCV on
// 320x240 -> 320x320 (the YOLO input), 100x80 -> 64x48 and 50x40 -> 77x33; upscaling by 3 or
// more differs from it by 1 in a few percent of the values. OpenCV switches to area averaging for
// an exact halving of both sides; this does not.
#ifndef CNN_VISION_RGB_IMAGE_H_
#define CNN_VISION_RGB_IMAGE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio::cnn::vision {

// Pixels interleaved, rows packed: pixel (x, y) starts at 3 * (y * width + x).
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;
};

// `image` resized to width x height (both positive).
absl::StatusOr<RgbImage> ResizeBilinear(const RgbImage& image, int width, int height);

}  // namespace sentio::cnn::vision

#endif  // CNN_VISION_RGB_IMAGE_H_
