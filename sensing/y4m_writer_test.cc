#include "sensing/y4m_writer.h"

#include <cstdlib>
#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/frame_drawing.h"
#include "sensing/y4m_reader.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

VideoFrame Grayish420(int width, int height, uint8_t luma) {
  VideoFrame frame;
  frame.width = width;
  frame.height = height;
  frame.planes.push_back({width, height, width, std::vector<uint8_t>(width * height, luma)});
  const int cw = (width + 1) / 2, ch = (height + 1) / 2;
  for (int p = 0; p < 2; ++p)
    frame.planes.push_back({cw, ch, cw, std::vector<uint8_t>(cw * ch, 128)});
  return frame;
}

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

TEST(Y4mWriterTest, WritesWhatTheReaderReadsBackOnlyOnceClosed) {
  const std::string path = TempPath("out.y4m");
  auto writer = Y4mWriter::Create(path, 5, 3, PixelFormat::kYuv420, 25, 1);
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Write(Grayish420(5, 3, 16)).ok());
  VideoFrame second = Grayish420(5, 3, 200);
  second.planes[0].data[7] = 42;
  ASSERT_TRUE((*writer)->Write(second).ok());
  EXPECT_FALSE(std::filesystem::exists(path));  // only the .partial file so far
  EXPECT_THAT((*writer)->Write(Grayish420(4, 3, 0)).message(), HasSubstr("frame 2 is 4x3"));
  ASSERT_TRUE((*writer)->Close().ok());
  auto video = ReadY4mFile(path);
  ASSERT_TRUE(video.ok()) << video.status();
  EXPECT_EQ(video->width, 5);
  EXPECT_EQ(video->frame_rate_numerator, 25);
  ASSERT_EQ(video->frames.size(), 2u);
  EXPECT_EQ(video->frames[1].planes[0].data, second.planes[0].data);
  EXPECT_EQ(video->frames[1].planes[2].data, second.planes[2].data);
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(Y4mWriterTest, AnUnclosedVideoLeavesNoFile) {
  const std::string path = TempPath("abandoned.y4m");
  {
    auto writer = Y4mWriter::Create(path, 4, 4, PixelFormat::kYuv420, 30, 1);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Write(Grayish420(4, 4, 16)).ok());
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  EXPECT_THAT(Y4mWriter::Create("/nonexistent/dir/v.y4m", 4, 4, PixelFormat::kYuv420, 30, 1)
                  .status()
                  .message(),
              HasSubstr("cannot create /nonexistent/dir/v.y4m.partial"));
}

TEST(FrameDrawingTest, RectangleOutlineAndLabelStayInTheFrame) {
  VideoFrame frame = Grayish420(40, 30, 16);
  DrawRectangle(frame, 5, 5, 10, 8, 2, {255, 255, 255});
  const auto luma = [&](int x, int y) { return frame.planes[0].data[y * 40 + x]; };
  EXPECT_EQ(luma(5, 5), 235);    // white in limited range
  EXPECT_EQ(luma(14, 12), 235);  // the far corner, inside the rectangle
  EXPECT_EQ(luma(9, 9), 16);     // the inside is untouched
  EXPECT_EQ(luma(15, 13), 16);   // nothing beyond it
  // Partly outside: clipped, no write out of bounds.
  DrawRectangle(frame, 35, 25, 20, 20, 3, {255, 0, 0});
  EXPECT_EQ(luma(39, 29), 16);
  EXPECT_NE(luma(35, 25), 16);
  const int width = DrawLabel(frame, 0, 0, "Person 0.9", 1, {0, 0, 0}, {255, 255, 255});
  EXPECT_EQ(width, 61);
  EXPECT_EQ(luma(0, 0), 235);  // background
  EXPECT_EQ(luma(3, 1), 16);   // the top of the P in black
  DrawLabel(frame, 30, 25, "CLIPPED", 2, {0, 0, 0}, {255, 255, 255});
}

}  // namespace
}  // namespace sentio
