#include "cnn/vision/rgb_image.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::vision {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// Expected values from OpenCV 4.6's cv2.resize INTER_LINEAR on the same inputs.
TEST(RgbImageTest, ResizeUpAndDownMatchesOpenCv) {
  const RgbImage small = RgbImage{3, 2, {106, 152, 249, 131, 184, 200, 0, 21, 253,
                                      147, 202, 107, 249, 169, 138, 149, 119, 166}};
  absl::StatusOr<RgbImage> up = ResizeBilinear(small, 5, 4);
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_THAT(up->pixels,
              ElementsAreArray({106, 152, 249, 116, 165, 229, 131, 184, 200, 52,  86,  232,
                                0,   21,  253, 116, 165, 214, 134, 171, 202, 161, 180, 185,
                                86,  99,  212, 37,  46,  231, 137, 190, 143, 170, 183, 147,
                                220, 173, 154, 155, 126, 174, 112, 95,  188, 147, 202, 107,
                                188, 189, 119, 249, 169, 138, 189, 139, 155, 149, 119, 166}));

  const RgbImage large = RgbImage{
      7, 5,
      {224, 148, 172, 93,  167, 142, 248, 26,  81,  218, 150, 66,  2,   191, 60,  129, 179, 90,
       69,  104, 110, 97,  157, 106, 152, 251, 62,  7,   248, 171, 33,  123, 79,  176, 37,  20,
       94,  49,  149, 127, 206, 244, 28,  119, 54,  0,   192, 233, 18,  116, 191, 165, 184, 184,
       199, 165, 253, 174, 33,  113, 1,   85,  117, 119, 202, 235, 124, 228, 99,  219, 144, 255,
       80,  160, 144, 242, 18,  75,  183, 96,  223, 141, 165, 158, 48,  189, 33,  52,  241, 252,
       242, 2,   156, 36,  90,  232, 172, 176, 59,  202, 182, 240, 228, 91,  241}};
  absl::StatusOr<RgbImage> down = ResizeBilinear(large, 3, 2);
  ASSERT_TRUE(down.ok()) << down.status();
  EXPECT_THAT(down->pixels, ElementsAreArray({134, 205, 96, 79, 130, 76, 106, 114, 160, 104, 220,
                                              153, 69, 143, 166, 179, 127, 211}));

  EXPECT_EQ(ResizeBilinear(large, 7, 5)->pixels, large.pixels);
  EXPECT_THAT(ResizeBilinear(large, 0, 5).status().message(),
              HasSubstr("cannot resize a 7x5 image to 0x5"));
  EXPECT_FALSE(ResizeBilinear(RgbImage{2, 2, {1, 2, 3}}, 1, 1).ok());
}

}  // namespace
}  // namespace sentio::cnn::vision
