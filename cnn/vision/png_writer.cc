#include "cnn/vision/png_writer.h"

#include <png.h>

#include "absl/strings/str_cat.h"
#include "base/file_writing.h"
#include "base/status_macros.h"

namespace sentio::cnn::vision {

absl::StatusOr<std::string> EncodePng(const RgbImage& image) {
  if (image.width < 1 || image.height < 1 ||
      image.pixels.size() != static_cast<size_t>(image.width) * image.height * 3) {
    return absl::InvalidArgumentError(absl::StrCat("cannot encode a ", image.width, "x",
                                                   image.height, " image of ", image.pixels.size(),
                                                   " bytes as PNG"));
  }
  // libpng's simplified API: no setjmp, errors reported in `png.message`.
  png_image png = {};
  png.version = PNG_IMAGE_VERSION;
  png.width = static_cast<png_uint_32>(image.width);
  png.height = static_cast<png_uint_32>(image.height);
  png.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&png, nullptr, &size, 0, image.pixels.data(), 0, nullptr)) {
    return absl::InternalError(absl::StrCat("libpng: ", png.message));
  }
  std::string bytes(size, '\0');
  if (!png_image_write_to_memory(&png, bytes.data(), &size, 0, image.pixels.data(), 0, nullptr)) {
    return absl::InternalError(absl::StrCat("libpng: ", png.message));
  }
  bytes.resize(size);
  return bytes;
}

absl::Status WritePng(const std::string& path, const RgbImage& image) {
  absl::StatusOr<std::string> bytes = EncodePng(image);
  if (!bytes.ok()) {
    return absl::Status(bytes.status().code(), absl::StrCat(path, ": ", bytes.status().message()));
  }
  return WriteWholeFile(path, *bytes);
}

}  // namespace sentio::cnn::vision
