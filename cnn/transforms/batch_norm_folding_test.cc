#include "cnn/transforms/batch_norm_folding.h"

#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::transforms {
namespace {

using ::testing::ElementsAre;
using ::testing::FloatNear;
using ::testing::Pointwise;

// Runs the pass and returns the number of nodes it folded.
int FoldBatchNormIntoConv(cnn::Model& model) {
  int folded = -1;
  EXPECT_TRUE(::sentio::cnn::transforms::FoldBatchNormIntoConv(model, &folded).ok());
  return folded;
}

void AddBatchNorm(cnn::Model& model, const std::string& input, const std::string& output) {
  AddWeights(model, "scale", {2}, {2, 3});
  AddWeights(model, "bias", {2}, {1, -1});
  AddWeights(model, "mean", {2}, {0.5f, 1});
  AddWeights(model, "var", {2}, {4, 9});
  SetFloatAttribute(AddNode(model, "BatchNormalization", {input, "scale", "bias", "mean", "var"},
                            output),
                    "epsilon", 0);
}

const cnn::TensorData& Initializer(const cnn::Model& model, const std::string& name) {
  for (const cnn::TensorData& data : model.initializer()) {
    if (data.name() == name) return data;
  }
  ADD_FAILURE() << "no initializer " << name;
  return model.initializer(0);
}

TEST(BatchNormFoldingTest, ScalesWeightsAndShiftsBias) {
  cnn::Model model;
  AddInput(model, "x", {1, 1, 2, 2});
  AddWeights(model, "w", {2, 1, 1, 1}, {1, 10});
  AddWeights(model, "b", {2}, {0.5f, 0});
  AddNode(model, "Conv", {"x", "w", "b"}, "conv");
  AddBatchNorm(model, "conv", "y");
  AddOutput(model, "y");
  EXPECT_EQ(FoldBatchNormIntoConv(model), 1);
  ASSERT_EQ(model.node_size(), 1);
  const cnn::Node& conv = model.node(0);
  EXPECT_THAT(conv.output(), ElementsAre("y"));
  // scale / sqrt(var) = 1 and 1; bias' = (b - mean) * that + beta.
  EXPECT_THAT(Initializer(model, conv.input(1)).values(), Pointwise(FloatNear(1e-6), {1, 10}));
  EXPECT_THAT(Initializer(model, conv.input(2)).values(), Pointwise(FloatNear(1e-6), {1, -2}));
  EXPECT_EQ(model.initializer_size(), 2);  // the unused originals are gone
}

TEST(BatchNormFoldingTest, HalfPrecisionWeightsAreNotFolded) {
  // Folding would round the folded weights to half a second time: the BatchNormalization stays.
  for (const std::string& half : {"w", "scale"}) {
    cnn::Model model;
    AddInput(model, "x", {1, 1, 2, 2});
    AddWeights(model, "w", {2, 1, 1, 1}, {1, 10});
    AddNode(model, "Conv", {"x", "w"}, "conv");
    AddBatchNorm(model, "conv", "y");
    AddOutput(model, "y");
    for (cnn::TensorData& data : *model.mutable_initializer()) {
      if (data.name() != half) continue;
      data.clear_values();
      data.set_half_values(std::string("\x00\x3c\x00\x49", 4));  // 1, 10
    }
    const std::string before = model.SerializeAsString();
    EXPECT_EQ(FoldBatchNormIntoConv(model), 0) << half;
    EXPECT_EQ(model.SerializeAsString(), before) << half;
  }
}

TEST(BatchNormFoldingTest, ConvWithoutBiasGetsOne) {
  cnn::Model model;
  AddInput(model, "x", {1, 1, 2, 2});
  AddWeights(model, "w", {2, 1, 1, 1}, {1, 1});
  AddNode(model, "Conv", {"x", "w"}, "conv");
  AddBatchNorm(model, "conv", "y");
  AddOutput(model, "y");
  EXPECT_EQ(FoldBatchNormIntoConv(model), 1);
  ASSERT_EQ(model.node(0).input_size(), 3);
  EXPECT_THAT(Initializer(model, model.node(0).input(2)).values(),
              Pointwise(FloatNear(1e-6), {0.5f, -2.0f}));
}

// Two convolutions sharing their weights, each followed by a batch norm: each gets its own folded
// weights, under names that no value had and that differ from each other.
TEST(BatchNormFoldingTest, FoldedWeightsGetNamesOfTheirOwn) {
  cnn::Model model;
  AddInput(model, "x", {1, 1, 2, 2});
  AddWeights(model, "w", {2, 1, 1, 1}, {1, 10});
  AddWeights(model, "w_bn_folded", {1}, {0});  // taken: the first fold's weights become _2
  AddNode(model, "Conv", {"x", "w"}, "conv1");
  AddNode(model, "Conv", {"x", "w"}, "conv2");
  AddBatchNorm(model, "conv1", "y1");
  cnn::Node& second = *model.add_node();
  second = model.node(model.node_size() - 2);
  second.set_input(0, "conv2");
  second.set_output(0, "y2");
  second.set_name("bn2");
  AddNode(model, "Add", {"y1", "y2", "w_bn_folded"}, "y");
  AddOutput(model, "y");
  EXPECT_EQ(FoldBatchNormIntoConv(model), 2);
  ASSERT_EQ(model.node_size(), 3);
  EXPECT_EQ(model.node(0).input(1), "w_bn_folded_2");
  EXPECT_EQ(model.node(1).input(1), "w_bn_folded_3");
  EXPECT_NE(model.node(0).input(2), model.node(1).input(2));
  EXPECT_THAT(Initializer(model, "w_bn_folded_3").values(), Pointwise(FloatNear(1e-6), {1, 10}));
}

TEST(BatchNormFoldingTest, KeepsBatchNormThatCannotFold) {
  cnn::Model after_relu;
  AddInput(after_relu, "x", {1, 2, 2, 2});
  AddNode(after_relu, "Relu", {"x"}, "relu");
  AddBatchNorm(after_relu, "relu", "y");
  AddOutput(after_relu, "y");
  EXPECT_EQ(FoldBatchNormIntoConv(after_relu), 0);
  EXPECT_EQ(after_relu.node_size(), 2);

  cnn::Model conv_read_twice;
  AddInput(conv_read_twice, "x", {1, 1, 2, 2});
  AddWeights(conv_read_twice, "w", {2, 1, 1, 1}, {1, 1});
  AddNode(conv_read_twice, "Conv", {"x", "w"}, "conv");
  AddBatchNorm(conv_read_twice, "conv", "y");
  AddOutput(conv_read_twice, "y");
  AddOutput(conv_read_twice, "conv");
  EXPECT_EQ(FoldBatchNormIntoConv(conv_read_twice), 0);
  EXPECT_EQ(conv_read_twice.node_size(), 2);
}

}  // namespace
}  // namespace sentio::cnn::transforms
