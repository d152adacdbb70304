// Turning images into CNN input tensors: the image fitted to the network's size (stretched as
// cv::dnn::blobFromImage does, letterboxed, or scaled to cover and centre-cropped; resizing by
// cnn/vision/rgb_image.h), then an NCHW float tensor of its three planes in RGB or BGR order, each
// value (pixel * scale - mean) / std per channel: 1 / 255 for YOLO, ImageNet's mean and std for
// torchvision's classifiers, Caffe's BGR means at scale 1. With cnn/vision/frame_to_rgb.h this
// takes video frames to network inputs.
#ifndef CNN_VISION_IMAGE_PREPROCESS_H_
#define CNN_VISION_IMAGE_PREPROCESS_H_

#include <array>
#include <cstdint>

#include "absl/status/statusor.h"
#include "cnn/ir/tensor.h"
#include "cnn/vision/rgb_image.h"

namespace sentio::cnn::vision {

// How an image of w x h is fitted to the tensor's width x height.
enum class FitMode {
  kStretch,  // resized to width x height; the aspect ratio changes
  // Scaled by s = min(width / w, height / h) to round(w s) x round(h s) (halves round up), placed
  // at ((width - that) / 2, (height - that) / 2) rounded down; the rest is `pad`.
  kLetterbox,
  // Scaled by s = max(width / w, height / h) to round(w s) x round(h s), and the width x height
  // window at ((that - width) / 2, (that - height) / 2) rounded down kept.
  kCrop,
};

enum class ChannelOrder { kRgb, kBgr };

struct ImageTensorOptions {
  int width = 0;  // the tensor's, both positive
  int height = 0;
  FitMode fit = FitMode::kStretch;
  ChannelOrder channels = ChannelOrder::kRgb;
  // Each value is (pixel * scale - mean[c]) / std[c], c counted in the tensor's channel order.
  float scale = 1.0f;
  std::array<float, 3> mean = {0, 0, 0};
  std::array<float, 3> std = {1, 1, 1};  // each non-zero
  uint8_t pad = 0;                       // the letterbox's border, as a pixel value
};

// [1, 3, height, width] from `image` as `options` say.
absl::StatusOr<Tensor> ImageToTensor(const RgbImage& image, const ImageTensorOptions& options);

// [1, 3, height, width]: the R, G and B planes, each value times `scale`.
absl::StatusOr<Tensor> RgbToTensor(const RgbImage& image, float scale);

// `image` resized to width x height, as RgbToTensor.
absl::StatusOr<Tensor> ImageToInputTensor(const RgbImage& image, int width, int height,
                                          float scale);

}  // namespace sentio::cnn::vision

#endif  // CNN_VISION_IMAGE_PREPROCESS_H_
