#include <map>
#include <string>
#include <vector>

#include "cnn/vision/frame_to_rgb.h"
#include "cnn/vision/image_preprocess.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// An 8x6 4:2:0 frame with varied pixels.
VideoFrame TestFrame() {
  VideoFrame frame;
  frame.width = 8;
  frame.height = 6;
  auto plane = [](int width, int height, int seed) {
    ImagePlane p{width, height, width, std::vector<uint8_t>(width * height)};
    for (int i = 0; i < width * height; ++i) p.data[i] = static_cast<uint8_t>(seed + 37 * i);
    return p;
  };
  frame.planes = {plane(8, 6, 16), plane(4, 3, 90), plane(4, 3, 200)};
  return frame;
}

TEST(FrameTensorStageTest, EmitsTheFramesTensorAsImageToTensorMakesIt) {
  auto stage = FakeStageContext::ForStage("FrameTensorStage", {{"width", int64_t{5}},
                                                               {"height", int64_t{5}},
                                                               {"fit", std::string("letterbox")},
                                                               {"channels", std::string("bgr")},
                                                               {"mean", std::string("0.4,0.5,0.6")},
                                                               {"std", std::string("0.2,0.25,0.3")},
                                                               {"pad", int64_t{0}}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [tensors, context] = *stage;
  ASSERT_TRUE(tensors->Open(*context).ok());
  context->SetInput(0, Packet::Make(40000, TestFrame()));
  ASSERT_TRUE(tensors->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 1u);
  EXPECT_EQ(context->emitted[0].second.timestamp_us(), 40000);
  const TensorPayload& payload = *context->emitted[0].second.Get<TensorPayload>();
  EXPECT_THAT(payload.shape, ElementsAre(1, 3, 5, 5));

  cnn::vision::ImageTensorOptions options;
  options.width = options.height = 5;
  options.fit = cnn::vision::FitMode::kLetterbox;
  options.channels = cnn::vision::ChannelOrder::kBgr;
  options.scale = 1.0f / 255;
  options.mean = {0.4f, 0.5f, 0.6f};
  options.std = {0.2f, 0.25f, 0.3f};
  const cnn::Tensor expected =
      *cnn::vision::ImageToTensor(*cnn::vision::FrameToRgb(TestFrame()), options);
  EXPECT_EQ(payload.data, std::vector<float>(expected.data(), expected.data() + expected.size()));
}

TEST(FrameTensorStageTest, BadOptionsAreNamedWhenTheGraphOpens) {
  const std::vector<std::pair<std::map<std::string, OptionValue>, std::string>> cases = {
      {{{"width", int64_t{0}}}, "options width and height: 0x4"},
      {{{"fit", std::string("zoom")}}, "option fit 'zoom': expected stretch, letterbox or crop"},
      {{{"channels", std::string("rgba")}}, "option channels 'rgba': expected rgb or bgr"},
      {{{"mean", std::string("1,2")}}, "option mean '1,2': expected three comma-separated"},
      {{{"std", std::string("1,x,1")}}, "option std '1,x,1': 'x' is not a number"},
      {{{"std", std::string("1,0,1")}}, "option std: a standard deviation of 0"},
      {{{"pad", int64_t{256}}}, "option pad 256: expected 0 to 255"},
  };
  for (const auto& [options, message] : cases) {
    std::map<std::string, OptionValue> all = {{"width", int64_t{4}}, {"height", int64_t{4}}};
    for (const auto& [name, value] : options) all[name] = value;
    auto stage = FakeStageContext::ForStage("FrameTensorStage", all);
    ASSERT_TRUE(stage.ok()) << stage.status();
    EXPECT_THAT(stage->first->Open(*stage->second).message(), HasSubstr(message));
  }
}

}  // namespace
}  // namespace sentio
