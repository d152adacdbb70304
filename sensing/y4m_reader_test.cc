#include "sensing/y4m_reader.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A 3x2 4:2:0 frame: 6 luma bytes, then 2x1 U and V planes.
std::string Frame420(char first) {
  std::string frame;
  for (int i = 0; i < 10; ++i) frame.push_back(static_cast<char>(first + i));
  return frame;
}

TEST(Y4mReaderTest, ReadsA420VideoWithFrameParameters) {
  const std::string bytes =
      "YUV4MPEG2 W3 H2 F30000:1001 Ip A1:1 C420jpeg XYSCSS=420JPEG\n"
      "FRAME\n" +
      Frame420(10) + "FRAME Ip XFOO=1\n" + Frame420(50);
  auto video = ParseY4m(bytes, "tiny.y4m");
  ASSERT_TRUE(video.ok()) << video.status();
  EXPECT_EQ(video->width, 3);
  EXPECT_EQ(video->height, 2);
  EXPECT_EQ(video->frame_rate_numerator, 30000);
  EXPECT_EQ(video->frame_rate_denominator, 1001);
  EXPECT_EQ(video->colourspace, "420jpeg");
  ASSERT_EQ(video->frames.size(), 2u);
  const VideoFrame& second = video->frames[1];
  EXPECT_EQ(second.format, PixelFormat::kYuv420);
  ASSERT_EQ(second.planes.size(), 3u);
  EXPECT_EQ(second.planes[0].width, 3);
  EXPECT_EQ(second.planes[0].stride, 3);
  EXPECT_THAT(second.planes[0].data, ElementsAre(50, 51, 52, 53, 54, 55));
  EXPECT_EQ(second.planes[1].width, 2);
  EXPECT_EQ(second.planes[1].height, 1);
  EXPECT_THAT(second.planes[1].data, ElementsAre(56, 57));
  EXPECT_THAT(second.planes[2].data, ElementsAre(58, 59));
}

TEST(Y4mReaderTest, FrameReaderGivesOneFrameAtATimeThenTheEnd) {
  const std::string bytes = "YUV4MPEG2 W3 H2 F25:1\nFRAME\n" + Frame420(10) + "FRAME\n" +
                            Frame420(50) + "FRAME\n" + Frame420(90).substr(0, 4);
  auto reader = Y4mFrameReader::Open(std::make_unique<std::istringstream>(bytes), "stream.y4m");
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(reader->header().frame_rate_numerator, 25);
  EXPECT_TRUE(reader->header().frames.empty());
  auto first = reader->Next();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->planes[0].data[0], 10);
  auto second = reader->Next();
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->planes[2].data[1], 59);
  EXPECT_THAT(reader->Next().status().message(),
              HasSubstr("stream.y4m: frame 2 is truncated: it needs 10 bytes, the file has 4"));

  auto complete = Y4mFrameReader::Open(
      std::make_unique<std::istringstream>("YUV4MPEG2 W3 H2 F25:1\nFRAME\n" + Frame420(0)), "a");
  ASSERT_TRUE(complete.ok());
  ASSERT_TRUE(complete->Next().ok());
  auto end = complete->Next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());
  EXPECT_EQ(complete->frames_read(), 1);

  EXPECT_THAT(Y4mFrameReader::Open(std::make_unique<std::istringstream>("YUV4MPEG2 W3 H2 F25:1" +
                                                                        std::string(5000, ' ')),
                                   "long.y4m")
                  .status()
                  .message(),
              HasSubstr("long.y4m: the YUV4MPEG2 header line is over 4096 bytes"));
  EXPECT_THAT(Y4mFrameReader::OpenFile("/nonexistent.y4m").status().message(),
              HasSubstr("cannot open '/nonexistent.y4m'"));
}

// The largest frame a header may declare (32768x32768, 1.5 GiB in 4:2:0) over a file of a few
// bytes: refused as truncated; the frame is read in pieces, so no more memory is taken than the
// file holds (tests/header_limits_test.sh checks that under a memory limit).
TEST(Y4mReaderTest, HugeFrameOverAShortFileIsTruncated) {
  auto reader = Y4mFrameReader::Open(
      std::make_unique<std::istringstream>("YUV4MPEG2 W32768 H32768 F25:1\nFRAME\nabc"),
      "huge.y4m");
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_THAT(
      reader->Next().status().message(),
      HasSubstr("huge.y4m: frame 0 is truncated: it needs 1610612736 bytes, the file has 3"));
}

TEST(Y4mReaderTest, AcceptsEvery8BitVariantAndDefaultsTo420jpeg) {
  for (const char* colourspace : {" C420", " C420paldv", " C420mpeg2", ""}) {
    auto video = ParseY4m(
        absl::StrCat("YUV4MPEG2 W3 H2 F25:1", colourspace, "\nFRAME\n", Frame420(0)), "v.y4m");
    ASSERT_TRUE(video.ok()) << colourspace << ": " << video.status();
    EXPECT_EQ(video->format, PixelFormat::kYuv420);
    EXPECT_EQ(video->frames.size(), 1u);
  }
  auto mono = ParseY4m("YUV4MPEG2 W2 H2 F25:1 Cmono\nFRAME\n\x01\x02\x03\x04", "m.y4m");
  ASSERT_TRUE(mono.ok()) << mono.status();
  EXPECT_EQ(mono->format, PixelFormat::kGray);
  ASSERT_EQ(mono->frames[0].planes.size(), 1u);
  EXPECT_THAT(mono->frames[0].planes[0].data, ElementsAre(1, 2, 3, 4));
}

TEST(Y4mReaderTest, HeaderWithoutFramesIsAnEmptyVideo) {
  auto video = ParseY4m("YUV4MPEG2 W4 H4 F25:1\n", "empty.y4m");
  ASSERT_TRUE(video.ok());
  EXPECT_TRUE(video->frames.empty());
}

TEST(Y4mReaderTest, MalformedFilesAreNamed) {
  const std::string frame = "FRAME\n" + Frame420(0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "bad.y4m: not a YUV4MPEG2 file (bad magic)"},
      {"RIFF....WAVE\n", "bad magic"},
      {"YUV4MPEG2 W3 H2 F25:1", "header line has no end"},
      {"YUV4MPEG W3 H2 F25:1\n", "bad magic"},
      {"YUV4MPEG2 H2 F25:1\n", "lacks W (width) or H (height)"},
      {"YUV4MPEG2 W3 F25:1\n", "lacks W (width) or H (height)"},
      {"YUV4MPEG2 Wabc H2 F25:1\n", "bad frame width 'Wabc'"},
      {"YUV4MPEG2 W3 H0 F25:1\n", "bad frame height 'H0'"},
      {"YUV4MPEG2 W3 H2\n", "lacks F (frame rate)"},
      {"YUV4MPEG2 W3 H2 F25\n", "bad frame rate 'F25'"},
      {"YUV4MPEG2 W3 H2 F25:0\n", "bad frame rate"},
      {"YUV4MPEG2 W3 H2 F25:1 C444\n", "unsupported colourspace C444"},
      {"YUV4MPEG2 W3 H2 F25:1 C420p10\n", "unsupported colourspace C420p10"},
      {"YUV4MPEG2 W3 H2 F25:1\nFRAMES\n", "expected a FRAME line after the header"},
      {"YUV4MPEG2 W3 H2 F25:1\nFRAME", "frame 0: the FRAME line has no end"},
      {"YUV4MPEG2 W3 H2 F25:1\n" + frame + "FRAME\n" + Frame420(0).substr(0, 7),
       "frame 1 is truncated: it needs 10 bytes, the file has 7"},
      {"YUV4MPEG2 W3 H2 F25:1\n" + frame + "xx" + frame,
       "frame 0 is not followed by a FRAME line: its size differs from the 10 bytes that 3x2 "
       "C420jpeg needs"}};
  for (const auto& [bytes, message] : cases) {
    EXPECT_THAT(ParseY4m(bytes, "bad.y4m").status().message(), HasSubstr(message)) << bytes;
  }
}

TEST(Y4mReaderTest, ReadsFilesAndNamesMissingOnes) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/v.y4m";
  std::ofstream(path, std::ios::binary) << "YUV4MPEG2 W3 H2 F25:1\nFRAME\n" << Frame420(0);
  auto video = ReadY4mFile(path);
  ASSERT_TRUE(video.ok()) << video.status();
  EXPECT_EQ(video->frames.size(), 1u);
  EXPECT_THAT(ReadY4mFile("/no/such.y4m").status().message(), HasSubstr("/no/such.y4m"));
}

}  // namespace
}  // namespace sentio
