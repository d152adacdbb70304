#include "cnn/vision/image_preprocess.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio::cnn::vision {

absl::StatusOr<Tensor> RgbToTensor(const RgbImage& image, float scale) {
  const int64_t plane = static_cast<int64_t>(image.width) * image.height;
  if (image.width < 1 || image.height < 1 || static_cast<int64_t>(image.pixels.size()) != 3 * plane) {
    return absl::InvalidArgumentError(absl::StrCat("a ", image.width, "x", image.height,
                                                   " RGB image with ", image.pixels.size(),
                                                   " bytes"));
  }
  std::vector<float> values(3 * plane);
  for (int64_t i = 0; i < plane; ++i) {
    for (int c = 0; c < 3; ++c) values[c * plane + i] = image.pixels[3 * i + c] * scale;
  }
  return Tensor::FromValues({1, 3, image.height, image.width}, std::move(values));
}

absl::StatusOr<Tensor> ImageToInputTensor(const RgbImage& image, int width, int height,
                                          float scale) {
  ASSIGN_OR_RETURN(RgbImage resized, ResizeBilinear(image, width, height));
  return RgbToTensor(resized, scale);
}

}  // namespace sentio::cnn::vision
