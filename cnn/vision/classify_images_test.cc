#include "cnn/vision/classify_images.h"

#include "cnn/engine/reference_engine.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::vision {

using engine::ReferenceEngine;

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A "classifier" whose class scores are the pixels themselves, in batches of two.
cnn::Model PixelScores() {
  cnn::Model model;
  AddInput(model, "x", {2, 1, 1, 3});
  AddNode(model, "Flatten", {"x"}, "y");
  AddOutput(model, "y");
  return model;
}

IdxArray FiveImages() {
  IdxArray images;
  images.dims = {5, 1, 3};
  images.values = {1, 5, 2, 9, 0, 0, 0, 0, 3, 4, 4, 7, 2, 1, 0};
  return images;
}

TEST(ClassifyImagesTest, TakesTheHighestScoreIncludingAPartialLastBatch) {
  const cnn::Model model = PixelScores();
  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(model).ok());
  absl::StatusOr<ImageClasses> result = ClassifyImages(engine, model, FiveImages(), {});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->classes, 3);
  EXPECT_THAT(result->predictions, ElementsAre(1, 0, 2, 2, 0));
}

TEST(ClassifyImagesTest, ScalesPixels) {
  const cnn::Model model = PixelScores();
  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(model).ok());
  PixelScaling scaling;
  scaling.mean = 100;
  scaling.scale = -1;  // the lowest pixel wins
  absl::StatusOr<ImageClasses> result = ClassifyImages(engine, model, FiveImages(), scaling);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(result->predictions, ElementsAre(0, 1, 0, 0, 2));
}

TEST(ClassifyImagesTest, ImagesOfTheWrongSizeAreAnError) {
  const cnn::Model model = PixelScores();
  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(model).ok());
  IdxArray images;
  images.dims = {2, 2, 2};
  images.values.assign(8, 0);
  EXPECT_THAT(ClassifyImages(engine, model, images, {}).status().message(),
              HasSubstr("the images hold 4 values each, model input 'x' takes [1,1,3]"));
}

TEST(ClassifyImagesTest, ScoresOfTheShapeNClassesOneOneAreClassScores) {
  cnn::Model model;
  AddInput(model, "x", {2, 3, 1, 1});
  AddNode(model, "Relu", {"x"}, "y");
  AddOutput(model, "y");
  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(model).ok());
  IdxArray images;
  images.dims = {1, 3, 1, 1};
  images.values = {1, 5, 2};
  absl::StatusOr<ImageClasses> result = ClassifyImages(engine, model, images, {});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->classes, 3);
  EXPECT_THAT(result->predictions, ElementsAre(1));
}

// A model cut before its classifier (LeNet up to pool1) gives feature maps: the argmax over a
// whole map is no class, and counting it as one overran the confusion matrix.
TEST(ClassifyImagesTest, AFeatureMapOutputIsAnError) {
  cnn::Model model;
  AddInput(model, "x", {2, 1, 1, 3});
  AddNode(model, "Relu", {"x"}, "y");
  AddOutput(model, "y");
  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(model).ok());
  EXPECT_THAT(ClassifyImages(engine, model, FiveImages(), {}).status().message(),
              HasSubstr("output 'y' of shape [2,1,1,3] is not class scores: 2 images need [2, "
                        "classes] or [2, classes, 1, 1]"));
}

}  // namespace
}  // namespace sentio::cnn::vision
