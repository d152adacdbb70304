#include "cnn/vision/image_preprocess.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio::cnn::vision {
namespace {

absl::Status CheckImage(const RgbImage& image) {
  const int64_t plane = static_cast<int64_t>(image.width) * image.height;
  if (image.width < 1 || image.height < 1 ||
      static_cast<int64_t>(image.pixels.size()) != 3 * plane) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a ", image.width, "x", image.height, " RGB image with ", image.pixels.size(), " bytes"));
  }
  return absl::OkStatus();
}

// round(size * scale), halves up, at least 1.
int ScaledSize(int size, double scale) {
  return std::max(1, static_cast<int>(std::floor(size * scale + 0.5)));
}

// The tensor of `options`' size whose pixel (x, y) is the image's (x + dx, y + dy): the letterbox's
// border, where that lies outside the image, is `options.pad`.
Tensor PlaceImage(const RgbImage& image, int dx, int dy, const ImageTensorOptions& options) {
  const int64_t plane = static_cast<int64_t>(options.width) * options.height;
  std::vector<float> values(3 * plane);
  for (int c = 0; c < 3; ++c) {
    const int source = options.channels == ChannelOrder::kRgb ? c : 2 - c;
    const float mean = options.mean[c], std = options.std[c];
    auto value = [&](uint8_t pixel) { return (pixel * options.scale - mean) / std; };
    float* out = values.data() + c * plane;
    const float border = value(options.pad);
    for (int y = 0; y < options.height; ++y) {
      const int sy = y + dy;
      for (int x = 0; x < options.width; ++x) {
        const int sx = x + dx;
        const bool inside = sx >= 0 && sx < image.width && sy >= 0 && sy < image.height;
        out[static_cast<int64_t>(y) * options.width + x] =
            inside ? value(image.pixels[3 * (static_cast<int64_t>(sy) * image.width + sx) + source])
                   : border;
      }
    }
  }
  return *Tensor::FromValues({1, 3, options.height, options.width}, std::move(values));
}

}  // namespace

absl::StatusOr<Tensor> ImageToTensor(const RgbImage& image, const ImageTensorOptions& options) {
  RETURN_IF_ERROR(CheckImage(image));
  if (options.width < 1 || options.height < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("a tensor of ", options.width, "x", options.height, " pixels"));
  }
  for (float s : options.std) {
    if (s == 0) return absl::InvalidArgumentError("a standard deviation of 0");
  }
  const double wide = static_cast<double>(options.width) / image.width;
  const double high = static_cast<double>(options.height) / image.height;
  switch (options.fit) {
    case FitMode::kStretch: {
      if (image.width == options.width && image.height == options.height) {
        return PlaceImage(image, 0, 0, options);
      }
      ASSIGN_OR_RETURN(const RgbImage resized,
                       ResizeBilinear(image, options.width, options.height));
      return PlaceImage(resized, 0, 0, options);
    }
    case FitMode::kLetterbox: {
      const double scale = std::min(wide, high);
      const int width = std::min(options.width, ScaledSize(image.width, scale));
      const int height = std::min(options.height, ScaledSize(image.height, scale));
      ASSIGN_OR_RETURN(const RgbImage resized, ResizeBilinear(image, width, height));
      return PlaceImage(resized, -(options.width - width) / 2, -(options.height - height) / 2,
                        options);
    }
    case FitMode::kCrop: {
      const double scale = std::max(wide, high);
      const int width = std::max(options.width, ScaledSize(image.width, scale));
      const int height = std::max(options.height, ScaledSize(image.height, scale));
      ASSIGN_OR_RETURN(const RgbImage resized, ResizeBilinear(image, width, height));
      return PlaceImage(resized, (width - options.width) / 2, (height - options.height) / 2,
                        options);
    }
  }
  return absl::InternalError("unknown fit mode");
}

absl::StatusOr<Tensor> RgbToTensor(const RgbImage& image, float scale) {
  RETURN_IF_ERROR(CheckImage(image));
  ImageTensorOptions options;
  options.width = image.width;
  options.height = image.height;
  options.scale = scale;
  return PlaceImage(image, 0, 0, options);
}

absl::StatusOr<Tensor> ImageToInputTensor(const RgbImage& image, int width, int height,
                                          float scale) {
  ImageTensorOptions options;
  options.width = width;
  options.height = height;
  options.scale = scale;
  return ImageToTensor(image, options);
}

}  // namespace sentio::cnn::vision
