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
  absl::StatusOr<std::vector<int>> predictions = ClassifyImages(engine, model, FiveImages(), {});
  ASSERT_TRUE(predictions.ok()) << predictions.status();
  EXPECT_THAT(*predictions, ElementsAre(1, 0, 2, 2, 0));
}

TEST(ClassifyImagesTest, ScalesPixels) {
  const cnn::Model model = PixelScores();
  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(model).ok());
  PixelScaling scaling;
  scaling.mean = 100;
  scaling.scale = -1;  // the lowest pixel wins
  absl::StatusOr<std::vector<int>> predictions = ClassifyImages(engine, model, FiveImages(), scaling);
  ASSERT_TRUE(predictions.ok()) << predictions.status();
  EXPECT_THAT(*predictions, ElementsAre(0, 1, 0, 0, 2));
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

}  // namespace
}  // namespace sentio::cnn::vision
