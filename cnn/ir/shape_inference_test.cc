#include "cnn/ir/shape_inference.h"

#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ShapeInferenceTest, PooledSizeFloorAndCaffeCeil) {
  EXPECT_EQ(PooledSize(24, 2, 2, 0, 0, false), 12);
  EXPECT_EQ(PooledSize(5, 2, 2, 0, 0, false), 2);
  EXPECT_EQ(PooledSize(5, 2, 2, 0, 0, true), 3);
  // Ceil would add a window that starts in the end padding; Caffe drops it.
  EXPECT_EQ(PooledSize(4, 2, 2, 1, 1, true), 3);
  EXPECT_EQ(PooledSize(1, 3, 1, 0, 0, false), 0);
}

TEST(ShapeInferenceTest, BroadcastShapes) {
  EXPECT_THAT(BroadcastShapes({1, 8, 28, 28}, {8, 1, 1}).value(), ElementsAre(1, 8, 28, 28));
  EXPECT_THAT(BroadcastShapes({2, 1}, {1, 3}).value(), ElementsAre(2, 3));
  EXPECT_THAT(BroadcastShapes({2, 3}, {4}).status().message(),
              HasSubstr("shapes [2,3] and [4] do not broadcast"));
}

TEST(ShapeInferenceTest, ReshapedShape) {
  EXPECT_THAT(ReshapedShape({1, 16, 4, 4}, {1, 256}).value(), ElementsAre(1, 256));
  EXPECT_THAT(ReshapedShape({5, 16, 4, 4}, {0, -1}).value(), ElementsAre(5, 256));
  EXPECT_FALSE(ReshapedShape({5, 16}, {3, -1}).ok());
  EXPECT_FALSE(ReshapedShape({5, 16}, {-1, -1}).ok());
  EXPECT_FALSE(ReshapedShape({5, 16}, {81}).ok());
  EXPECT_FALSE(ReshapedShape({5, 16}, {1 << 30, 1 << 30, 1 << 30, -1}).ok());
}

TEST(ShapeInferenceTest, ModelShapesAreRecordedForEveryValue) {
  cnn::Model model;
  AddInput(model, "x", {1, 3, 7, 7});
  AddWeights(model, "w", {4, 3, 3, 3}, std::vector<float>(108, 0));
  cnn::Node& conv = AddNode(model, "Conv", {"x", "w"}, "c");
  SetIntsAttribute(conv, "strides", {2, 2});
  cnn::Node& pool = AddNode(model, "MaxPool", {"c"}, "p");
  SetIntsAttribute(pool, "kernel_shape", {2, 2});
  SetIntsAttribute(pool, "strides", {2, 2});
  SetIntAttribute(pool, "ceil_mode", 1);
  AddNode(model, "Flatten", {"p"}, "y");
  AddOutput(model, "y");
  ASSERT_TRUE(InferModelShapes(model).ok());
  ASSERT_EQ(model.value_info_size(), 3);
  EXPECT_THAT(model.value_info(0).dims(), ElementsAre(1, 4, 3, 3));
  EXPECT_THAT(model.value_info(1).dims(), ElementsAre(1, 4, 2, 2));
  EXPECT_THAT(model.output(0).dims(), ElementsAre(1, 16));
}

TEST(ShapeInferenceTest, ConvWeightsThatDoNotFitTheGroupsAreNamed) {
  cnn::Model model;
  AddInput(model, "x", {1, 3, 7, 7});
  AddWeights(model, "w", {4, 2, 3, 3}, std::vector<float>(72, 0));
  SetIntAttribute(AddNode(model, "Conv", {"x", "w"}, "y"), "group", 2);
  AddOutput(model, "y");
  EXPECT_THAT(InferModelShapes(model).message(),
              HasSubstr("Conv node 'y': weights [4,2,3,3] with group 2 do not fit an input of 3"));
}

TEST(ShapeInferenceTest, UpsampleNeedsTwoPositiveIntegerScales) {
  cnn::Model model;
  AddInput(model, "x", {1, 2, 3, 5});
  cnn::Node& upsample = AddNode(model, "Upsample", {"x"}, "y");
  SetIntsAttribute(upsample, "scales", {2, 3});
  AddOutput(model, "y");
  ASSERT_TRUE(InferModelShapes(model).ok());
  EXPECT_THAT(model.output(0).dims(), ElementsAre(1, 2, 6, 15));

  SetIntsAttribute(*model.mutable_node(0), "scales", {2, 0});
  EXPECT_THAT(InferModelShapes(model).message(),
              HasSubstr("Upsample node 'y': attribute 'scales' needs 2 positive integers"));
  SetIntsAttribute(*model.mutable_node(0), "scales", {2});
  EXPECT_THAT(InferModelShapes(model).message(), HasSubstr("'scales' needs 2 positive integers"));
  SetIntsAttribute(*model.mutable_node(0), "scales", {1LL << 40, 1});
  EXPECT_THAT(InferModelShapes(model).message(), HasSubstr("too large"));
  model.mutable_node(0)->clear_attribute();
  EXPECT_THAT(InferModelShapes(model).message(), HasSubstr("'scales' needs 2 positive integers"));
}

TEST(ShapeInferenceTest, GraphErrorsAreNamed) {
  cnn::Model model;
  AddInput(model, "x", {1, 2});
  AddWeights(model, "w", {2, 2}, {1, 2, 3});
  AddOutput(model, "x");
  EXPECT_THAT(InferModelShapes(model).message(), HasSubstr("initializer 'w' of shape [2,2] has 3"));

  cnn::Model twice;
  AddInput(twice, "x", {1, 2});
  AddNode(twice, "Relu", {"x"}, "x");
  AddOutput(twice, "x");
  EXPECT_THAT(InferModelShapes(twice).message(), HasSubstr("defines 'x' a second time"));

  cnn::Model no_output;
  AddInput(no_output, "x", {1, 2});
  AddOutput(no_output, "z");
  EXPECT_THAT(InferModelShapes(no_output).message(), HasSubstr("graph output 'z' is not defined"));

  cnn::Model bad_pads;
  AddInput(bad_pads, "x", {1, 1, 4, 4});
  cnn::Node& pool = AddNode(bad_pads, "MaxPool", {"x"}, "y");
  SetIntsAttribute(pool, "kernel_shape", {2, 2});
  SetIntsAttribute(pool, "pads", {1, 1});
  AddOutput(bad_pads, "y");
  EXPECT_THAT(InferModelShapes(bad_pads).message(),
              HasSubstr("MaxPool node 'y': attribute 'pads' needs 4 values, has 2"));
}

}  // namespace
}  // namespace sentio::cnn
