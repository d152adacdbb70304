#include <optional>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"
#include "sensing/frame_drawing.h"

namespace sentio {
namespace {

// A grey 32x24 4:2:0 frame.
VideoFrame GreyFrame() {
  VideoFrame frame;
  frame.width = 32;
  frame.height = 24;
  frame.planes = {{32, 24, 32, std::vector<uint8_t>(32 * 24, 128)},
                  {16, 12, 16, std::vector<uint8_t>(16 * 12, 128)},
                  {16, 12, 16, std::vector<uint8_t>(16 * 12, 128)}};
  return frame;
}

Detections OneBox() {
  Detections detections;
  detections.frame_width = 32;
  detections.frame_height = 24;
  detections.objects = {{0, "person", 0.9f, 4, 4, 12, 10}};
  return detections;
}

TEST(DetectionOverlayStageTest, DrawsEachFramesDetectionsAndPassesLoneFramesOn) {
  auto stage = FakeStageContext::ForStage("DetectionOverlayStage", {});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [overlay, context] = *stage;
  ASSERT_TRUE(overlay->Open(*context).ok());

  // A frame with its detections: drawn as DrawDetections draws.
  context->SetAlignedInputs({Packet::Make(100, GreyFrame()), Packet::Make(100, OneBox())});
  ASSERT_TRUE(overlay->Process(*context).ok());
  // A frame the detector never saw: unchanged.
  context->SetAlignedInputs({Packet::Make(200, GreyFrame()), std::nullopt});
  ASSERT_TRUE(overlay->Process(*context).ok());
  // Detections of a frame this stage never got: nothing to draw on.
  context->SetAlignedInputs({std::nullopt, Packet::Make(300, OneBox())});
  ASSERT_TRUE(overlay->Process(*context).ok());

  ASSERT_EQ(context->emitted.size(), 2u);
  VideoFrame expected = GreyFrame();
  DrawDetections(OneBox(), expected);
  const VideoFrame& drawn = *context->emitted[0].second.Get<VideoFrame>();
  EXPECT_EQ(context->emitted[0].second.timestamp_us(), 100);
  EXPECT_EQ(drawn.planes[0].data, expected.planes[0].data);
  EXPECT_NE(drawn.planes[0].data, GreyFrame().planes[0].data);
  EXPECT_EQ(context->emitted[1].second.timestamp_us(), 200);
  EXPECT_EQ(context->emitted[1].second.Get<VideoFrame>()->planes[0].data,
            GreyFrame().planes[0].data);
}

}  // namespace
}  // namespace sentio
