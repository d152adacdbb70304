#include "cnn/engine/reference_engine.h"

#include <cmath>

#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::FloatNear;
using ::testing::HasSubstr;
using ::testing::Pointwise;

// Runs `model` (input "x", output "y") on `x` with the reference engine.
Tensor RunModel(const cnn::Model& model, const Tensor& x) {
  ReferenceEngine engine;
  absl::Status loaded = engine.Load(model);
  EXPECT_TRUE(loaded.ok()) << loaded;
  absl::StatusOr<TensorMap> outputs = engine.Run({{"x", x}});
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  if (!outputs.ok()) return Tensor();
  return outputs->at("y");
}

Tensor Counting(const Shape& shape, float first) {
  std::vector<float> values(NumElements(shape).value());
  for (size_t i = 0; i < values.size(); ++i) values[i] = first + i;
  return Tensor::FromValues(shape, values).value();
}

cnn::Model SingleNode(const std::string& op, const Shape& x_shape, cnn::Node** node,
                      const std::vector<std::string>& extra_inputs = {}) {
  cnn::Model model;
  AddInput(model, "x", x_shape);
  std::vector<std::string> inputs = {"x"};
  inputs.insert(inputs.end(), extra_inputs.begin(), extra_inputs.end());
  *node = &AddNode(model, op, inputs, "y");
  AddOutput(model, "y");
  return model;
}

TEST(ReferenceEngineTest, ConvPadOneStrideTwoOnOddInput) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Conv", {1, 1, 3, 3}, &node, {"w", "b"});
  SetIntsAttribute(*node, "pads", {1, 1, 1, 1});
  SetIntsAttribute(*node, "strides", {2, 2});
  AddWeights(model, "w", {1, 1, 3, 3}, std::vector<float>(9, 1.0f));
  AddWeights(model, "b", {1}, {1.0f});
  const Tensor y = RunModel(model, Counting({1, 1, 3, 3}, 1));
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 2, 2));
  // Windows cover {1,2,4,5}, {2,3,5,6}, {4,5,7,8}, {5,6,8,9}, plus the bias.
  EXPECT_THAT(y.values(), ElementsAre(13, 17, 25, 29));
}

TEST(ReferenceEngineTest, ConvTwoChannelsNoPadding) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Conv", {1, 2, 2, 3}, &node, {"w"});
  // One output channel: channel 0 weighted [1, -1], channel 1 weighted [2, 0] (1x2 kernels).
  AddWeights(model, "w", {1, 2, 1, 2}, {1, -1, 2, 0});
  const Tensor y = RunModel(model, Counting({1, 2, 2, 3}, 0));
  // Channel 0 = [0 1 2; 3 4 5], channel 1 = [6 7 8; 9 10 11].
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 2, 2));
  EXPECT_THAT(y.values(), ElementsAre(0 - 1 + 12, 1 - 2 + 14, 3 - 4 + 18, 4 - 5 + 20));
}

TEST(ReferenceEngineTest, DepthwiseConvScalesEachChannel) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Conv", {2, 2, 1, 2}, &node, {"w", "b"});
  SetIntAttribute(*node, "group", 2);
  AddWeights(model, "w", {2, 1, 1, 1}, {2, 3});
  AddWeights(model, "b", {2}, {0.5f, -1});
  const Tensor y = RunModel(model, Counting({2, 2, 1, 2}, 1));
  EXPECT_THAT(y.values(), ElementsAre(2.5, 4.5, 8, 11, 10.5, 12.5, 20, 23));
}

TEST(ReferenceEngineTest, GroupedOneByOneConvMixesOnlyItsGroup) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Conv", {1, 4, 1, 1}, &node, {"w"});
  SetIntAttribute(*node, "group", 2);
  AddWeights(model, "w", {2, 2, 1, 1}, {1, 10, 100, 1000});
  const Tensor y = RunModel(model, Counting({1, 4, 1, 1}, 1));
  EXPECT_THAT(y.values(), ElementsAre(1 * 1 + 2 * 10, 3 * 100 + 4 * 1000));
}

TEST(ReferenceEngineTest, DilatedConv) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Conv", {1, 1, 5, 5}, &node, {"w"});
  SetIntsAttribute(*node, "dilations", {2, 2});
  AddWeights(model, "w", {1, 1, 2, 2}, {1, 1, 1, 1});
  const Tensor y = RunModel(model, Counting({1, 1, 5, 5}, 0));
  ASSERT_THAT(y.shape(), ElementsAre(1, 1, 3, 3));
  EXPECT_EQ(y[0], 0 + 2 + 10 + 12);
  EXPECT_EQ(y[8], 12 + 14 + 22 + 24);
}

TEST(ReferenceEngineTest, ConvWithPaddingOnlyAtTheEnd) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Conv", {1, 1, 2, 2}, &node, {"w"});
  SetIntsAttribute(*node, "pads", {0, 0, 1, 1});
  AddWeights(model, "w", {1, 1, 2, 2}, {1, 1, 1, 1});
  const Tensor y = RunModel(model, Counting({1, 1, 2, 2}, 1));
  EXPECT_THAT(y.values(), ElementsAre(10, 6, 7, 4));
}

TEST(ReferenceEngineTest, MaxPoolFloorAndCeil) {
  cnn::Node* node;
  cnn::Model model = SingleNode("MaxPool", {1, 1, 3, 3}, &node);
  SetIntsAttribute(*node, "kernel_shape", {2, 2});
  SetIntsAttribute(*node, "strides", {2, 2});
  EXPECT_THAT(RunModel(model, Counting({1, 1, 3, 3}, 1)).values(), ElementsAre(5));
  SetIntAttribute(*node, "ceil_mode", 1);
  EXPECT_THAT(RunModel(model, Counting({1, 1, 3, 3}, 1)).values(), ElementsAre(5, 6, 8, 9));
}

TEST(ReferenceEngineTest, MaxPoolOfNegativeValuesIgnoresPadding) {
  cnn::Node* node;
  cnn::Model model = SingleNode("MaxPool", {1, 1, 2, 2}, &node);
  SetIntsAttribute(*node, "kernel_shape", {2, 2});
  SetIntsAttribute(*node, "pads", {1, 1, 0, 0});
  const Tensor y = RunModel(model, Counting({1, 1, 2, 2}, -10));
  EXPECT_THAT(y.values(), ElementsAre(-10, -9, -8, -7));
}

TEST(ReferenceEngineTest, AveragePoolCountsPaddingOnlyWhenAsked) {
  cnn::Node* node;
  cnn::Model model = SingleNode("AveragePool", {1, 1, 3, 3}, &node);
  SetIntsAttribute(*node, "kernel_shape", {3, 3});
  SetIntsAttribute(*node, "strides", {2, 2});
  SetIntsAttribute(*node, "pads", {1, 1, 1, 1});
  // The corner windows see {1,2,4,5}, {2,3,5,6}, {4,5,7,8}, {5,6,8,9}.
  EXPECT_THAT(RunModel(model, Counting({1, 1, 3, 3}, 1)).values(), ElementsAre(3, 4, 6, 7));
  SetIntAttribute(*node, "count_include_pad", 1);
  EXPECT_THAT(RunModel(model, Counting({1, 1, 3, 3}, 1)).values(),
              Pointwise(FloatNear(1e-6), {12 / 9.0f, 16 / 9.0f, 24 / 9.0f, 28 / 9.0f}));
}

TEST(ReferenceEngineTest, CaffeCeilAveragePoolDividesByTheWindowInsideThePaddedInput) {
  cnn::Node* node;
  cnn::Model model = SingleNode("AveragePool", {1, 1, 3, 3}, &node);
  SetIntsAttribute(*node, "kernel_shape", {2, 2});
  SetIntsAttribute(*node, "strides", {2, 2});
  SetIntAttribute(*node, "ceil_mode", 1);
  SetIntAttribute(*node, "count_include_pad", 1);
  EXPECT_THAT(RunModel(model, Counting({1, 1, 3, 3}, 1)).values(),
              ElementsAre(3, (3 + 6) / 2.0f, (7 + 8) / 2.0f, 9));
}

TEST(ReferenceEngineTest, GlobalAveragePool) {
  cnn::Node* node;
  cnn::Model model = SingleNode("GlobalAveragePool", {1, 2, 1, 3}, &node);
  const Tensor y = RunModel(model, Counting({1, 2, 1, 3}, 0));
  EXPECT_THAT(y.shape(), ElementsAre(1, 2, 1, 1));
  EXPECT_THAT(y.values(), ElementsAre(1, 4));
}

TEST(ReferenceEngineTest, ReluClampsNegatives) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Relu", {1, 5}, &node);
  EXPECT_THAT(RunModel(model, Counting({1, 5}, -2)).values(), ElementsAre(0, 0, 0, 1, 2));
}

TEST(ReferenceEngineTest, LeakyReluScalesNegatives) {
  cnn::Node* node;
  cnn::Model model = SingleNode("LeakyRelu", {1, 4}, &node);
  SetFloatAttribute(*node, "alpha", 0.1f);
  EXPECT_THAT(RunModel(model, Counting({1, 4}, -2)).values(),
              Pointwise(FloatNear(1e-6), std::vector<float>{-0.2f, -0.1f, 0, 1}));
  cnn::Model default_alpha = SingleNode("LeakyRelu", {1, 2}, &node);
  EXPECT_THAT(RunModel(default_alpha, Counting({1, 2}, -1)).values(),
              Pointwise(FloatNear(1e-6), std::vector<float>{-0.01f, 0}));
}

TEST(ReferenceEngineTest, UpsampleRepeatsNearestPixels) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Upsample", {1, 1, 2, 2}, &node);
  SetIntsAttribute(*node, "scales", {2, 3});
  const Tensor y = RunModel(model, Counting({1, 1, 2, 2}, 1));
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 4, 6));
  EXPECT_THAT(y.values(), ElementsAre(1, 1, 1, 2, 2, 2,  //
                                      1, 1, 1, 2, 2, 2,  //
                                      3, 3, 3, 4, 4, 4,  //
                                      3, 3, 3, 4, 4, 4));
}

TEST(ReferenceEngineTest, AddBroadcastsAPerChannelBias) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Add", {1, 2, 1, 2}, &node, {"b"});
  AddWeights(model, "b", {2, 1, 1}, {100, 200});
  EXPECT_THAT(RunModel(model, Counting({1, 2, 1, 2}, 0)).values(), ElementsAre(100, 101, 202, 203));
}

TEST(ReferenceEngineTest, MulBroadcastsBothWays) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Mul", {2, 1}, &node, {"b"});
  AddWeights(model, "b", {1, 3}, {1, 2, 3});
  const Tensor y = RunModel(model, Counting({2, 1}, 1));
  EXPECT_THAT(y.shape(), ElementsAre(2, 3));
  EXPECT_THAT(y.values(), ElementsAre(1, 2, 3, 2, 4, 6));
}

TEST(ReferenceEngineTest, MatMul) {
  cnn::Node* node;
  cnn::Model model = SingleNode("MatMul", {2, 3}, &node, {"b"});
  AddWeights(model, "b", {3, 2}, {1, 0, 0, 1, 1, 1});
  EXPECT_THAT(RunModel(model, Counting({2, 3}, 1)).values(), ElementsAre(4, 5, 10, 11));
}

TEST(ReferenceEngineTest, GemmWithTransposedBAlphaBetaAndBroadcastC) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Gemm", {2, 3}, &node, {"b", "c"});
  SetIntAttribute(*node, "transB", 1);
  SetFloatAttribute(*node, "alpha", 2);
  SetFloatAttribute(*node, "beta", 0.5);
  AddWeights(model, "b", {2, 3}, {1, 0, 1, 0, 1, 0});
  AddWeights(model, "c", {2}, {10, 20});
  // A = [1 2 3; 4 5 6]; A B^T = [4 2; 10 5].
  EXPECT_THAT(RunModel(model, Counting({2, 3}, 1)).values(), ElementsAre(13, 14, 25, 20));
}

TEST(ReferenceEngineTest, GemmWithTransposedA) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Gemm", {2, 1}, &node, {"b"});
  SetIntAttribute(*node, "transA", 1);
  AddWeights(model, "b", {2, 2}, {1, 2, 3, 4});
  EXPECT_THAT(RunModel(model, Counting({2, 1}, 1)).values(), ElementsAre(7, 10));
}

TEST(ReferenceEngineTest, ReshapeCopiesAndInfersDimensions) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Reshape", {2, 3, 2}, &node);
  SetIntsAttribute(*node, "shape", {0, -1});
  const Tensor y = RunModel(model, Counting({2, 3, 2}, 0));
  EXPECT_THAT(y.shape(), ElementsAre(2, 6));
  EXPECT_THAT(y.values(), ElementsAreArray(Counting({12}, 0).values()));
}

TEST(ReferenceEngineTest, FlattenAtAxisTwo) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Flatten", {2, 3, 2}, &node);
  SetIntAttribute(*node, "axis", 2);
  EXPECT_THAT(RunModel(model, Counting({2, 3, 2}, 0)).shape(), ElementsAre(6, 2));
}

TEST(ReferenceEngineTest, SoftmaxAlongTheMiddleAxis) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Softmax", {1, 3, 2}, &node);
  SetIntAttribute(*node, "axis", 1);
  const Tensor x =
      Tensor::FromValues({1, 3, 2}, {0, 5, std::log(2.0f), 5, std::log(3.0f), 5}).value();
  EXPECT_THAT(RunModel(model, x).values(),
              Pointwise(FloatNear(1e-6), {1 / 6.0f, 1 / 3.0f, 2 / 6.0f, 1 / 3.0f, 3 / 6.0f,
                                          1 / 3.0f}));
}

TEST(ReferenceEngineTest, ConcatAlongChannels) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Concat", {2, 1, 2}, &node, {"w"});
  AddWeights(model, "w", {2, 2, 2}, {10, 11, 12, 13, 20, 21, 22, 23});
  const Tensor y = RunModel(model, Counting({2, 1, 2}, 0));
  EXPECT_THAT(y.shape(), ElementsAre(2, 3, 2));
  EXPECT_THAT(y.values(), ElementsAre(0, 1, 10, 11, 12, 13, 2, 3, 20, 21, 22, 23));
}

TEST(ReferenceEngineTest, BatchNormalizationPerChannel) {
  cnn::Node* node;
  cnn::Model model = SingleNode("BatchNormalization", {1, 2, 1, 2}, &node,
                                {"scale", "bias", "mean", "var"});
  SetFloatAttribute(*node, "epsilon", 0);
  AddWeights(model, "scale", {2}, {2, 1});
  AddWeights(model, "bias", {2}, {1, 0});
  AddWeights(model, "mean", {2}, {1, 3});
  AddWeights(model, "var", {2}, {4, 1});
  // (x - mean) / sqrt(var) * scale + bias.
  EXPECT_THAT(RunModel(model, Counting({1, 2, 1, 2}, 0)).values(), ElementsAre(0, 1, -1, 0));
}

TEST(ReferenceEngineTest, RunsABatchLargerThanDeclared) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Relu", {1, 2}, &node);
  EXPECT_THAT(RunModel(model, Counting({3, 2}, -1)).shape(), ElementsAre(3, 2));
}

TEST(ReferenceEngineTest, WrongInputShapeIsAnError) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Relu", {1, 2}, &node);
  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(model).ok());
  absl::StatusOr<TensorMap> outputs = engine.Run({{"x", Counting({1, 3}, 0)}});
  ASSERT_FALSE(outputs.ok());
  EXPECT_THAT(outputs.status().message(), HasSubstr("graph input 'x' has shape [1,3]"));
  outputs = engine.Run({});
  EXPECT_THAT(outputs.status().message(), HasSubstr("missing graph input 'x'"));
}

TEST(ReferenceEngineTest, UnsupportedOperatorFailsAtLoadNamingTheNode) {
  cnn::Node* node;
  cnn::Model model = SingleNode("Sigmoidal", {1, 2}, &node);
  ReferenceEngine engine;
  absl::Status status = engine.Load(model);
  EXPECT_THAT(status.message(), HasSubstr("Sigmoidal node 'y': unsupported operator"));
}

}  // namespace
}  // namespace sentio::cnn::engine
