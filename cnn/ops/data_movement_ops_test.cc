#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/tensor.h"
#include "cnn/ops/op_registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::ops {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

Node MakeNode(const std::string& op_type, int outputs = 1) {
  Node node;
  node.set_op_type(op_type);
  node.set_name("n");
  node.add_input("x");
  for (int i = 0; i < outputs; ++i) node.add_output("y" + std::to_string(i));
  return node;
}

// 0, 1, 2, ... in `shape`.
Tensor Iota(const Shape& shape, float first = 0) {
  Tensor tensor = Tensor::Zeros(shape).value();
  for (int64_t i = 0; i < tensor.size(); ++i) tensor[i] = first + static_cast<float>(i);
  return tensor;
}

absl::StatusOr<std::vector<Tensor>> RunAll(const Node& node, const Tensor& x) {
  return RunOpReference(node, {&x});
}

// The one output of `node` on `x`; fails the test on an error.
Tensor RunOne(const Node& node, const Tensor& x) {
  absl::StatusOr<std::vector<Tensor>> outputs = RunAll(node, x);
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  if (!outputs.ok() || outputs->size() != 1) return Tensor();
  return (*outputs)[0];
}

// The error of inferring `node`'s shapes on an input of `shape`.
absl::Status ShapeError(const Node& node, const Shape& shape) {
  return InferOpShapes(node, {shape}).status();
}

void ExpectError(const Node& node, const Shape& shape, const std::string& text) {
  const absl::Status status = ShapeError(node, shape);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), HasSubstr(node.op_type() + " node 'n'"));
  EXPECT_THAT(status.message(), HasSubstr(text));
}

// Split

TEST(SplitTest, SizesAlongANegativeAxis) {
  Node node = MakeNode("Split", 2);
  SetIntAttribute(node, "axis", -1);
  SetIntsAttribute(node, "split", {1, 2});
  absl::StatusOr<std::vector<Tensor>> outputs = RunAll(node, Iota({2, 3}));
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  ASSERT_EQ(outputs->size(), 2u);
  EXPECT_EQ((*outputs)[0].shape(), (Shape{2, 1}));
  EXPECT_THAT((*outputs)[0].values(), ElementsAre(0, 3));
  EXPECT_EQ((*outputs)[1].shape(), (Shape{2, 2}));
  EXPECT_THAT((*outputs)[1].values(), ElementsAre(1, 2, 4, 5));
}

TEST(SplitTest, ZeroSizedParts) {
  Node node = MakeNode("Split", 3);
  SetIntsAttribute(node, "split", {2, 0, 1});
  absl::StatusOr<std::vector<Tensor>> outputs = RunAll(node, Iota({3}));
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  EXPECT_THAT((*outputs)[0].values(), ElementsAre(0, 1));
  EXPECT_EQ((*outputs)[1].shape(), (Shape{0}));
  EXPECT_THAT((*outputs)[2].values(), ElementsAre(2));
}

TEST(SplitTest, EqualPartsByOutputCount) {
  Node node = MakeNode("Split", 3);
  absl::StatusOr<std::vector<Tensor>> outputs = RunAll(node, Iota({6}));
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  EXPECT_THAT((*outputs)[0].values(), ElementsAre(0, 1));
  EXPECT_THAT((*outputs)[1].values(), ElementsAre(2, 3));
  EXPECT_THAT((*outputs)[2].values(), ElementsAre(4, 5));
}

TEST(SplitTest, NumOutputsMakesTheLastPartSmaller) {
  Node node = MakeNode("Split", 3);
  SetIntAttribute(node, "num_outputs", 3);
  SetIntAttribute(node, "axis", 1);
  absl::StatusOr<std::vector<Shape>> shapes = InferOpShapes(node, {{2, 7}});
  ASSERT_TRUE(shapes.ok()) << shapes.status();
  EXPECT_THAT(*shapes, ElementsAre(Shape{2, 3}, Shape{2, 3}, Shape{2, 1}));
  absl::StatusOr<std::vector<Tensor>> outputs = RunAll(node, Iota({1, 7}));
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  EXPECT_THAT((*outputs)[2].values(), ElementsAre(6));
}

TEST(SplitTest, RejectsBadAttributes) {
  Node node = MakeNode("Split", 2);
  SetIntAttribute(node, "axis", 2);
  ExpectError(node, {2, 4}, "attribute 'axis' 2 is out of range");

  node = MakeNode("Split", 2);
  SetIntsAttribute(node, "split", {1, 2, 1});
  ExpectError(node, {4}, "attribute 'split' has 3 sizes for 2 outputs");
  SetIntsAttribute(node, "split", {1, 2});
  ExpectError(node, {4}, "attribute 'split' sums to 3");
  SetIntsAttribute(node, "split", {5, -1});
  ExpectError(node, {4}, "attribute 'split' does not sum");

  node = MakeNode("Split", 3);
  ExpectError(node, {4}, "does not split into 3 equal parts");
  SetIntAttribute(node, "num_outputs", 2);
  ExpectError(node, {4}, "attribute 'num_outputs' 2 but the node has 3 outputs");
  SetIntAttribute(node, "num_outputs", 3);
  SetIntsAttribute(node, "split", {1, 1, 2});
  ExpectError(node, {4}, "'split' and 'num_outputs' are both given");

  node = MakeNode("Split", 4);
  SetIntAttribute(node, "num_outputs", 4);
  ExpectError(node, {5}, "too few entries");
}

// Slice

TEST(SliceTest, NegativeStepsWalkBackwards) {
  Node node = MakeNode("Slice");
  SetIntsAttribute(node, "starts", {kMax, 3});
  SetIntsAttribute(node, "ends", {kMin, 0});
  SetIntsAttribute(node, "steps", {-1, -2});
  const Tensor y = RunOne(node, Iota({3, 4}));
  EXPECT_EQ(y.shape(), (Shape{3, 2}));
  EXPECT_THAT(y.values(), ElementsAre(11, 9, 7, 5, 3, 1));
}

TEST(SliceTest, ClampsStartsAndEnds) {
  Node node = MakeNode("Slice");
  SetIntsAttribute(node, "starts", {-2, 1});
  SetIntsAttribute(node, "ends", {10, kMax});
  const Tensor y = RunOne(node, Iota({3, 4}));
  EXPECT_EQ(y.shape(), (Shape{2, 3}));
  EXPECT_THAT(y.values(), ElementsAre(5, 6, 7, 9, 10, 11));
}

TEST(SliceTest, NegativeAxesAndEmptyRanges) {
  Node node = MakeNode("Slice");
  SetIntsAttribute(node, "starts", {-1});
  SetIntsAttribute(node, "ends", {-5});
  SetIntsAttribute(node, "axes", {-1});
  SetIntsAttribute(node, "steps", {-1});
  const Tensor y = RunOne(node, Iota({2, 4}));
  EXPECT_EQ(y.shape(), (Shape{2, 4}));
  EXPECT_THAT(y.values(), ElementsAre(3, 2, 1, 0, 7, 6, 5, 4));

  SetIntsAttribute(node, "starts", {2});
  SetIntsAttribute(node, "ends", {2});
  SetIntsAttribute(node, "steps", {1});
  EXPECT_EQ(RunOne(node, Iota({2, 4})).shape(), (Shape{2, 0}));
  SetIntsAttribute(node, "starts", {5});
  SetIntsAttribute(node, "ends", {kMax});
  EXPECT_EQ(RunOne(node, Iota({2, 4})).shape(), (Shape{2, 0}));
}

TEST(SliceTest, HugeStepsTakeOneEntry) {
  Node node = MakeNode("Slice");
  SetIntsAttribute(node, "starts", {1, -1});
  SetIntsAttribute(node, "ends", {kMax, kMin});
  SetIntsAttribute(node, "steps", {kMax, kMin});
  const Tensor y = RunOne(node, Iota({3, 4}));
  EXPECT_EQ(y.shape(), (Shape{1, 1}));
  EXPECT_THAT(y.values(), ElementsAre(7));
}

TEST(SliceTest, RejectsBadAttributes) {
  Node node = MakeNode("Slice");
  SetIntsAttribute(node, "starts", {0});
  SetIntsAttribute(node, "ends", {1, 2});
  ExpectError(node, {3, 4}, "attribute 'ends' has 2 values for 1 starts");
  SetIntsAttribute(node, "ends", {1});
  SetIntsAttribute(node, "axes", {2});
  ExpectError(node, {3, 4}, "attribute 'axes': axis 2 is out of range for rank 2");
  SetIntsAttribute(node, "axes", {0, 1});
  ExpectError(node, {3, 4}, "attribute 'axes' has 2 values for 1 starts");
  SetIntsAttribute(node, "axes", {0});
  SetIntsAttribute(node, "steps", {0});
  ExpectError(node, {3, 4}, "attribute 'steps' has a 0");
  SetIntsAttribute(node, "steps", {1, 1});
  ExpectError(node, {3, 4}, "attribute 'steps' has 2 values for 1 starts");

  node = MakeNode("Slice");
  SetIntsAttribute(node, "starts", {0, 0});
  SetIntsAttribute(node, "ends", {1, 1});
  SetIntsAttribute(node, "axes", {1, -1});
  ExpectError(node, {3, 4}, "attribute 'axes': axis -1 is given twice");
  SetIntsAttribute(node, "axes", {});
  ExpectError(node, {3}, "attribute 'starts' has 2 values for rank 1");
}

// Pad

TEST(PadTest, ConstantModeWithAValueAndAxes) {
  Node node = MakeNode("Pad");
  SetIntsAttribute(node, "pads", {1, 0, 0, 2});
  SetFloatAttribute(node, "value", 7.5f);
  const Tensor y = RunOne(node, Iota({2, 3}));
  EXPECT_EQ(y.shape(), (Shape{3, 5}));
  EXPECT_THAT(y.values(),
              ElementsAre(7.5, 7.5, 7.5, 7.5, 7.5, 0, 1, 2, 7.5, 7.5, 3, 4, 5, 7.5, 7.5));

  node = MakeNode("Pad");
  SetIntsAttribute(node, "pads", {1, 1});
  SetIntsAttribute(node, "axes", {-1});
  EXPECT_THAT(RunOne(node, Iota({1, 2}, 1)).values(), ElementsAre(0, 1, 2, 0));
}

TEST(PadTest, ReflectEdgeAndWrapModes) {
  Node node = MakeNode("Pad");
  SetStringAttribute(node, "mode", "reflect");
  SetIntsAttribute(node, "pads", {2, 4});
  EXPECT_THAT(RunOne(node, Iota({3}, 1)).values(), ElementsAre(3, 2, 1, 2, 3, 2, 1, 2, 3));

  node = MakeNode("Pad");
  SetStringAttribute(node, "mode", "edge");
  SetIntsAttribute(node, "pads", {2, 1});
  EXPECT_THAT(RunOne(node, Iota({3}, 1)).values(), ElementsAre(1, 1, 1, 2, 3, 3));

  node = MakeNode("Pad");
  SetStringAttribute(node, "mode", "wrap");
  SetIntsAttribute(node, "pads", {4, 2});
  EXPECT_THAT(RunOne(node, Iota({3}, 1)).values(), ElementsAre(3, 1, 2, 3, 1, 2, 3, 1, 2));

  node = MakeNode("Pad");
  SetStringAttribute(node, "mode", "reflect");
  SetIntsAttribute(node, "pads", {0, 1, 0, 1});
  const Tensor y = RunOne(node, Iota({2, 2}));
  EXPECT_EQ(y.shape(), (Shape{2, 4}));
  EXPECT_THAT(y.values(), ElementsAre(1, 0, 1, 0, 3, 2, 3, 2));
}

TEST(PadTest, NegativePadsCropFirst) {
  Node node = MakeNode("Pad");
  SetIntsAttribute(node, "pads", {0, -1, 1, 0});
  SetFloatAttribute(node, "value", 9);
  Tensor y = RunOne(node, Iota({2, 3}));
  EXPECT_EQ(y.shape(), (Shape{3, 2}));
  EXPECT_THAT(y.values(), ElementsAre(1, 2, 4, 5, 9, 9));

  node = MakeNode("Pad");
  SetStringAttribute(node, "mode", "reflect");
  SetIntsAttribute(node, "pads", {-1, 2});
  EXPECT_THAT(RunOne(node, Iota({5}, 1)).values(), ElementsAre(2, 3, 4, 5, 4, 3));
}

TEST(PadTest, EmptyOutputWithAHugeDimension) {
  Node node = MakeNode("Pad");
  SetIntsAttribute(node, "pads", {0, kMax / 2, 0, 0});
  EXPECT_EQ(RunOne(node, Iota({0, 1})).shape(), (Shape{0, kMax / 2 + 1}));
}

TEST(PadTest, RejectsBadAttributes) {
  Node node = MakeNode("Pad");
  SetIntsAttribute(node, "pads", {1, 1});
  ExpectError(node, {2, 3}, "attribute 'pads' has 2 values for 2 axes");
  SetIntsAttribute(node, "axes", {2});
  ExpectError(node, {2, 3}, "attribute 'axes': axis 2 is out of range");
  SetIntsAttribute(node, "axes", {0});
  SetStringAttribute(node, "mode", "symmetric");
  ExpectError(node, {2, 3}, "attribute 'mode' \"symmetric\"");

  node = MakeNode("Pad");
  SetIntsAttribute(node, "pads", {-3, 1});
  ExpectError(node, {2}, "attribute 'pads' -3, 1 do not fit dimension 2");
  SetIntsAttribute(node, "pads", {kMax, kMax});
  ExpectError(node, {2}, "do not fit");
  SetIntsAttribute(node, "pads", {-2, 1});
  EXPECT_TRUE(ShapeError(node, {2}).ok());  // constant mode needs no data
  SetStringAttribute(node, "mode", "edge");
  ExpectError(node, {2}, "attribute 'mode': axis 0 has no entries to pad from");
}

// Expand and Tile

TEST(ExpandTest, BroadcastsBothWays) {
  Node node = MakeNode("Expand");
  SetIntsAttribute(node, "shape", {2, 1, 3});
  Tensor x = Tensor::FromValues({2, 1}, {1, 2}).value();
  const Tensor y = RunOne(node, x);
  EXPECT_EQ(y.shape(), (Shape{2, 2, 3}));
  EXPECT_THAT(y.values(), ElementsAre(1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2));

  SetIntsAttribute(node, "shape", {1});
  EXPECT_EQ(RunOne(node, x).shape(), (Shape{2, 1}));
}

TEST(ExpandTest, RejectsBadShapes) {
  Node node = MakeNode("Expand");
  SetIntsAttribute(node, "shape", {2, 4});
  ExpectError(node, {2, 3}, "attribute 'shape': shapes [2,3] and [2,4] do not broadcast");
  SetIntsAttribute(node, "shape", {-1, 3});
  ExpectError(node, {2, 3}, "has a negative dimension");
}

TEST(TileTest, RepeatsEachAxis) {
  Node node = MakeNode("Tile");
  SetIntsAttribute(node, "repeats", {2, 1});
  Tensor y = RunOne(node, Iota({2, 3}));
  EXPECT_EQ(y.shape(), (Shape{4, 3}));
  EXPECT_THAT(y.values(), ElementsAre(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5));

  SetIntsAttribute(node, "repeats", {1, 2});
  y = RunOne(node, Iota({2, 2}));
  EXPECT_THAT(y.values(), ElementsAre(0, 1, 0, 1, 2, 3, 2, 3));
  SetIntsAttribute(node, "repeats", {0, 2});
  EXPECT_EQ(RunOne(node, Iota({2, 2})).shape(), (Shape{0, 4}));
}

TEST(TileTest, RejectsBadRepeats) {
  Node node = MakeNode("Tile");
  SetIntsAttribute(node, "repeats", {2});
  ExpectError(node, {2, 3}, "attribute 'repeats' has 1 values for rank 2");
  SetIntsAttribute(node, "repeats", {2, -1});
  ExpectError(node, {2, 3}, "attribute 'repeats' value -1");
  SetIntsAttribute(node, "repeats", {kMax, 1});
  ExpectError(node, {2, 3}, "too large");
}

// Gather

TEST(GatherTest, TwoDimensionalIndicesAlongANegativeAxis) {
  Node node = MakeNode("Gather");
  SetIntAttribute(node, "axis", -1);
  SetIntsAttribute(node, "indices", {2, -1, 0, 1});
  SetIntsAttribute(node, "indices_shape", {2, 2});
  const Tensor y = RunOne(node, Iota({2, 3}));
  EXPECT_EQ(y.shape(), (Shape{2, 2, 2}));
  EXPECT_THAT(y.values(), ElementsAre(2, 2, 0, 1, 5, 5, 3, 4));
}

TEST(GatherTest, ScalarIndexDropsTheAxis) {
  Node node = MakeNode("Gather");
  SetIntsAttribute(node, "indices", {1});
  SetIntsAttribute(node, "indices_shape", {});
  const Tensor y = RunOne(node, Iota({3, 2}));
  EXPECT_EQ(y.shape(), (Shape{2}));
  EXPECT_THAT(y.values(), ElementsAre(2, 3));

  node = MakeNode("Gather");  // without indices_shape the indices are 1-D
  SetIntsAttribute(node, "indices", {-1, 0});
  EXPECT_THAT(RunOne(node, Iota({3, 2})).values(), ElementsAre(4, 5, 0, 1));
}

TEST(GatherTest, RejectsBadAttributes) {
  Node node = MakeNode("Gather");
  SetIntsAttribute(node, "indices", {0, 3});
  ExpectError(node, {3, 2}, "attribute 'indices': index 3 is out of range for dimension 3");
  SetIntsAttribute(node, "indices", {-4});
  ExpectError(node, {3, 2}, "index -4 is out of range");
  SetIntsAttribute(node, "indices", {0, 1});
  SetIntsAttribute(node, "indices_shape", {3});
  ExpectError(node, {3, 2}, "attribute 'indices_shape' [3] does not hold the 2 indices");
  SetIntsAttribute(node, "indices_shape", {-1, -2});
  ExpectError(node, {3, 2}, "attribute 'indices_shape'");
  SetIntsAttribute(node, "indices_shape", {2});
  SetIntAttribute(node, "axis", -3);
  ExpectError(node, {3, 2}, "attribute 'axis' -3 is out of range");
  ExpectError(node, {}, "scalar");
}

// DepthToSpace and SpaceToDepth

TEST(DepthToSpaceTest, DcrAndCrdModes) {
  Node node = MakeNode("DepthToSpace");
  SetIntAttribute(node, "blocksize", 2);
  Tensor y = RunOne(node, Iota({1, 8, 1, 1}));
  EXPECT_EQ(y.shape(), (Shape{1, 2, 2, 2}));
  EXPECT_THAT(y.values(), ElementsAre(0, 2, 4, 6, 1, 3, 5, 7));

  SetStringAttribute(node, "mode", "CRD");
  y = RunOne(node, Iota({1, 8, 1, 1}));
  EXPECT_THAT(y.values(), ElementsAre(0, 1, 2, 3, 4, 5, 6, 7));
}

TEST(SpaceToDepthTest, InvertsDcr) {
  Node node = MakeNode("SpaceToDepth");
  SetIntAttribute(node, "blocksize", 2);
  Tensor y = RunOne(node, Iota({1, 1, 4, 4}));
  EXPECT_EQ(y.shape(), (Shape{1, 4, 2, 2}));
  EXPECT_THAT(y.values(), ElementsAre(0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15));
  y = RunOne(node, Iota({1, 2, 2, 2}));
  EXPECT_THAT(y.values(), ElementsAre(0, 4, 1, 5, 2, 6, 3, 7));

  Node back = MakeNode("DepthToSpace");
  SetIntAttribute(back, "blocksize", 2);
  const Tensor x = Iota({2, 3, 4, 6});
  EXPECT_THAT(RunOne(back, RunOne(node, x)).values(), ElementsAreArray(x.values()));
}

TEST(DepthToSpaceTest, RejectsBadAttributes) {
  Node node = MakeNode("DepthToSpace");
  ExpectError(node, {1, 4, 2, 2}, "attribute 'blocksize' 0 must be positive");
  SetIntAttribute(node, "blocksize", 2);
  ExpectError(node, {1, 6, 2, 2}, "channels 6 are not a multiple of attribute 'blocksize' 2");
  ExpectError(node, {4, 2, 2}, "input must have rank 4");
  SetIntAttribute(node, "blocksize", 1 << 20);
  ExpectError(node, {1, int64_t{1} << 40, kMax / 2, 1}, "too large");
  SetIntAttribute(node, "blocksize", 2);
  SetStringAttribute(node, "mode", "RDC");
  ExpectError(node, {1, 4, 2, 2}, "attribute 'mode' \"RDC\" is not DCR or CRD");

  node = MakeNode("SpaceToDepth");
  SetIntAttribute(node, "blocksize", -2);
  ExpectError(node, {1, 1, 4, 4}, "attribute 'blocksize' -2 must be positive");
  SetIntAttribute(node, "blocksize", 3);
  ExpectError(node, {1, 1, 4, 6}, "not multiples of attribute 'blocksize' 3");
  SetIntAttribute(node, "blocksize", 1 << 30);
  ExpectError(node, {1, kMax / 2, 1 << 30, 1 << 30}, "too large");
}

}  // namespace
}  // namespace sentio::cnn::ops
