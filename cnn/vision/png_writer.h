// RGB images (cnn/vision/rgb_image.h) as PNG files, through Debian's libpng: 8-bit RGB, no
// interlacing, default compression. The file is written whole or not at all (base/file_writing.h).
#ifndef CNN_VISION_PNG_WRITER_H_
#define CNN_VISION_PNG_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "cnn/vision/rgb_image.h"

namespace sentio::cnn::vision {

// The PNG file's bytes; fails on an empty or inconsistent image or a libpng error.
absl::StatusOr<std::string> EncodePng(const RgbImage& image);

absl::Status WritePng(const std::string& path, const RgbImage& image);

}  // namespace sentio::cnn::vision

#endif  // CNN_VISION_PNG_WRITER_H_
