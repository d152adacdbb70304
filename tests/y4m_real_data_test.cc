// Reads the shared highway camera video (external/shared_data/video) with the YUV4MPEG2 reader
// and the Y4mFileSource stage, and checks facts found independently from the file's bytes with a
// separate Python parse: 51 frames of 320x240 C420jpeg at 10 fps, and plane sums.
#include <cstdint>
#include <numeric>
#include <string>

#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"
#include "sensing/y4m_reader.h"

namespace sentio {
namespace {

constexpr char kHighway[] = "external/shared_data/video/highway_320x240.y4m";

int64_t Sum(const ImagePlane& plane) {
  return std::accumulate(plane.data.begin(), plane.data.end(), int64_t{0});
}

TEST(Y4mRealDataTest, ReadsTheHighwayVideo) {
  auto video = ReadY4mFile(kHighway);
  ASSERT_TRUE(video.ok()) << video.status();
  EXPECT_EQ(video->width, 320);
  EXPECT_EQ(video->height, 240);
  EXPECT_EQ(video->frame_rate_numerator, 10);
  EXPECT_EQ(video->frame_rate_denominator, 1);
  EXPECT_EQ(video->colourspace, "420jpeg");
  ASSERT_EQ(video->frames.size(), 51u);
  for (const VideoFrame& frame : video->frames) {
    ASSERT_EQ(frame.planes.size(), 3u);
    EXPECT_EQ(frame.planes[0].data.size(), 320u * 240u);
    EXPECT_EQ(frame.planes[1].width, 160);
    EXPECT_EQ(frame.planes[2].height, 120);
  }
  const VideoFrame& first = video->frames.front();
  EXPECT_EQ(Sum(first.planes[0]), 11431070);
  EXPECT_EQ(first.planes[0].data.front(), 208);
  EXPECT_EQ(first.planes[0].data.back(), 16);
  const VideoFrame& last = video->frames.back();
  EXPECT_EQ(Sum(last.planes[1]), 2410706);
  EXPECT_EQ(last.planes[2].data[5], 122);
}

TEST(Y4mRealDataTest, SourceReplaysEveryFrameAtTenPerSecond) {
  auto stage = FakeStageContext::ForStage("Y4mFileSource", {{"path", std::string(kHighway)}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  while (!context->source_done) ASSERT_TRUE(source->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 51u);
  EXPECT_EQ(context->emitted.back().second.timestamp_us(), 5000000);
  EXPECT_EQ(context->emitted.back().second.Get<VideoFrame>()->width, 320);
}

}  // namespace
}  // namespace sentio
