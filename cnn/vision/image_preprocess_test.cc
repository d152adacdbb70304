#include "cnn/vision/image_preprocess.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::vision {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ImagePreprocessTest, TensorHoldsScaledPlanes) {
  absl::StatusOr<Tensor> tensor = RgbToTensor(RgbImage{2, 1, {10, 20, 30, 40, 50, 60}}, 0.5f);
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_THAT(tensor->shape(), ElementsAre(1, 3, 1, 2));
  EXPECT_THAT(tensor->values(), ElementsAre(5, 20, 10, 25, 15, 30));
  EXPECT_THAT(RgbToTensor(RgbImage{2, 1, {1}}, 1.0f).status().message(),
              HasSubstr("a 2x1 RGB image with 1 bytes"));
}

TEST(ImagePreprocessTest, InputTensorIsResizedAndScaled) {
  absl::StatusOr<Tensor> tensor =
      ImageToInputTensor(RgbImage{1, 1, {10, 20, 30}}, 2, 3, 1.0f / 255);
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_THAT(tensor->shape(), ElementsAre(1, 3, 3, 2));
  EXPECT_FLOAT_EQ(tensor->values()[5], 10.0f / 255);
  EXPECT_FLOAT_EQ(tensor->values()[6], 20.0f / 255);
  EXPECT_FALSE(ImageToInputTensor(RgbImage{1, 1, {10, 20, 30}}, 0, 3, 1.0f).ok());
}

// A 4x2 image whose pixels are (R, G, B) = (10 * i, 10 * i + 1, 10 * i + 2) for pixel i.
RgbImage Numbered4x2() {
  RgbImage image{4, 2, {}};
  for (int i = 0; i < 8; ++i) {
    for (int c = 0; c < 3; ++c) image.pixels.push_back(static_cast<uint8_t>(10 * i + c));
  }
  return image;
}

TEST(ImagePreprocessTest, LetterboxCentresTheImageOnThePad) {
  ImageTensorOptions options;
  options.width = 4;
  options.height = 4;
  options.fit = FitMode::kLetterbox;
  options.pad = 7;
  absl::StatusOr<Tensor> tensor = ImageToTensor(Numbered4x2(), options);
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  EXPECT_THAT(tensor->shape(), ElementsAre(1, 3, 4, 4));
  // The red plane: a row of pad, the image's two rows, a row of pad.
  EXPECT_THAT(std::vector<float>(tensor->data(), tensor->data() + 16),
              ElementsAre(7, 7, 7, 7, 0, 10, 20, 30, 40, 50, 60, 70, 7, 7, 7, 7));
}

TEST(ImagePreprocessTest, CropKeepsTheCentreInBgrOrderNormalised) {
  ImageTensorOptions options;
  options.width = 2;
  options.height = 2;
  options.fit = FitMode::kCrop;
  options.channels = ChannelOrder::kBgr;
  options.mean = {2, 1, 0};
  options.std = {2, 1, 1};
  absl::StatusOr<Tensor> tensor = ImageToTensor(Numbered4x2(), options);
  ASSERT_TRUE(tensor.ok()) << tensor.status();
  // Columns 1 and 2; the first plane is blue: (B - 2) / 2.
  EXPECT_THAT(tensor->values(), ElementsAre(5, 10, 25, 30,     // blue
                                            10, 20, 50, 60,    // green: G - 1
                                            10, 20, 50, 60));  // red
  options.std = {1, 0, 1};
  EXPECT_THAT(ImageToTensor(Numbered4x2(), options).status().message(),
              HasSubstr("a standard deviation of 0"));
}

}  // namespace
}  // namespace sentio::cnn::vision
