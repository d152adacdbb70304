// Conv, ConvTranspose, MaxPool, AveragePool and the global pools on 1-D, 2-D and 3-D inputs, their
// attribute forms and their errors; the window attribute parsing (window_params.h). Expected values
// are worked out by hand or taken from ONNX's node tests.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/tensor.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/window_params.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::ops {
namespace {

using ::testing::ElementsAre;
using ::testing::FloatNear;
using ::testing::HasSubstr;
using ::testing::Pointwise;

Node MakeNode(const std::string& op_type, int inputs = 1, int outputs = 1) {
  Node node;
  node.set_op_type(op_type);
  node.set_name("n");
  for (int i = 0; i < inputs; ++i) node.add_input("x" + std::to_string(i));
  for (int i = 0; i < outputs; ++i) node.add_output("y" + std::to_string(i));
  return node;
}

Tensor Values(const Shape& shape, std::vector<float> values) {
  return Tensor::FromValues(shape, std::move(values)).value();
}

// first, first + 1, ... in `shape`.
Tensor Iota(const Shape& shape, float first = 0) {
  Tensor tensor = Tensor::Zeros(shape).value();
  for (int64_t i = 0; i < tensor.size(); ++i) tensor[i] = first + static_cast<float>(i);
  return tensor;
}

// The outputs of `node` on `inputs`; fails the test on an error.
std::vector<Tensor> RunAll(const Node& node, const std::vector<Tensor>& inputs) {
  std::vector<const Tensor*> pointers;
  for (const Tensor& input : inputs) pointers.push_back(&input);
  absl::StatusOr<std::vector<Tensor>> outputs = RunOpReference(node, pointers);
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  if (!outputs.ok()) return {};
  return *std::move(outputs);
}

Tensor RunOne(const Node& node, const std::vector<Tensor>& inputs) {
  std::vector<Tensor> outputs = RunAll(node, inputs);
  return outputs.empty() ? Tensor() : outputs[0];
}

// The error message of inferring `node`'s shapes, checked to be InvalidArgument.
std::string ShapeError(const Node& node, const std::vector<Shape>& inputs) {
  const absl::Status status = InferOpShapes(node, inputs).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  return std::string(status.message());
}

Shape OutputShape(const Node& node, const std::vector<Shape>& inputs) {
  absl::StatusOr<std::vector<Shape>> shapes = InferOpShapes(node, inputs);
  EXPECT_TRUE(shapes.ok()) << shapes.status();
  return shapes.ok() ? (*shapes)[0] : Shape{};
}

// ---- Conv ----

TEST(ConvTest, OneDimensionalWithPadsStridesAndBias) {
  Node node = MakeNode("Conv", 3);
  SetIntsAttribute(node, "pads", {1, 1});
  SetIntsAttribute(node, "strides", {2});
  // Windows at -1, 1, 3 over 0 1 2 3 4 with weights 1 2 3.
  const Tensor y = RunOne(node, {Iota({1, 1, 5}), Values({1, 1, 3}, {1, 2, 3}), Values({1}, {0.5})});
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 3));
  EXPECT_THAT(y.values(), ElementsAre(3.5, 14.5, 11.5));
}

TEST(ConvTest, TwoDimensionalWithGroupsAndDilations) {
  Node node = MakeNode("Conv", 2);
  SetIntAttribute(node, "group", 2);
  SetIntsAttribute(node, "dilations", {2, 2});
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  // Each channel sums its plane's four corners: 0+2+6+8 and 9+11+15+17.
  const Tensor y = RunOne(node, {Iota({1, 2, 3, 3}), Values({2, 1, 2, 2}, {1, 1, 1, 1, 1, 1, 1, 1})});
  EXPECT_THAT(y.shape(), ElementsAre(1, 2, 1, 1));
  EXPECT_THAT(y.values(), ElementsAre(16, 52));
}

TEST(ConvTest, ThreeDimensionalWithPads) {
  Node node = MakeNode("Conv", 2);
  SetIntsAttribute(node, "pads", {0, 0, 1, 0, 0, 0});
  const Tensor ones = Values({1, 1, 2, 2, 2}, {1, 1, 1, 1, 1, 1, 1, 1});
  // The last axis padded at its beginning gives windows at -1 (half in the padding: 0+2+4+6) and
  // 0 (0+..+7).
  const Tensor y = RunOne(node, {Iota({1, 1, 2, 2, 2}), ones});
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 1, 1, 2));
  EXPECT_THAT(y.values(), ElementsAre(12, 28));
}

TEST(ConvTest, AutoPadSameUpperAndLower) {
  Node node = MakeNode("Conv", 2);
  SetStringAttribute(node, "auto_pad", "SAME_UPPER");
  const std::vector<Tensor> inputs = {Iota({1, 1, 4}, 1), Values({1, 1, 2}, {1, 1})};
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(3, 5, 7, 4));
  SetStringAttribute(node, "auto_pad", "SAME_LOWER");
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(1, 3, 5, 7));
  SetStringAttribute(node, "auto_pad", "VALID");
  SetIntsAttribute(node, "pads", {1, 1});  // ignored
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(3, 5, 7));
}

TEST(ConvTest, BadAttributesAreNamed) {
  Node node = MakeNode("Conv", 2);
  const std::vector<Shape> shapes = {{1, 4, 5, 5}, {6, 2, 3, 3}};
  SetIntsAttribute(node, "strides", {1});
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("Conv node 'n': attribute 'strides' needs 2"));
  node = MakeNode("Conv", 2);
  SetIntsAttribute(node, "pads", {0, 0, -1, 0});
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("attribute 'pads' must be at least 0"));
  node = MakeNode("Conv", 2);
  SetIntsAttribute(node, "dilations", {0, 1});
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("attribute 'dilations' must be at least 1"));
  node = MakeNode("Conv", 2);
  SetIntsAttribute(node, "kernel_shape", {3, 2});
  EXPECT_THAT(ShapeError(node, shapes),
              HasSubstr("attribute 'kernel_shape' [3,2] does not match the weights [6,2,3,3]"));
  node = MakeNode("Conv", 2);
  EXPECT_THAT(ShapeError(node, shapes),
              HasSubstr("weights [6,2,3,3] with group 1 do not fit an input of 4 channels"));
  SetIntAttribute(node, "group", 2);
  EXPECT_EQ(OutputShape(node, shapes), (Shape{1, 6, 3, 3}));
  SetIntAttribute(node, "group", 4);
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("with group 4 do not fit"));
  SetIntAttribute(node, "group", 0);
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("attribute 'group' must be at least 1"));
  node = MakeNode("Conv", 2);
  SetStringAttribute(node, "auto_pad", "SAME");
  EXPECT_THAT(ShapeError(node, {{1, 2, 5}, {1, 2, 3}}), HasSubstr("attribute 'auto_pad' is 'SAME'"));
  node = MakeNode("Conv", 2);
  EXPECT_THAT(ShapeError(node, {{1, 2, 2}, {1, 2, 3}}), HasSubstr("larger than the padded input"));
  EXPECT_THAT(ShapeError(node, {{1, 2}, {1, 2}}), HasSubstr("the input must have rank 3 or more"));
  EXPECT_THAT(ShapeError(node, {{1, 2, 4}, {1, 2, 3, 3}}), HasSubstr("the weights must have rank 3"));
}

// ---- MaxPool, AveragePool ----

TEST(MaxPoolTest, OneDimensionalFloorAndCeilWithIndices) {
  Node node = MakeNode("MaxPool", 1, 2);
  SetIntsAttribute(node, "kernel_shape", {2});
  SetIntsAttribute(node, "strides", {2});
  const Tensor x = Values({1, 1, 5}, {1, 3, 2, 5, 4});
  std::vector<Tensor> y = RunAll(node, {x});
  ASSERT_EQ(y.size(), 2u);
  EXPECT_THAT(y[0].values(), ElementsAre(3, 5));
  EXPECT_THAT(y[1].values(), ElementsAre(1, 3));
  // The window at 4 starts inside the input and is kept.
  SetIntAttribute(node, "ceil_mode", 1);
  y = RunAll(node, {x});
  ASSERT_EQ(y.size(), 2u);
  EXPECT_THAT(y[0].values(), ElementsAre(3, 5, 4));
  EXPECT_THAT(y[1].values(), ElementsAre(1, 3, 4));
}

TEST(MaxPoolTest, CeilModeDropsAWindowStartingInTheEndPadding) {
  // ONNX's test_maxpool_2d_ceil_output_size_reduce_by_one.
  Node node = MakeNode("MaxPool");
  SetIntsAttribute(node, "kernel_shape", {1, 1});
  SetIntsAttribute(node, "strides", {2, 2});
  SetIntAttribute(node, "ceil_mode", 1);
  const Tensor y = RunOne(node, {Iota({1, 1, 2, 2}, 1)});
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 1, 1));
  EXPECT_THAT(y.values(), ElementsAre(1));
}

TEST(MaxPoolTest, DilationsAndColumnMajorIndices) {
  // ONNX's test_maxpool_2d_dilations.
  Node node = MakeNode("MaxPool", 1, 2);
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  SetIntsAttribute(node, "dilations", {2, 2});
  const std::vector<Tensor> y = RunAll(node, {Iota({1, 1, 4, 4}, 1)});
  ASSERT_EQ(y.size(), 2u);
  EXPECT_THAT(y[0].values(), ElementsAre(11, 12, 15, 16));
  EXPECT_THAT(y[1].values(), ElementsAre(10, 11, 14, 15));
  SetIntAttribute(node, "storage_order", 1);
  EXPECT_THAT(RunAll(node, {Iota({1, 1, 4, 4}, 1)})[1].values(), ElementsAre(10, 14, 11, 15));
}

TEST(MaxPoolTest, ThreeDimensionalWithPaddingIgnoresThePadding) {
  Node node = MakeNode("MaxPool");
  SetIntsAttribute(node, "kernel_shape", {2, 2, 2});
  SetIntsAttribute(node, "pads", {1, 1, 1, 0, 0, 0});
  const Tensor y = RunOne(node, {Iota({1, 1, 2, 2, 2}, -10)});
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 2, 2, 2));
  EXPECT_THAT(y.values(), ElementsAre(-10, -9, -8, -7, -6, -5, -4, -3));
}

TEST(AveragePoolTest, CountsPaddingOnlyWhenAsked) {
  Node node = MakeNode("AveragePool");
  SetIntsAttribute(node, "kernel_shape", {3, 3});
  SetIntsAttribute(node, "strides", {2, 2});
  SetIntsAttribute(node, "pads", {1, 1, 1, 1});
  // The corner windows see {1,2,4,5}, {2,3,5,6}, {4,5,7,8}, {5,6,8,9}.
  EXPECT_THAT(RunOne(node, {Iota({1, 1, 3, 3}, 1)}).values(), ElementsAre(3, 4, 6, 7));
  SetIntAttribute(node, "count_include_pad", 1);
  EXPECT_THAT(RunOne(node, {Iota({1, 1, 3, 3}, 1)}).values(),
              Pointwise(FloatNear(1e-6), {12 / 9.0f, 16 / 9.0f, 24 / 9.0f, 28 / 9.0f}));
}

TEST(AveragePoolTest, CeilModeWindowsPastThePaddedInputCountOnlyTheirTapsInside) {
  Node node = MakeNode("AveragePool");
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  SetIntsAttribute(node, "strides", {2, 2});
  SetIntAttribute(node, "ceil_mode", 1);
  SetIntAttribute(node, "count_include_pad", 1);
  EXPECT_THAT(RunOne(node, {Iota({1, 1, 3, 3}, 1)}).values(), ElementsAre(3, 4.5, 7.5, 9));
  // ONNX's test_averagepool_2d_ceil.
  SetIntsAttribute(node, "kernel_shape", {3, 3});
  SetIntAttribute(node, "count_include_pad", 0);
  EXPECT_THAT(RunOne(node, {Iota({1, 1, 4, 4}, 1)}).values(), ElementsAre(6, 7.5, 12, 13.5));
}

TEST(AveragePoolTest, OneDimensionalAndThreeDimensionalWithDilations) {
  Node node = MakeNode("AveragePool");
  SetIntsAttribute(node, "kernel_shape", {2});
  EXPECT_THAT(RunOne(node, {Iota({1, 2, 3})}).values(), ElementsAre(0.5, 1.5, 3.5, 4.5));
  // ONNX's test_averagepool_3d_dilations_small: four copies of the plane 1..16.
  node = MakeNode("AveragePool");
  SetIntsAttribute(node, "kernel_shape", {2, 2, 2});
  SetIntsAttribute(node, "dilations", {2, 2, 2});
  SetIntAttribute(node, "ceil_mode", 1);
  Tensor x = Tensor::Zeros({1, 1, 4, 4, 4}).value();
  for (int64_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 16 + 1);
  const Tensor y = RunOne(node, {x});
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 2, 2, 2));
  EXPECT_THAT(y.values(), ElementsAre(6, 7, 10, 11, 6, 7, 10, 11));
}

TEST(AveragePoolTest, AutoPadSetsThePadsAndIgnoresCeilMode) {
  Node node = MakeNode("AveragePool");
  SetIntsAttribute(node, "kernel_shape", {2});
  SetIntsAttribute(node, "strides", {2});
  SetIntAttribute(node, "ceil_mode", 1);
  SetStringAttribute(node, "auto_pad", "VALID");
  EXPECT_THAT(RunOne(node, {Iota({1, 1, 5})}).values(), ElementsAre(0.5, 2.5));
  // SAME_LOWER: ceil(5 / 2) = 3 outputs, one pad at the beginning.
  SetStringAttribute(node, "auto_pad", "SAME_LOWER");
  EXPECT_THAT(RunOne(node, {Iota({1, 1, 5})}).values(), ElementsAre(0, 1.5, 3.5));
  SetStringAttribute(node, "auto_pad", "SAME_UPPER");
  EXPECT_THAT(RunOne(node, {Iota({1, 1, 5})}).values(), ElementsAre(0.5, 2.5, 4));
}

TEST(PoolTest, BadAttributesAreNamed) {
  Node node = MakeNode("MaxPool");
  EXPECT_THAT(ShapeError(node, {{1, 1, 4, 4}}),
              HasSubstr("MaxPool node 'n': attribute 'kernel_shape' is missing"));
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  EXPECT_THAT(ShapeError(node, {{1, 1, 4}}), HasSubstr("attribute 'kernel_shape' needs 1 values"));
  EXPECT_THAT(ShapeError(node, {{1, 4}}), HasSubstr("the input must have rank 3 or more"));
  SetIntsAttribute(node, "pads", {0, 2, 0, 0});
  EXPECT_THAT(ShapeError(node, {{1, 1, 4, 4}}),
              HasSubstr("attribute 'pads' [0,2,0,0] must be smaller than kernel_shape [2,2]"));
  SetIntsAttribute(node, "pads", {0, 0});
  EXPECT_THAT(ShapeError(node, {{1, 1, 4, 4}}), HasSubstr("attribute 'pads' needs 4 values, has 2"));
  node = MakeNode("MaxPool");
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  SetIntAttribute(node, "ceil_mode", 2);
  EXPECT_THAT(ShapeError(node, {{1, 1, 4, 4}}), HasSubstr("attribute 'ceil_mode' must be 0 or 1"));
  node = MakeNode("MaxPool");
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  SetIntAttribute(node, "storage_order", 3);
  EXPECT_THAT(ShapeError(node, {{1, 1, 4, 4}}), HasSubstr("attribute 'storage_order'"));
  node = MakeNode("AveragePool");
  SetIntsAttribute(node, "kernel_shape", {5, 2});
  EXPECT_THAT(ShapeError(node, {{1, 1, 4, 4}}), HasSubstr("is larger than the padded input"));
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  SetIntAttribute(node, "count_include_pad", -1);
  EXPECT_THAT(ShapeError(node, {{1, 1, 4, 4}}),
              HasSubstr("attribute 'count_include_pad' must be 0 or 1"));
  SetIntAttribute(node, "count_include_pad", 0);
  SetIntsAttribute(node, "strides", {1, int64_t{1} << 40});
  EXPECT_THAT(ShapeError(node, {{1, 1, 4, 4}}), HasSubstr("attribute 'strides' is too large"));
  node = MakeNode("AveragePool", 1, 2);
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  EXPECT_FALSE(InferOpShapes(node, {{1, 1, 4, 4}}).ok());
}

// ---- GlobalAveragePool, GlobalMaxPool ----

TEST(GlobalPoolTest, OneAndThreeSpatialAxes) {
  Tensor y = RunOne(MakeNode("GlobalAveragePool"), {Iota({1, 2, 3})});
  EXPECT_THAT(y.shape(), ElementsAre(1, 2, 1));
  EXPECT_THAT(y.values(), ElementsAre(1, 4));
  y = RunOne(MakeNode("GlobalMaxPool"), {Values({1, 1, 2, 1, 2}, {-5, -1, -3, -2})});
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 1, 1, 1));
  EXPECT_THAT(y.values(), ElementsAre(-1));
  EXPECT_THAT(ShapeError(MakeNode("GlobalMaxPool"), {{2, 3}}),
              HasSubstr("GlobalMaxPool node 'n': the input must have rank 3 or more"));
}

// ---- ConvTranspose ----

TEST(ConvTransposeTest, OneDimensionalStridesPadsAndOutputPadding) {
  Node node = MakeNode("ConvTranspose", 2);
  SetIntsAttribute(node, "strides", {2});
  const std::vector<Tensor> inputs = {Values({1, 1, 3}, {1, 2, 3}), Values({1, 1, 3}, {1, 1, 1})};
  // Input i adds to outputs 2i .. 2i + 2.
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(1, 1, 3, 2, 5, 3, 3));
  SetIntsAttribute(node, "output_padding", {1});
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(1, 1, 3, 2, 5, 3, 3, 0));
  SetIntsAttribute(node, "pads", {1, 2});
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(1, 3, 2, 5, 3));
}

TEST(ConvTransposeTest, OutputShapeSetsThePads) {
  Node node = MakeNode("ConvTranspose", 3);
  SetIntsAttribute(node, "strides", {2});
  SetIntsAttribute(node, "pads", {3, 3});  // ignored
  const std::vector<Tensor> inputs = {Values({1, 1, 3}, {1, 2, 3}), Values({1, 1, 3}, {1, 1, 1}),
                                      Values({1}, {10})};
  // 7 outputs without pads: 5 trims one at each end, 6 one at the beginning (the larger half),
  // 8 adds one at the end.
  SetIntsAttribute(node, "output_shape", {5});
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(11, 13, 12, 15, 13));
  SetIntsAttribute(node, "output_shape", {1, 1, 6});
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(11, 13, 12, 15, 13, 13));
  SetIntsAttribute(node, "output_shape", {8});
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(11, 11, 13, 12, 15, 13, 13, 10));
  // SAME_UPPER puts the larger half at the end; without output_shape it asks for 3 * 2.
  SetStringAttribute(node, "auto_pad", "SAME_UPPER");
  SetIntsAttribute(node, "output_shape", {6});
  EXPECT_THAT(RunOne(node, inputs).values(), ElementsAre(11, 11, 13, 12, 15, 13));
  Node same = MakeNode("ConvTranspose", 3);
  SetIntsAttribute(same, "strides", {2});
  SetStringAttribute(same, "auto_pad", "SAME_UPPER");
  EXPECT_THAT(RunOne(same, inputs).values(), ElementsAre(11, 11, 13, 12, 15, 13));
  SetStringAttribute(same, "auto_pad", "SAME_LOWER");
  EXPECT_THAT(RunOne(same, inputs).values(), ElementsAre(11, 13, 12, 15, 13, 13));
  SetStringAttribute(same, "auto_pad", "VALID");
  EXPECT_THAT(RunOne(same, inputs).values(), ElementsAre(11, 11, 13, 12, 15, 13, 13));
}

TEST(ConvTransposeTest, TwoDimensionalGroupsAndBias) {
  Node node = MakeNode("ConvTranspose", 3);
  SetIntAttribute(node, "group", 2);
  const Tensor y = RunOne(node, {Values({1, 2, 1, 1}, {1, 2}), Iota({2, 1, 2, 2}, 1),
                                 Values({2}, {1, -1})});
  EXPECT_THAT(y.shape(), ElementsAre(1, 2, 2, 2));
  EXPECT_THAT(y.values(), ElementsAre(2, 3, 4, 5, 9, 11, 13, 15));
}

TEST(ConvTransposeTest, ThreeDimensionalWithDilations) {
  Node node = MakeNode("ConvTranspose", 2);
  SetIntsAttribute(node, "dilations", {1, 1, 2});
  const Tensor y = RunOne(node, {Values({1, 1, 1, 1, 2}, {1, 2}), Values({1, 1, 1, 1, 2}, {1, 10})});
  EXPECT_THAT(y.shape(), ElementsAre(1, 1, 1, 1, 4));
  EXPECT_THAT(y.values(), ElementsAre(1, 2, 10, 20));
}

TEST(ConvTransposeTest, BadAttributesAreNamed) {
  const std::vector<Shape> shapes = {{1, 4, 3, 3}, {4, 2, 3, 3}};
  Node node = MakeNode("ConvTranspose", 2);
  EXPECT_EQ(OutputShape(node, shapes), (Shape{1, 2, 5, 5}));
  SetIntAttribute(node, "group", 2);
  EXPECT_EQ(OutputShape(node, shapes), (Shape{1, 4, 5, 5}));
  SetIntAttribute(node, "group", 3);
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("ConvTranspose node 'n': weights [4,2,3,3] with "
                                                  "group 3 do not fit an input of 4 channels"));
  node = MakeNode("ConvTranspose", 2);
  SetIntsAttribute(node, "output_padding", {1, 0});
  EXPECT_THAT(ShapeError(node, shapes),
              HasSubstr("attribute 'output_padding' [1,0] must be below the strides or dilations"));
  SetIntsAttribute(node, "output_padding", {0});
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("attribute 'output_padding' needs 2 values"));
  node = MakeNode("ConvTranspose", 2);
  SetIntsAttribute(node, "output_shape", {5, 5, 5});
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("attribute 'output_shape' needs 2 values, has 3"));
  SetIntsAttribute(node, "output_shape", {5, 0});
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("attribute 'output_shape' [5,0] is out of range"));
  node = MakeNode("ConvTranspose", 2);
  SetIntsAttribute(node, "pads", {3, 0, 2, 0});
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("attribute 'pads' [3,0,2,0] leave no output"));
  node = MakeNode("ConvTranspose", 2);
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  EXPECT_THAT(ShapeError(node, shapes), HasSubstr("attribute 'kernel_shape' [2,2] does not match"));
}

// ---- The 2-D views for the CPU engine ----

TEST(WindowParamsTest, TwoDimensionalViews) {
  Node conv = MakeNode("Conv", 2);
  SetIntsAttribute(conv, "pads", {1, 2, 3, 4});
  SetIntsAttribute(conv, "strides", {2, 3});
  SetIntsAttribute(conv, "dilations", {1, 2});
  SetIntAttribute(conv, "group", 2);
  absl::StatusOr<ConvParams> c = ParseConvParams(conv);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->pad_top, 1);
  EXPECT_EQ(c->pad_left, 2);
  EXPECT_EQ(c->pad_bottom, 3);
  EXPECT_EQ(c->pad_right, 4);
  EXPECT_EQ(c->stride_w, 3);
  EXPECT_EQ(c->dilation_w, 2);
  EXPECT_EQ(c->group, 2);
  SetIntsAttribute(conv, "strides", {2});
  EXPECT_THAT(ParseConvParams(conv).status().message(), HasSubstr("'strides' needs 2 values"));
  SetIntsAttribute(conv, "strides", {2, 3});
  SetStringAttribute(conv, "auto_pad", "SAME_UPPER");
  EXPECT_THAT(ParseConvParams(conv).status().message(), HasSubstr("attribute 'auto_pad'"));

  Node pool = MakeNode("AveragePool");
  SetIntsAttribute(pool, "kernel_shape", {3, 2});
  SetIntAttribute(pool, "ceil_mode", 1);
  SetIntAttribute(pool, "count_include_pad", 1);
  absl::StatusOr<PoolParams> p = ParsePoolParams(pool);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->kernel_h, 3);
  EXPECT_EQ(p->kernel_w, 2);
  EXPECT_TRUE(p->ceil_mode);
  EXPECT_TRUE(p->count_include_pad);
  SetIntsAttribute(pool, "dilations", {2, 1});
  EXPECT_THAT(ParsePoolParams(pool).status().message(), HasSubstr("attribute 'dilations'"));
  SetIntsAttribute(pool, "dilations", {1, 1});
  SetIntsAttribute(pool, "kernel_shape", {3, 2, 2});
  EXPECT_THAT(ParsePoolParams(pool).status().message(), HasSubstr("'kernel_shape' needs 2"));
}

TEST(WindowParamsTest, PooledSize) {
  EXPECT_EQ(PooledSize(5, 2, 2, 0, 0, false), 2);
  EXPECT_EQ(PooledSize(5, 2, 2, 0, 0, true), 3);
  EXPECT_EQ(PooledSize(2, 1, 2, 0, 0, true), 1);  // the second window would start past the input
  EXPECT_EQ(PooledSize(1, 3, 1, 0, 0, false), 0);
}

}  // namespace
}  // namespace sentio::cnn::ops
