// The reference kernels of Clip, PRelu, Sigmoid, Tanh, Transpose, LRN and GlobalMaxPool against
// values worked out by hand, and their shape errors, which name the node.
#include "cnn/engine/reference_ops.h"

#include <cmath>
#include <limits>

#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/shape_inference.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::FloatNear;
using ::testing::HasSubstr;
using ::testing::Pointwise;

cnn::Node MakeNode(const std::string& op, int inputs) {
  cnn::Node node;
  node.set_name("n");
  node.set_op_type(op);
  for (int i = 0; i < inputs; ++i) node.add_input("in" + std::to_string(i));
  node.add_output("out");
  return node;
}

Tensor Values(const Shape& shape, std::vector<float> values) {
  return Tensor::FromValues(shape, std::move(values)).value();
}

Tensor RunNode(const cnn::Node& node, const std::vector<Tensor>& inputs) {
  std::vector<const Tensor*> pointers;
  for (const Tensor& input : inputs) pointers.push_back(&input);
  absl::StatusOr<std::vector<Tensor>> outputs = RunReferenceNode(node, pointers);
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  return outputs.ok() ? (*outputs)[0] : Tensor();
}

std::string ShapeError(const cnn::Node& node, const std::vector<Shape>& inputs) {
  absl::StatusOr<std::vector<Shape>> shapes = InferNodeOutputShapes(node, inputs);
  EXPECT_FALSE(shapes.ok());
  return std::string(shapes.status().message());
}

TEST(ReferenceOpsTest, ClipBoundsBothSidesAndDefaultsToInfinity) {
  cnn::Node relu6 = MakeNode("Clip", 1);
  SetFloatAttribute(relu6, "min", 0);
  SetFloatAttribute(relu6, "max", 6);
  EXPECT_THAT(RunNode(relu6, {Values({5}, {-1, 0, 3.5, 6, 7})}).values(),
              ElementsAre(0, 0, 3.5, 6, 6));
  cnn::Node upper_only = MakeNode("Clip", 1);
  SetFloatAttribute(upper_only, "max", 1);
  EXPECT_THAT(RunNode(upper_only, {Values({3}, {-1e30f, 0.5, 2})}).values(),
              ElementsAre(-1e30f, 0.5, 1));
  EXPECT_THAT(RunNode(MakeNode("Clip", 1), {Values({}, {-7})}).values(), ElementsAre(-7));
}

TEST(ReferenceOpsTest, ClipWithMinAboveMaxIsAnError) {
  cnn::Node node = MakeNode("Clip", 1);
  SetFloatAttribute(node, "min", 2);
  SetFloatAttribute(node, "max", 1);
  EXPECT_THAT(ShapeError(node, {{2}}), HasSubstr("Clip node 'n': min 2 is above max 1"));
  SetFloatAttribute(node, "min", std::numeric_limits<float>::quiet_NaN());
  EXPECT_THAT(ShapeError(node, {{2}}), HasSubstr("Clip node 'n': min nan is above max 1"));
  SetIntAttribute(node, "min", 0);
  EXPECT_THAT(ShapeError(node, {{2}}), HasSubstr("attribute 'min' is not a float"));
}

TEST(ReferenceOpsTest, PReluPerChannelAndShared) {
  // x is [1, 2, 1, 2]: channel 0 = {-2, 3}, channel 1 = {-4, 5}.
  const Tensor x = Values({1, 2, 1, 2}, {-2, 3, -4, 5});
  EXPECT_THAT(RunNode(MakeNode("PRelu", 2), {x, Values({2, 1, 1}, {0.5, 0.25})}).values(),
              ElementsAre(-1, 3, -1, 5));
  EXPECT_THAT(RunNode(MakeNode("PRelu", 2), {x, Values({1}, {0.1f})}).values(),
              Pointwise(FloatNear(1e-6), std::vector<float>{-0.2f, 3, -0.4f, 5}));
  // Rank 2: the slope [C] lines up with the channel axis.
  EXPECT_THAT(RunNode(MakeNode("PRelu", 2), {Values({2, 2}, {-1, -1, 2, -2}), Values({2}, {2, 3})})
                  .values(),
              ElementsAre(-2, -3, 2, -6));
}

TEST(ReferenceOpsTest, PReluSlopeMustBroadcastToX) {
  const cnn::Node node = MakeNode("PRelu", 2);
  // ONNX's unidirectional broadcasting: [C] against NCHW lines up with the width.
  EXPECT_THAT(ShapeError(node, {{1, 3, 4, 5}, {3}}),
              HasSubstr("PRelu node 'n': slope [3] does not broadcast to X [1,3,4,5]"));
  EXPECT_THAT(ShapeError(node, {{1, 3, 4, 5}, {3, 4, 2}}), HasSubstr("slope [3,4,2]"));
  EXPECT_THAT(ShapeError(node, {{3}, {1, 3}}), HasSubstr("slope [1,3]"));
  EXPECT_THAT(ShapeError(node, {{1, 3}}), HasSubstr("PRelu node 'n': takes 2 inputs, has 1"));
  EXPECT_TRUE(InferNodeOutputShapes(node, {{1, 3, 4, 5}, {1, 3, 1, 1}}).ok());
  EXPECT_TRUE(InferNodeOutputShapes(node, {{1, 3, 4, 5}, {5}}).ok());
}

TEST(ReferenceOpsTest, SigmoidAndTanh) {
  const Tensor x = Values({4}, {0, 1, -2, 100});
  EXPECT_THAT(RunNode(MakeNode("Sigmoid", 1), {x}).values(),
              Pointwise(FloatNear(1e-6), std::vector<float>{0.5f, 0.7310586f, 0.1192029f, 1}));
  EXPECT_THAT(RunNode(MakeNode("Sigmoid", 1), {Values({1}, {-200})}).values(), ElementsAre(0));
  EXPECT_THAT(RunNode(MakeNode("Tanh", 1), {x}).values(),
              Pointwise(FloatNear(1e-6), std::vector<float>{0, 0.7615942f, -0.9640276f, 1}));
  EXPECT_THAT(ShapeError(MakeNode("Tanh", 2), {{1}, {1}}), HasSubstr("Tanh node 'n': takes 1"));
}

TEST(ReferenceOpsTest, TransposeMovesAxes) {
  // [2, 3] -> [3, 2] by default (axes reversed).
  const Tensor matrix = Values({2, 3}, {0, 1, 2, 3, 4, 5});
  const Tensor transposed = RunNode(MakeNode("Transpose", 1), {matrix});
  EXPECT_THAT(transposed.shape(), ElementsAre(3, 2));
  EXPECT_THAT(transposed.values(), ElementsAre(0, 3, 1, 4, 2, 5));
  // [2, 1, 3] with perm (2, 0, 1) -> [3, 2, 1]: y[k, i, 0] = x[i, 0, k].
  cnn::Node node = MakeNode("Transpose", 1);
  SetIntsAttribute(node, "perm", {2, 0, 1});
  const Tensor y = RunNode(node, {Values({2, 1, 3}, {0, 1, 2, 3, 4, 5})});
  EXPECT_THAT(y.shape(), ElementsAre(3, 2, 1));
  EXPECT_THAT(y.values(), ElementsAre(0, 3, 1, 4, 2, 5));
  // NCHW -> NHWC of [1, 2, 2, 2].
  SetIntsAttribute(node, "perm", {0, 2, 3, 1});
  EXPECT_THAT(RunNode(node, {Values({1, 2, 2, 2}, {0, 1, 2, 3, 10, 11, 12, 13})}).values(),
              ElementsAre(0, 10, 1, 11, 2, 12, 3, 13));
}

TEST(ReferenceOpsTest, TransposeNeedsAPermutation) {
  cnn::Node node = MakeNode("Transpose", 1);
  SetIntsAttribute(node, "perm", {0, 0, 1});
  EXPECT_THAT(ShapeError(node, {{1, 2, 3}}),
              HasSubstr("Transpose node 'n': perm [0,0,1] is not a permutation of the 3 axes"));
  SetIntsAttribute(node, "perm", {1, 0});
  EXPECT_THAT(ShapeError(node, {{1, 2, 3}}), HasSubstr("perm [1,0] is not a permutation"));
  SetIntsAttribute(node, "perm", {0, 1, 3});
  EXPECT_THAT(ShapeError(node, {{1, 2, 3}}), HasSubstr("perm [0,1,3]"));
}

TEST(ReferenceOpsTest, LrnSumsSquaresOverNeighbouringChannels) {
  // Four channels of one pixel, size 3: channel c sums x^2 over c-1 .. c+1.
  cnn::Node node = MakeNode("LRN", 1);
  SetIntAttribute(node, "size", 3);
  SetFloatAttribute(node, "alpha", 0.3f);
  SetFloatAttribute(node, "beta", 0.5f);
  SetFloatAttribute(node, "bias", 2);
  const std::vector<float> x = {1, 2, 3, 4};
  // sums: 1+4=5, 1+4+9=14, 4+9+16=29, 9+16=25; y = x / sqrt(2 + 0.1 * sum).
  const std::vector<float> expected = {1 / std::sqrt(2.5f), 2 / std::sqrt(3.4f),
                                       3 / std::sqrt(4.9f), 4 / std::sqrt(4.5f)};
  EXPECT_THAT(RunNode(node, {Values({1, 4, 1, 1}, x)}).values(),
              Pointwise(FloatNear(1e-6), expected));
  // An even size reaches one channel further up than down (ONNX): size 2 sums c .. c+1.
  SetIntAttribute(node, "size", 2);
  SetFloatAttribute(node, "alpha", 0.2f);
  SetFloatAttribute(node, "beta", 1);
  SetFloatAttribute(node, "bias", 1);
  EXPECT_THAT(RunNode(node, {Values({1, 2, 1}, {1, 2})}).values(),
              Pointwise(FloatNear(1e-6), std::vector<float>{1 / 1.5f, 2 / 1.4f}));
}

TEST(ReferenceOpsTest, LrnParameterErrors) {
  cnn::Node node = MakeNode("LRN", 1);
  EXPECT_THAT(ShapeError(node, {{1, 3, 2, 2}}),
              HasSubstr("LRN node 'n': attribute 'size' must be at least 1"));
  SetIntAttribute(node, "size", 3);
  SetFloatAttribute(node, "bias", 0);
  EXPECT_THAT(ShapeError(node, {{1, 3, 2, 2}}), HasSubstr("bias 0 must be positive"));
  SetFloatAttribute(node, "bias", 1);
  EXPECT_THAT(ShapeError(node, {{3}}), HasSubstr("LRN node 'n': the input needs a channel axis"));
}

TEST(ReferenceOpsTest, GlobalMaxPoolTakesEachPlanesMaximum) {
  const Tensor y =
      RunNode(MakeNode("GlobalMaxPool", 1), {Values({1, 2, 1, 3}, {-5, -1, -3, 2, 9, 4})});
  EXPECT_THAT(y.shape(), ElementsAre(1, 2, 1, 1));
  EXPECT_THAT(y.values(), ElementsAre(-1, 9));
  EXPECT_THAT(ShapeError(MakeNode("GlobalMaxPool", 1), {{2, 3}}),
              HasSubstr("GlobalMaxPool node 'n': the input must have rank 3 or more"));
}

TEST(ReferenceOpsTest, ModelShapeErrorsNameTheNode) {
  cnn::Model model;
  AddInput(model, "x", {1, 3, 4, 4});
  AddWeights(model, "slope", {5}, {1, 2, 3, 4, 5});
  AddNode(model, "PRelu", {"x", "slope"}, "y");
  AddOutput(model, "y");
  EXPECT_THAT(InferModelShapes(model).message(), HasSubstr("PRelu node 'y': slope [5]"));
}

}  // namespace
}  // namespace sentio::cnn::engine
