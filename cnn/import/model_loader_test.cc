#include "cnn/import/model_loader.h"

#include "cnn/ir/model_builder_for_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {
namespace {

using ::testing::ElementsAre;

TEST(WithoutWeightValuesTest, KeepsEverythingButTheValuesAndLeavesTheModelWhole) {
  cnn::Model model;
  model.set_source("test:model");
  AddInput(model, "x", {1, 2});
  AddWeights(model, "w", {2, 3}, {1, 2, 3, 4, 5, 6});
  AddWeights(model, "b", {3}, {7, 8, 9});
  AddNode(model, "Gemm", {"x", "w", "b"}, "y");
  AddOutput(model, "y");
  const cnn::Model before = model;

  const cnn::Model structure = WithoutWeightValues(model);
  EXPECT_EQ(model.SerializeAsString(), before.SerializeAsString());
  EXPECT_EQ(structure.source(), "test:model");
  ASSERT_EQ(structure.initializer_size(), 2);
  EXPECT_EQ(structure.initializer(0).name(), "w");
  EXPECT_THAT(structure.initializer(0).dims(), ElementsAre(2, 3));
  EXPECT_EQ(structure.initializer(0).values_size(), 0);
  EXPECT_EQ(structure.initializer(1).values_size(), 0);
  // Everything else is the model's.
  cnn::Model stripped = before;
  for (cnn::TensorData& data : *stripped.mutable_initializer()) data.clear_values();
  EXPECT_EQ(structure.SerializeAsString(), stripped.SerializeAsString());
}

TEST(WithoutWeightValuesTest, LeavesOutHalfPrecisionValuesToo) {
  cnn::Model model;
  AddInput(model, "x", {1, 2});
  AddWeights(model, "w", {2, 3}, {});
  model.mutable_initializer(0)->set_half_values(std::string(12, '\x3c'));
  AddNode(model, "MatMul", {"x", "w"}, "y");
  AddOutput(model, "y");
  const cnn::Model before = model;

  const cnn::Model structure = WithoutWeightValues(model);
  EXPECT_EQ(model.SerializeAsString(), before.SerializeAsString());
  EXPECT_TRUE(structure.initializer(0).half_values().empty());
  EXPECT_THAT(structure.initializer(0).dims(), ElementsAre(2, 3));
}

}  // namespace
}  // namespace sentio::cnn::import
