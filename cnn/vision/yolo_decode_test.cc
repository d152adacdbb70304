#include "cnn/vision/yolo_decode.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::vision {
namespace {

using ::testing::HasSubstr;

// A [1, anchors * (5 + classes), rows, cols] output whose logits are all `fill`.
Tensor Output(int anchors, int classes, int rows, int cols, float fill) {
  const Shape shape = {1, anchors * (5 + classes), rows, cols};
  return Tensor::FromValues(shape, std::vector<float>(NumElements(shape).value(), fill)).value();
}

void Set(Tensor& t, int anchor, int classes, int k, int y, int x, float value) {
  t[((anchor * (5 + classes) + k) * t.dim(2) + y) * t.dim(3) + x] = value;
}

cnn::YoloHead Head(cnn::YoloHead::Kind kind, std::vector<float> anchors, int classes) {
  cnn::YoloHead head;
  head.set_kind(kind);
  head.set_output("out");
  for (float a : anchors) head.add_anchors(a);
  head.set_classes(classes);
  head.set_scale_x_y(1.0f);
  head.set_input_width(40);
  head.set_input_height(40);
  return head;
}

TEST(YoloDecodeTest, YoloBoxesUseLogisticOffsetsAndAnchorsInInputPixels) {
  cnn::YoloHead head = Head(cnn::YoloHead::YOLO, {10, 20}, 2);
  Tensor out = Output(1, 2, 2, 2, -10.0f);
  // Cell row 1, column 0: centre offsets 0.5, width 2 * 10 pixels, height 20 pixels, class 1.
  Set(out, 0, 2, 0, 1, 0, 0.0f);
  Set(out, 0, 2, 1, 1, 0, 0.0f);
  Set(out, 0, 2, 2, 1, 0, std::log(2.0f));
  Set(out, 0, 2, 3, 1, 0, 0.0f);
  Set(out, 0, 2, 4, 1, 0, 10.0f);
  Set(out, 0, 2, 6, 1, 0, 10.0f);
  absl::StatusOr<std::vector<Detection>> detections = DecodeYoloHead(head, out, 0.5f);
  ASSERT_TRUE(detections.ok()) << detections.status();
  ASSERT_EQ(detections->size(), 1u);
  const Detection& d = (*detections)[0];
  EXPECT_EQ(d.class_id, 1);
  const float sure = 1.0f / (1.0f + std::exp(-10.0f));
  EXPECT_NEAR(d.score, sure * sure, 1e-6);
  EXPECT_NEAR(d.box.left, 0.25f - 0.25f, 1e-6);
  EXPECT_NEAR(d.box.top, 0.75f - 0.25f, 1e-6);
  EXPECT_NEAR(d.box.width, 0.5f, 1e-6);
  EXPECT_NEAR(d.box.height, 0.5f, 1e-6);

  // scale_x_y stretches the offset around the cell centre: logistic(10) ~ 1 -> 1.5 * 1.1.
  head.set_scale_x_y(2.0f);
  Set(out, 0, 2, 0, 1, 0, 10.0f);
  detections = DecodeYoloHead(head, out, 0.5f);
  ASSERT_EQ(detections->size(), 1u);
  EXPECT_NEAR((*detections)[0].box.left + 0.25f, (0 + (sure - 0.5f) * 2 + 0.5f) / 2, 1e-6);
}

TEST(YoloDecodeTest, RegionScoresUseSoftmaxAndAnchorsInCells) {
  cnn::YoloHead head = Head(cnn::YoloHead::REGION, {7, 7, 1.5f, 1}, 2);
  Tensor out = Output(2, 2, 2, 2, -10.0f);
  for (int k = 0; k < 4; ++k) Set(out, 1, 2, k, 0, 1, 0.0f);
  Set(out, 1, 2, 4, 0, 1, 0.0f);  // objectness 0.5
  Set(out, 1, 2, 5, 0, 1, 0.0f);
  Set(out, 1, 2, 6, 0, 1, std::log(3.0f));  // p = [0.25, 0.75]
  absl::StatusOr<std::vector<Detection>> detections = DecodeYoloHead(head, out, 0.3f);
  ASSERT_TRUE(detections.ok()) << detections.status();
  ASSERT_EQ(detections->size(), 1u);
  const Detection& d = (*detections)[0];
  EXPECT_EQ(d.class_id, 1);
  EXPECT_NEAR(d.score, 0.375f, 1e-6);
  EXPECT_NEAR(d.box.width, 0.75f, 1e-6);   // 1.5 cells of 2
  EXPECT_NEAR(d.box.height, 0.5f, 1e-6);   // 1 cell of 2
  EXPECT_NEAR(d.box.left, 0.75f - 0.375f, 1e-6);
  EXPECT_NEAR(d.box.top, 0.25f - 0.25f, 1e-6);
  EXPECT_TRUE(DecodeYoloHead(head, out, 0.376f)->empty());
}

TEST(YoloDecodeTest, OutputsThatDoNotFitTheHeadAreErrors) {
  cnn::YoloHead head = Head(cnn::YoloHead::YOLO, {10, 20}, 2);
  EXPECT_THAT(DecodeYoloHead(head, Output(2, 2, 2, 2, 0), 0.5f).status().message(),
              HasSubstr("YOLO head 'out' with 1 anchors of 2 classes cannot decode an output of "
                        "shape [1,14,2,2]"));
  head.set_input_width(0);
  EXPECT_THAT(DecodeYoloHead(head, Output(1, 2, 2, 2, 0), 0.5f).status().message(),
              HasSubstr("has no input size"));
  cnn::Model model;
  model.set_name("m");
  EXPECT_THAT(DetectObjects(model, {}, 0.5f, 0.4f).status().message(),
              HasSubstr("model 'm' has no detection heads"));
  *model.add_yolo_head() = Head(cnn::YoloHead::YOLO, {10, 20}, 2);
  EXPECT_THAT(DetectObjects(model, {}, 0.5f, 0.4f).status().message(),
              HasSubstr("no output 'out'"));
}

Detection Make(int class_id, float score, DetectionBox box) {
  Detection d;
  d.class_id = class_id;
  d.score = score;
  d.box = box;
  return d;
}

TEST(YoloDecodeTest, IntersectionOverUnion) {
  EXPECT_FLOAT_EQ(IntersectionOverUnion({0, 0, 1, 1}, {0, 0, 1, 0.5f}), 0.5f);
  EXPECT_FLOAT_EQ(IntersectionOverUnion({0, 0, 2, 1}, {1, 0, 2, 1}), 1.0f / 3);
  EXPECT_FLOAT_EQ(IntersectionOverUnion({0, 0, 1, 1}, {1, 1, 1, 1}), 0.0f);
  EXPECT_FLOAT_EQ(IntersectionOverUnion({0, 0, 0, 0}, {0, 0, 0, 0}), 0.0f);
}

TEST(YoloDecodeTest, SuppressionIsPerClassGreedyAndKeepsTies) {
  const std::vector<Detection> detections = {
      Make(0, 0.6f, {5, 5, 1, 1}),     // far away
      Make(0, 0.8f, {0, 0, 1, 0.5f}),  // IoU 0.5 with the best
      Make(0, 0.9f, {0, 0, 1, 1}),
      Make(1, 0.7f, {0, 0, 1, 1}),     // another class
  };
  std::vector<Detection> kept = SuppressNonMaximum(detections, 0.45f);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_FLOAT_EQ(kept[0].score, 0.9f);
  EXPECT_EQ(kept[1].class_id, 1);
  EXPECT_FLOAT_EQ(kept[2].score, 0.6f);
  EXPECT_EQ(SuppressNonMaximum(detections, 0.5f).size(), 4u);  // suppressed only above

  kept = SuppressNonMaximum({Make(0, 0.5f, {0, 0, 1, 1}), Make(0, 0.5f, {0, 0, 1, 0.9f})}, 0.3f);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_FLOAT_EQ(kept[0].box.height, 1.0f);
}

}  // namespace
}  // namespace sentio::cnn::vision
