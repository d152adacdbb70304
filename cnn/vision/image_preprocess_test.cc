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

}  // namespace
}  // namespace sentio::cnn::vision
