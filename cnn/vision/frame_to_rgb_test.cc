#include "cnn/vision/frame_to_rgb.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/packet.h"

namespace sentio::cnn::vision {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

ImagePlane Plane(int width, int height, std::vector<uint8_t> data) {
  ImagePlane plane;
  plane.width = width;
  plane.height = height;
  plane.stride = width;
  plane.data = std::move(data);
  return plane;
}

VideoFrame Yuv420(int width, int height, std::vector<uint8_t> y, std::vector<uint8_t> u,
                  std::vector<uint8_t> v) {
  VideoFrame frame;
  frame.width = width;
  frame.height = height;
  frame.format = PixelFormat::kYuv420;
  const int chroma_width = (width + 1) / 2, chroma_height = (height + 1) / 2;
  frame.planes = {Plane(width, height, std::move(y)),
                  Plane(chroma_width, chroma_height, std::move(u)),
                  Plane(chroma_width, chroma_height, std::move(v))};
  return frame;
}

// The expected values come from OpenCV 4.6 (cv2.cvtColor COLOR_YUV2BGR_I420, channels reversed)
// on the same input.
TEST(FrameToRgbTest, Yuv420ToRgbMatchesOpenCv) {
  const VideoFrame frame =
      Yuv420(4, 2, {16, 235, 128, 90, 60, 128, 200, 30}, {128, 20}, {255, 200});
  absl::StatusOr<RgbImage> rgb = FrameToRgb(frame);
  ASSERT_TRUE(rgb.ok()) << rgb.status();
  EXPECT_EQ(rgb->width, 4);
  EXPECT_THAT(rgb->pixels,
              ElementsAreArray({203, 0, 0, 255, 152, 255, 245, 114, 0, 201, 70, 0,
                                254, 0, 51, 255, 27, 130, 255, 198, 0, 131, 0, 0}));
}

TEST(FrameToRgbTest, OddSizesShareTheLastChromaSampleAndStridesAreHonoured) {
  VideoFrame frame = Yuv420(3, 1, {16, 16, 235}, {128, 128}, {128, 128});
  frame.planes[0].stride = 5;
  frame.planes[0].data = {16, 16, 235, 99, 99};
  absl::StatusOr<RgbImage> rgb = FrameToRgb(frame);
  ASSERT_TRUE(rgb.ok()) << rgb.status();
  EXPECT_THAT(rgb->pixels, ElementsAre(0, 0, 0, 0, 0, 0, 255, 255, 255));
}

TEST(FrameToRgbTest, GrayFramesGiveEqualChannels) {
  VideoFrame frame;
  frame.width = 2;
  frame.height = 1;
  frame.format = PixelFormat::kGray;
  frame.planes = {Plane(2, 1, {7, 200})};
  EXPECT_THAT(FrameToRgb(frame)->pixels, ElementsAre(7, 7, 7, 200, 200, 200));
}

TEST(FrameToRgbTest, MalformedFramesAreErrors) {
  VideoFrame frame = Yuv420(4, 2, {1, 2, 3}, {128, 20}, {255, 200});
  EXPECT_THAT(FrameToRgb(frame).status().message(),
              HasSubstr("the Y plane (4x2, stride 4, 3 bytes) does not hold 4x2 samples"));
  frame = Yuv420(4, 2, std::vector<uint8_t>(8), {128}, {255, 200});
  frame.planes[1].width = 1;
  EXPECT_THAT(FrameToRgb(frame).status().message(), HasSubstr("the U plane"));
  frame.planes.pop_back();
  EXPECT_THAT(FrameToRgb(frame).status().message(), HasSubstr("with 2 planes"));
  frame.width = 0;
  EXPECT_THAT(FrameToRgb(frame).status().message(), HasSubstr("0x2 pixels"));
  EXPECT_THAT(ReadY4mAsRgb("/nonexistent/video.y4m").status().message(),
              HasSubstr("/nonexistent/video.y4m"));
}

}  // namespace
}  // namespace sentio::cnn::vision
