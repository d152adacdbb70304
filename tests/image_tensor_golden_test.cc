// The first frame of the shared road video turned into CNN input tensors by ImageToTensor
// (cnn/vision/image_preprocess.h) in each fit mode, channel order and normalisation, against the
// tensors OpenCV and NumPy make (tools/make_image_tensor_goldens.py, which lists the same cases).
#include <string>

#include "cnn/ir/npy.h"
#include "cnn/vision/frame_to_rgb.h"
#include "cnn/vision/image_preprocess.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/y4m_reader.h"

namespace sentio {
namespace {

using cnn::vision::ChannelOrder;
using cnn::vision::FitMode;
using cnn::vision::ImageTensorOptions;
using cnn::vision::RgbImage;

constexpr float kImageNetMean[3] = {0.485f, 0.456f, 0.406f};
constexpr float kImageNetStd[3] = {0.229f, 0.224f, 0.225f};

struct GoldenCase {
  std::string name;
  ImageTensorOptions options;
};

ImageTensorOptions ImageNet(FitMode fit, int width, int height, ChannelOrder order, uint8_t pad) {
  ImageTensorOptions options;
  options.fit = fit;
  options.width = width;
  options.height = height;
  options.channels = order;
  options.scale = 1.0f / 255;
  options.pad = pad;
  for (int c = 0; c < 3; ++c) {
    const int rgb = order == ChannelOrder::kRgb ? c : 2 - c;
    options.mean[c] = kImageNetMean[rgb];
    options.std[c] = kImageNetStd[rgb];
  }
  return options;
}

ImageTensorOptions CaffeBgr(int width, int height) {
  ImageTensorOptions options;
  options.width = width;
  options.height = height;
  options.channels = ChannelOrder::kBgr;
  options.mean = {104, 117, 123};
  return options;
}

class ImageTensorGoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(ImageTensorGoldenTest, EqualsOpenCvAndNumPy) {
  absl::StatusOr<Y4mFrameReader> video =
      Y4mFrameReader::OpenFile("external/shared_data/video/road_320x240.y4m");
  ASSERT_TRUE(video.ok()) << video.status();
  absl::StatusOr<std::optional<VideoFrame>> frame = video->Next();
  ASSERT_TRUE(frame.ok() && frame->has_value()) << frame.status();
  absl::StatusOr<RgbImage> rgb = cnn::vision::FrameToRgb(**frame);
  ASSERT_TRUE(rgb.ok()) << rgb.status();

  const GoldenCase& golden = GetParam();
  absl::StatusOr<cnn::Tensor> expected =
      cnn::ReadNpyFile("tests/testdata/image_tensors/" + golden.name + ".npy");
  ASSERT_TRUE(expected.ok()) << expected.status();
  absl::StatusOr<cnn::Tensor> tensor = cnn::vision::ImageToTensor(*rgb, golden.options);
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  ASSERT_EQ(tensor->shape(), expected->shape());
  int differing = 0;
  for (int64_t i = 0; i < tensor->size(); ++i) {
    if (std::abs(tensor->data()[i] - expected->data()[i]) > 1e-5f) ++differing;
  }
  EXPECT_EQ(differing, 0) << "of " << tensor->size() << " values";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ImageTensorGoldenTest,
    ::testing::Values(GoldenCase{"letterbox_64x64_imagenet",
                                 ImageNet(FitMode::kLetterbox, 64, 64, ChannelOrder::kRgb, 114)},
                      GoldenCase{"crop_56x56_imagenet_bgr",
                                 ImageNet(FitMode::kCrop, 56, 56, ChannelOrder::kBgr, 0)},
                      GoldenCase{"stretch_40x30_caffe_bgr", CaffeBgr(40, 30)}),
    [](const ::testing::TestParamInfo<GoldenCase>& info) { return info.param.name; });

}  // namespace
}  // namespace sentio
