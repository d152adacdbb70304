// Turning images into CNN input tensors as cv::dnn::blobFromImage does (without mean subtraction
// or cropping): resize (cnn/vision/rgb_image.h), then an NCHW float tensor of the R, G and B planes
// times a scale (1 / 255 for YOLO). With cnn/vision/frame_to_rgb.h this takes video frames to
// network inputs.
#ifndef CNN_VISION_IMAGE_PREPROCESS_H_
#define CNN_VISION_IMAGE_PREPROCESS_H_

#include "absl/status/statusor.h"
#include "cnn/ir/tensor.h"
#include "cnn/vision/rgb_image.h"

namespace sentio::cnn::vision {

// [1, 3, height, width]: the R, G and B planes, each value times `scale`.
absl::StatusOr<Tensor> RgbToTensor(const RgbImage& image, float scale);

// `image` resized to width x height, as RgbToTensor.
absl::StatusOr<Tensor> ImageToInputTensor(const RgbImage& image, int width, int height,
                                          float scale);

}  // namespace sentio::cnn::vision

#endif  // CNN_VISION_IMAGE_PREPROCESS_H_
