// The reduction family (Reduce*, ArgMax/ArgMin, LogSoftmax, InstanceNormalization,
// LayerNormalization, LpPool) against values from ONNX's reference implementation (onnx 1.16,
// onnx.reference.ReferenceEvaluator) or, where that does not follow the spec (LogSoftmax before
// opset 13, LpPool), from NumPy code checked against ONNX's node tests; written in as literals.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
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
using ::testing::FloatNear;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pointwise;

constexpr float kInf = std::numeric_limits<float>::infinity();

Node MakeNode(const std::string& op_type, int inputs = 1, int outputs = 1) {
  Node node;
  node.set_op_type(op_type);
  node.set_name("n");
  for (int i = 0; i < inputs; ++i) node.add_input("x" + std::to_string(i));
  for (int i = 0; i < outputs; ++i) node.add_output("y" + std::to_string(i));
  return node;
}

void AddStringAttribute(Node& node, const std::string& name, const std::string& value) {
  Attribute& attribute = *node.add_attribute();
  attribute.set_name(name);
  attribute.set_type(Attribute::STRING);
  attribute.set_s(value);
}

Tensor MakeTensor(const Shape& shape, std::vector<float> values) {
  return Tensor::FromValues(shape, std::move(values)).value();
}

// The outputs of `node` on `inputs`; fails the test on an error.
std::vector<Tensor> RunNode(const Node& node, const std::vector<Tensor>& inputs) {
  std::vector<const Tensor*> pointers;
  for (const Tensor& input : inputs) pointers.push_back(&input);
  absl::StatusOr<std::vector<Tensor>> outputs = RunOpReference(node, pointers);
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  return outputs.ok() ? *outputs : std::vector<Tensor>(node.output_size());
}

// Output 0 of `node` on `inputs`.
Tensor RunOne(const Node& node, const std::vector<Tensor>& inputs) {
  return RunNode(node, inputs)[0];
}

// The error InferOpShapes gives `node` on inputs of `shapes`.
absl::Status ShapeError(const Node& node, const std::vector<Shape>& shapes) {
  return InferOpShapes(node, shapes).status();
}

MATCHER_P2(HasValues, shape, values, "") {
  if (arg.shape() != shape) {
    *result_listener << "shape " << ShapeString(arg.shape());
    return false;
  }
  return ExplainMatchResult(Pointwise(FloatNear(1e-4f), values), arg.values(),
                            result_listener);
}

// Relative closeness for values of any size.
MATCHER_P2(HasValuesNear, shape, values, "") {
  if (arg.shape() != shape) {
    *result_listener << "shape " << ShapeString(arg.shape());
    return false;
  }
  std::vector<float> expected = values;
  if (arg.values().size() != expected.size()) return false;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (std::fabs(arg.values()[i] - expected[i]) > 1e-5f * (1 + std::fabs(expected[i]))) {
      *result_listener << "value " << i << " is " << arg.values()[i];
      return false;
    }
  }
  return true;
}

// [2, 3, 2] values shared by the reduction tests.
Tensor ReduceInput() {
  return MakeTensor({2, 3, 2}, {1, -2, 3, 4, 0.5f, 6, -7, 8, 9, 10, 11, -12});
}

struct ReduceCase {
  const char* op_type;
  std::vector<float> axis_1, last_axis_dropped, axes_0_2, all;
};

TEST(ReduceTest, EachOpOverAxesAndKeepdims) {
  const std::vector<ReduceCase> cases = {
      {"ReduceSum", {4.5f, 8, 13, 6}, {-1, 7, 6.5f, 1, 19, -1}, {0, 26, 5.5f}, {31.5f}},
      {"ReduceMean",
       {1.5f, 2.666667f, 4.333333f, 2},
       {-0.5f, 3.5f, 3.25f, 0.5f, 9.5f, -0.5f},
       {0, 6.5f, 1.375f},
       {2.625f}},
      {"ReduceMax", {3, 6, 11, 10}, {1, 4, 6, 8, 10, 11}, {8, 10, 11}, {11}},
      {"ReduceMin", {0.5f, -2, -7, -12}, {-2, 3, 0.5f, -7, 9, -12}, {-7, 3, -12}, {-12}},
      {"ReduceProd",
       {1.5f, -48, -693, -960},
       {-2, 12, 3, -56, 90, -132},
       {112, 1080, -396},
       {-4.790016e+07f}},
      {"ReduceL2",
       {3.201562f, 7.483315f, 15.84298f, 17.54993f},
       {2.236068f, 5, 6.020797f, 10.63015f, 13.45362f, 16.27882f},
       {10.86278f, 14.3527f, 17.35655f},
       {25.005f}},
      {"ReduceLogSumExp",
       {3.196734f, 6.127223f, 11.12693f, 10.12693f},
       {1.048587f, 4.313262f, 6.004078f, 8, 10.31326f, 11},
       {8.000957f, 10.31574f, 11.00674f},
       {11.44537f}},
  };
  const Tensor x = ReduceInput();
  for (const ReduceCase& c : cases) {
    SCOPED_TRACE(c.op_type);
    Node node = MakeNode(c.op_type);
    SetIntsAttribute(node, "axes", {1});
    EXPECT_THAT(RunOne(node, {x}), HasValuesNear(Shape{2, 1, 2}, c.axis_1));

    SetIntsAttribute(node, "axes", {-1});
    SetIntAttribute(node, "keepdims", 0);
    EXPECT_THAT(RunOne(node, {x}), HasValuesNear(Shape{2, 3}, c.last_axis_dropped));

    SetIntsAttribute(node, "axes", {2, 0});
    SetIntAttribute(node, "keepdims", 1);
    EXPECT_THAT(RunOne(node, {x}), HasValuesNear(Shape{1, 3, 1}, c.axes_0_2));

    // No axes (absent or empty) reduces every axis.
    Node all = MakeNode(c.op_type);
    EXPECT_THAT(RunOne(all, {x}), HasValuesNear(Shape{1, 1, 1}, c.all));
    SetIntsAttribute(all, "axes", {});
    SetIntAttribute(all, "keepdims", 0);
    EXPECT_THAT(RunOne(all, {x}), HasValuesNear(Shape{}, c.all));
  }
}

TEST(ReduceTest, AxesComeFromInputOneFromTheirOpset) {
  EXPECT_THAT(FindOp("ReduceSum")->onnx_constant_inputs,
              ElementsAre(testing::AllOf(testing::Field(&OnnxConstantInput::index, 1),
                                         testing::Field(&OnnxConstantInput::attribute, "axes"),
                                         testing::Field(&OnnxConstantInput::since_opset, 13))));
  for (const char* op_type : {"ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL2",
                              "ReduceLogSumExp"}) {
    ASSERT_NE(FindOp(op_type), nullptr) << op_type;
    ASSERT_EQ(FindOp(op_type)->onnx_constant_inputs.size(), 1u) << op_type;
    EXPECT_EQ(FindOp(op_type)->onnx_constant_inputs[0].since_opset, 18) << op_type;
  }
}

TEST(ReduceTest, NoopWithEmptyAxesPassesTheInputThrough) {
  const Tensor x = ReduceInput();
  Node node = MakeNode("ReduceSum");
  SetIntAttribute(node, "noop_with_empty_axes", 1);
  SetIntAttribute(node, "keepdims", 0);
  EXPECT_THAT(RunOne(node, {x}), HasValues(x.shape(), x.values()));
  SetIntsAttribute(node, "axes", {});
  EXPECT_THAT(RunOne(node, {x}), HasValues(x.shape(), x.values()));
  // With axes it reduces as usual.
  SetIntsAttribute(node, "axes", {0});
  EXPECT_THAT(RunOne(node, {x}),
              HasValues(Shape{3, 2}, std::vector<float>{-6, 6, 12, 14, 11.5f, -6}));
}

TEST(ReduceTest, EmptySetsGiveTheIdentity) {
  const Tensor x = MakeTensor({2, 0, 4}, {});
  const std::vector<std::pair<const char*, float>> cases = {
      {"ReduceSum", 0},     {"ReduceL2", 0},     {"ReduceProd", 1},
      {"ReduceMax", -kInf}, {"ReduceMin", kInf}, {"ReduceLogSumExp", -kInf},
  };
  for (const auto& [op_type, identity] : cases) {
    SCOPED_TRACE(op_type);
    Node node = MakeNode(op_type);
    SetIntsAttribute(node, "axes", {1});
    EXPECT_THAT(RunOne(node, {x}), HasValues(Shape{2, 1, 4}, std::vector<float>(8, identity)));
    // Reducing a non-empty axis of an empty tensor gives an empty tensor.
    SetIntsAttribute(node, "axes", {2});
    EXPECT_THAT(RunOne(node, {x}).shape(), ElementsAre(2, 0, 1));
  }
  Node mean = MakeNode("ReduceMean");
  SetIntsAttribute(mean, "axes", {1});
  const Tensor y = RunOne(mean, {x});
  ASSERT_EQ(y.size(), 8);
  EXPECT_TRUE(std::isnan(y[0]));
}

TEST(ReduceTest, LogSumExpAndMaxOfLargeValues) {
  const Tensor x = MakeTensor({2, 2}, {1000, 1001, -1000, -1001});
  Node node = MakeNode("ReduceLogSumExp");
  SetIntsAttribute(node, "axes", {1});
  EXPECT_THAT(RunOne(node, {x}),
              HasValuesNear(Shape{2, 1}, std::vector<float>{1001.313f, -999.6868f}));
  const Tensor infinite = MakeTensor({1, 2}, {kInf, 1});
  EXPECT_THAT(RunOne(node, {infinite}).values(), ElementsAre(kInf));
}

TEST(ReduceTest, BadAttributes) {
  Node node = MakeNode("ReduceMean");
  SetIntsAttribute(node, "axes", {3});
  EXPECT_THAT(ShapeError(node, {{2, 3, 2}}).message(),
              HasSubstr("ReduceMean node 'n': attribute 'axes': axis 3 is out of range for rank 3"));
  SetIntsAttribute(node, "axes", {1, -2});
  EXPECT_THAT(ShapeError(node, {{2, 3, 2}}).message(), HasSubstr("given twice"));
  SetIntsAttribute(node, "axes", {0});
  SetIntAttribute(node, "keepdims", 2);
  EXPECT_THAT(ShapeError(node, {{2, 3, 2}}).message(), HasSubstr("'keepdims' must be 0 or 1"));
  SetIntAttribute(node, "keepdims", 1);
  SetIntAttribute(node, "noop_with_empty_axes", -1);
  EXPECT_THAT(ShapeError(node, {{2, 3, 2}}).message(), HasSubstr("'noop_with_empty_axes'"));
  Node wrong_type = MakeNode("ReduceMax");
  SetIntAttribute(wrong_type, "axes", 1);
  EXPECT_THAT(ShapeError(wrong_type, {{2, 3}}).message(), HasSubstr("'axes' is not a list"));
  EXPECT_THAT(ShapeError(MakeNode("ReduceSum", 2), {{2, 3}, {1}}).message(),
              HasSubstr("takes 1 inputs, has 2"));
}

// [2, 3, 2] with ties along axis 1 (7, 7) and axis 2.
Tensor ArgInput() { return MakeTensor({2, 3, 2}, {2, 5, 5, 1, 1, 0, 7, 3, 7, 0, 0, 4}); }

TEST(ArgMaxTest, AxesKeepdimsAndTies) {
  const Tensor x = ArgInput();
  Node node = MakeNode("ArgMax");
  EXPECT_THAT(RunOne(node, {x}), HasValues(Shape{1, 3, 2}, std::vector<float>{1, 0, 1, 0, 0, 1}));
  SetIntAttribute(node, "axis", 1);
  EXPECT_THAT(RunOne(node, {x}), HasValues(Shape{2, 1, 2}, std::vector<float>{1, 0, 0, 2}));
  SetIntAttribute(node, "select_last_index", 1);
  EXPECT_THAT(RunOne(node, {x}), HasValues(Shape{2, 1, 2}, std::vector<float>{1, 0, 1, 2}));
  SetIntAttribute(node, "axis", -1);
  SetIntAttribute(node, "keepdims", 0);
  EXPECT_THAT(RunOne(node, {x}), HasValues(Shape{2, 3}, std::vector<float>{1, 0, 0, 0, 0, 1}));
}

TEST(ArgMinTest, AxesKeepdimsAndTies) {
  const Tensor x = ArgInput();
  Node node = MakeNode("ArgMin");
  EXPECT_THAT(RunOne(node, {x}), HasValues(Shape{1, 3, 2}, std::vector<float>{0, 1, 0, 1, 1, 0}));
  SetIntAttribute(node, "axis", -2);
  SetIntAttribute(node, "keepdims", 0);
  EXPECT_THAT(RunOne(node, {x}), HasValues(Shape{2, 2}, std::vector<float>{2, 2, 2, 1}));

  const Tensor ties = MakeTensor({1, 4}, {3, 1, 1, 2});
  Node last = MakeNode("ArgMin");
  SetIntAttribute(last, "axis", 1);
  EXPECT_THAT(RunOne(last, {ties}).values(), ElementsAre(1));
  SetIntAttribute(last, "select_last_index", 1);
  EXPECT_THAT(RunOne(last, {ties}).values(), ElementsAre(2));
}

TEST(ArgMaxTest, BadAttributes) {
  Node node = MakeNode("ArgMax");
  SetIntAttribute(node, "axis", -3);
  EXPECT_THAT(ShapeError(node, {{2, 3}}).message(),
              HasSubstr("ArgMax node 'n': attribute 'axis' -3 is out of range for rank 2"));
  SetIntAttribute(node, "axis", 0);
  SetIntAttribute(node, "select_last_index", 2);
  EXPECT_THAT(ShapeError(node, {{2, 3}}).message(), HasSubstr("'select_last_index'"));
  Node empty_axis = MakeNode("ArgMin");
  SetIntAttribute(empty_axis, "axis", 1);
  EXPECT_THAT(ShapeError(empty_axis, {{2, 0}}).message(), HasSubstr("axis 1 is empty"));
  EXPECT_THAT(ShapeError(MakeNode("ArgMax"), {{}}).message(), HasSubstr("'axis'"));
}

// [2, 2, 2]: the old (2-D view) and new (one axis) forms differ for axis 1.
Tensor LogSoftmaxInput() { return MakeTensor({2, 2, 2}, {0.5f, 1, 2, -1, 3, 0, 1, 1}); }

TEST(LogSoftmaxTest, AlongOneAxisFromOpset13) {
  const Tensor x = LogSoftmaxInput();
  Node node = MakeNode("LogSoftmax");
  const std::vector<float> last_axis = {-0.974077f,   -0.474077f, -0.04858734f, -3.048587f,
                                        -0.04858734f, -3.048587f, -0.6931472f,  -0.6931472f};
  EXPECT_THAT(RunOne(node, {x}), HasValues(x.shape(), last_axis));
  SetIntAttribute(node, "onnx_opset", 13);
  SetIntAttribute(node, "axis", 1);
  EXPECT_THAT(RunOne(node, {x}),
              HasValues(x.shape(), std::vector<float>{-1.701413f, -0.1269281f, -0.2014133f,
                                                      -2.126928f, -0.1269281f, -1.313262f,
                                                      -2.126928f, -0.3132617f}));
  EXPECT_TRUE(FindOp("LogSoftmax")->onnx_opset_dependent);
}

TEST(LogSoftmaxTest, FlattensAtAxisBeforeOpset13) {
  const Tensor x = LogSoftmaxInput();
  Node node = MakeNode("LogSoftmax");
  SetIntAttribute(node, "onnx_opset", 11);
  // Default axis 1: rows of 4 values.
  EXPECT_THAT(RunOne(node, {x}),
              HasValues(x.shape(), std::vector<float>{-1.995182f, -1.495182f, -0.4951819f,
                                                      -3.495182f, -0.2779784f, -3.277978f,
                                                      -2.277978f, -2.277978f}));
  SetIntAttribute(node, "axis", 0);
  EXPECT_THAT(RunOne(node, {x}),
              HasValues(x.shape(), std::vector<float>{-3.154444f, -2.654444f, -1.654444f,
                                                      -4.654444f, -0.6544443f, -3.654444f,
                                                      -2.654444f, -2.654444f}));
  // The last axis views the input the same way in both forms.
  SetIntAttribute(node, "axis", -1);
  EXPECT_THAT(RunOne(node, {x}),
              HasValues(x.shape(), std::vector<float>{-0.974077f, -0.474077f, -0.04858734f,
                                                      -3.048587f, -0.04858734f, -3.048587f,
                                                      -0.6931472f, -0.6931472f}));
}

TEST(LogSoftmaxTest, LargeValuesAndBadAxis) {
  Node node = MakeNode("LogSoftmax");
  EXPECT_THAT(RunOne(node, {MakeTensor({1, 3}, {1000, 1001, 1002})}),
              HasValues(Shape{1, 3}, std::vector<float>{-2.407606f, -1.407606f, -0.407606f}));
  SetIntAttribute(node, "axis", 2);
  EXPECT_THAT(ShapeError(node, {{1, 3}}).message(),
              HasSubstr("LogSoftmax node 'n': attribute 'axis' 2 is out of range for rank 2"));
  Node old = MakeNode("LogSoftmax");
  SetIntAttribute(old, "onnx_opset", 7);
  EXPECT_THAT(ShapeError(old, {{3}}).message(), HasSubstr("'axis' 1 is out of range for rank 1"));
}

TEST(InstanceNormalizationTest, Rank3And4) {
  Node node = MakeNode("InstanceNormalization", 3);
  const Tensor x = MakeTensor({2, 2, 3}, {1, 2, 4, -1, 0, 7, 3, 3, 5, 2, 8, 1});
  EXPECT_THAT(RunOne(node, {x, MakeTensor({2}, {1.5f, -1}), MakeTensor({2}, {0.5f, 2})}),
              HasValues(x.shape(), std::vector<float>{-1.103562f, 0.09910956f, 2.504453f,
                                                      2.842927f, 2.561951f, 0.5951219f,
                                                      -0.5606543f, -0.5606543f, 2.621308f,
                                                      2.539164f, 0.5981747f, 2.862662f}));
  SetFloatAttribute(node, "epsilon", 0.5f);
  const Tensor x4 = MakeTensor({1, 2, 2, 2}, {1, 2, 4, -1, 0, 7, 3, 3});
  EXPECT_THAT(RunOne(node, {x4, MakeTensor({2}, {1, 2}), MakeTensor({2}, {0, 1})}),
              HasValues(x4.shape(), std::vector<float>{-0.2581989f, 0.2581989f, 1.290994f,
                                                       -1.290994f, -1.513515f, 3.90021f,
                                                       0.8066527f, 0.8066527f}));
}

TEST(InstanceNormalizationTest, BadShapesAndEpsilon) {
  Node node = MakeNode("InstanceNormalization", 3);
  EXPECT_THAT(ShapeError(node, {{2, 3}, {3}, {3}}).message(), HasSubstr("rank 3 or more"));
  EXPECT_THAT(ShapeError(node, {{2, 3, 4}, {2}, {3}}).message(),
              HasSubstr("InstanceNormalization node 'n': scale must have shape [3]"));
  EXPECT_THAT(ShapeError(node, {{2, 3, 4}, {3}, {1, 3}}).message(), HasSubstr("B must have"));
  SetFloatAttribute(node, "epsilon", -1);
  EXPECT_THAT(ShapeError(node, {{2, 3, 4}, {3}, {3}}).message(), HasSubstr("'epsilon'"));
}

TEST(LayerNormalizationTest, ThreeOutputsOverTheLastAxis) {
  Node node = MakeNode("LayerNormalization", 3, 3);
  const Tensor x = MakeTensor({2, 3}, {1, 2, 4, -1, 0, 7});
  const std::vector<Tensor> outputs =
      RunNode(node, {x, MakeTensor({3}, {1, 2, 0.5f}), MakeTensor({3}, {0, 1, -1})});
  ASSERT_EQ(outputs.size(), 3u);
  EXPECT_THAT(outputs[0], HasValues(x.shape(), std::vector<float>{-1.069041f, 0.4654794f,
                                                                  -0.3318491f, -0.8429269f,
                                                                  -0.1239026f, -0.2975609f}));
  EXPECT_THAT(outputs[1], HasValues(Shape{2, 1}, std::vector<float>{2.333333f, 2}));
  EXPECT_THAT(outputs[2], HasValues(Shape{2, 1}, std::vector<float>{0.8017811f, 0.2809756f}));
}

TEST(LayerNormalizationTest, AxisZeroWithoutBiasAndBroadcastScale) {
  Node node = MakeNode("LayerNormalization", 2, 2);
  SetIntAttribute(node, "axis", 0);
  SetFloatAttribute(node, "epsilon", 0.1f);
  const Tensor x = MakeTensor({2, 3}, {1, 2, 4, -1, 0, 7});
  const std::vector<Tensor> outputs = RunNode(node, {x, MakeTensor({1}, {2})});
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_THAT(outputs[0], HasValues(x.shape(), std::vector<float>{-0.8672431f, -0.1238919f,
                                                                  1.36281f, -2.353945f,
                                                                  -1.610594f, 3.592864f}));
  EXPECT_THAT(outputs[1], HasValues(Shape{1, 1}, std::vector<float>{2.166667f}));

  // Scale [2] broadcasts along the normalised [3, 2] of a [2, 3, 2] input; B is one value.
  Node middle = MakeNode("LayerNormalization", 3, 1);
  SetIntAttribute(middle, "axis", -2);
  const Tensor x3 = MakeTensor({2, 3, 2}, {1, 2, 4, -1, 0, 7, 3, 3, 5, 2, 8, 1});
  EXPECT_THAT(RunOne(middle, {x3, MakeTensor({2}, {1, -1}), MakeTensor({}, {0.5f})}),
              HasValues(x3.shape(), std::vector<float>{0.06335232f, 0.5623783f, 1.186161f,
                                                       1.685187f, -0.3109171f, -1.308969f,
                                                       0.2082703f, 0.7917297f, 1.083459f,
                                                       1.229324f, 2.396243f, 1.666919f}));
}

TEST(LayerNormalizationTest, BadAttributesAndShapes) {
  Node node = MakeNode("LayerNormalization", 2);
  SetIntAttribute(node, "axis", 2);
  EXPECT_THAT(ShapeError(node, {{2, 3}, {3}}).message(),
              HasSubstr("LayerNormalization node 'n': attribute 'axis' 2 is out of range"));
  SetIntAttribute(node, "axis", -1);
  EXPECT_THAT(ShapeError(node, {{2, 3}, {4}}).message(),
              HasSubstr("Scale of shape [4] does not broadcast to X [2,3]"));
  EXPECT_THAT(ShapeError(node, {{2, 3}, {3}, {1, 2, 3}}).message(), HasSubstr("B of shape"));
  SetIntAttribute(node, "stash_type", 7);
  EXPECT_THAT(ShapeError(node, {{2, 3}, {3}}).message(), HasSubstr("'stash_type' 7"));
  SetIntAttribute(node, "stash_type", 1);
  SetFloatAttribute(node, "epsilon", std::nanf(""));
  EXPECT_THAT(ShapeError(node, {{2, 3}, {3}}).message(), HasSubstr("'epsilon'"));
  EXPECT_THAT(ShapeError(MakeNode("LayerNormalization", 2, 4), {{2, 3}, {3}}).message(),
              HasSubstr("has 4 outputs"));
}

// [1, 1, 4, 5]: 1 .. 20 with every third value negated.
Tensor LpPoolInput2d() {
  return MakeTensor({1, 1, 4, 5}, {-1, 2,   3,   -4, 5,  6,  -7, 8,  9,   -10,
                                   11, 12, -13, 14, 15, -16, 17, 18, -19, 20});
}

TEST(LpPoolTest, OneDimensionalWithPAndCeilMode) {
  Node node = MakeNode("LpPool");
  SetIntsAttribute(node, "kernel_shape", {2});
  SetIntAttribute(node, "p", 3);
  EXPECT_THAT(RunOne(node, {MakeTensor({1, 1, 5}, {1, -2, 3, 0.5f, -1})}),
              HasValues(Shape{1, 1, 4},
                        std::vector<float>{2.080084f, 3.271066f, 3.004623f, 1.040042f}));

  Node strided = MakeNode("LpPool");
  SetIntsAttribute(strided, "kernel_shape", {2});
  SetIntsAttribute(strided, "strides", {2});
  SetIntAttribute(strided, "p", 1);
  const Tensor x = MakeTensor({1, 1, 5}, {1, -2, 3, 0.5f, -1});
  EXPECT_THAT(RunOne(strided, {x}), HasValues(Shape{1, 1, 2}, std::vector<float>{3, 3.5f}));
  SetIntAttribute(strided, "ceil_mode", 1);
  EXPECT_THAT(RunOne(strided, {x}), HasValues(Shape{1, 1, 3}, std::vector<float>{3, 3.5f, 1}));
  // A last window that would start in the end padding is dropped.
  SetIntsAttribute(strided, "pads", {0, 1});
  EXPECT_THAT(RunOne(strided, {MakeTensor({1, 1, 4}, {1, -2, 3, 0.5f})}),
              HasValues(Shape{1, 1, 2}, std::vector<float>{3, 3.5f}));

  // Windows wholly in the padding give 0; dilated windows skip padding and input alike.
  Node padded = MakeNode("LpPool");
  SetIntsAttribute(padded, "kernel_shape", {1});
  SetIntsAttribute(padded, "pads", {2, 1});
  EXPECT_THAT(RunOne(padded, {MakeTensor({1, 1, 2}, {3, -4})}),
              HasValues(Shape{1, 1, 5}, std::vector<float>{0, 0, 3, 4, 0}));
  Node dilated = MakeNode("LpPool");
  SetIntsAttribute(dilated, "kernel_shape", {2});
  SetIntsAttribute(dilated, "dilations", {2});
  SetIntsAttribute(dilated, "pads", {1, 1});
  SetIntAttribute(dilated, "p", 1);
  EXPECT_THAT(RunOne(dilated, {MakeTensor({1, 1, 5}, {1, 2, 3, 4, 5})}),
              HasValues(Shape{1, 1, 5}, std::vector<float>{2, 4, 6, 8, 4}));
}

TEST(LpPoolTest, TwoDimensionalPadsAndDilations) {
  const Tensor x = LpPoolInput2d();
  Node node = MakeNode("LpPool");
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  SetIntsAttribute(node, "pads", {1, 1, 1, 1});
  EXPECT_THAT(RunOne(node, {x}),
              HasValuesNear(Shape{1, 1, 5, 6},
                            std::vector<float>{1,         2.236068f, 3.605551f, 5,
                                               6.403124f, 5,         6.082763f, 9.486833f,
                                               11.22497f, 13.0384f,  14.89966f, 11.18034f,
                                               12.52996f, 18.70829f, 20.63977f, 22.58318f,
                                               24.53569f, 18.02776f, 19.41649f, 28.4605f,
                                               30.43025f, 32.4037f,  34.38023f, 25,
                                               16,        23.34524f, 24.75884f, 26.1725f,
                                               27.58623f, 20}));
  Node dilated = MakeNode("LpPool");
  SetIntsAttribute(dilated, "kernel_shape", {2, 2});
  SetIntsAttribute(dilated, "dilations", {2, 2});
  EXPECT_THAT(RunOne(dilated, {x}),
              HasValuesNear(Shape{1, 1, 2, 3}, std::vector<float>{17.32051f, 18.97367f, 20.68816f,
                                                                  26.07681f, 27.92848f,
                                                                  29.79933f}));
}

TEST(LpPoolTest, AutoPad) {
  const Tensor x = LpPoolInput2d();
  Node upper = MakeNode("LpPool");
  SetIntsAttribute(upper, "kernel_shape", {2, 2});
  AddStringAttribute(upper, "auto_pad", "SAME_UPPER");
  EXPECT_THAT(RunOne(upper, {x}),
              HasValuesNear(Shape{1, 1, 4, 5},
                            std::vector<float>{9.486833f, 11.22497f, 13.0384f,  14.89966f,
                                               11.18034f, 18.70829f, 20.63977f, 22.58318f,
                                               24.53569f, 18.02776f, 28.4605f,  30.43025f,
                                               32.4037f,  34.38023f, 25,        23.34524f,
                                               24.75884f, 26.1725f,  27.58623f, 20}));
  Node lower = MakeNode("LpPool");
  SetIntsAttribute(lower, "kernel_shape", {2, 2});
  AddStringAttribute(lower, "auto_pad", "SAME_LOWER");
  EXPECT_THAT(RunOne(lower, {x}),
              HasValuesNear(Shape{1, 1, 4, 5},
                            std::vector<float>{1,         2.236068f, 3.605551f, 5,
                                               6.403124f, 6.082763f, 9.486833f, 11.22497f,
                                               13.0384f,  14.89966f, 12.52996f, 18.70829f,
                                               20.63977f, 22.58318f, 24.53569f, 19.41649f,
                                               28.4605f,  30.43025f, 32.4037f,  34.38023f}));
  Node strided = MakeNode("LpPool");
  SetIntsAttribute(strided, "kernel_shape", {3, 3});
  SetIntsAttribute(strided, "strides", {2, 2});
  AddStringAttribute(strided, "auto_pad", "SAME_UPPER");
  EXPECT_THAT(RunOne(strided, {x}),
              HasValuesNear(Shape{1, 1, 2, 3}, std::vector<float>{18.84144f, 27.0555f, 25.35744f,
                                                                  28.4605f, 38.50974f,
                                                                  34.38023f}));
  Node valid = MakeNode("LpPool");
  SetIntsAttribute(valid, "kernel_shape", {2, 3});
  SetIntsAttribute(valid, "strides", {2, 2});
  SetIntsAttribute(valid, "pads", {1, 1, 1, 1});  // VALID ignores them
  AddStringAttribute(valid, "auto_pad", "VALID");
  EXPECT_THAT(RunOne(valid, {x}),
              HasValuesNear(Shape{1, 1, 2, 2},
                            std::vector<float>{12.76715f, 17.17556f, 36.09709f, 40.92676f}));
}

TEST(LpPoolTest, ThreeDimensional) {
  std::vector<float> values;
  for (int i = 1; i <= 18; ++i) values.push_back(0.5f * i);
  Node node = MakeNode("LpPool");
  SetIntsAttribute(node, "kernel_shape", {2, 2, 1});
  EXPECT_THAT(RunOne(node, {MakeTensor({1, 2, 3, 3, 1}, values)}),
              HasValuesNear(Shape{1, 2, 2, 2, 1},
                            std::vector<float>{3.391165f, 4.301163f, 6.204837f, 7.17635f,
                                               12.10372f, 13.0958f, 15.0831f, 16.07794f}));
}

TEST(LpPoolTest, BadAttributes) {
  const Shape x = {1, 1, 4, 5};
  Node node = MakeNode("LpPool");
  EXPECT_THAT(ShapeError(node, {x}).message(),
              HasSubstr("LpPool node 'n': attribute 'kernel_shape' is missing"));
  SetIntsAttribute(node, "kernel_shape", {2});
  EXPECT_THAT(ShapeError(node, {x}).message(), HasSubstr("'kernel_shape' needs 2 values, has 1"));
  SetIntsAttribute(node, "kernel_shape", {2, 2});
  SetIntsAttribute(node, "strides", {1, 0});
  EXPECT_THAT(ShapeError(node, {x}).message(), HasSubstr("'strides' value 0 is out of range"));
  SetIntsAttribute(node, "strides", {1, 1});
  SetIntsAttribute(node, "pads", {0, 0, -1, 0});
  EXPECT_THAT(ShapeError(node, {x}).message(), HasSubstr("'pads' value -1"));
  SetIntsAttribute(node, "pads", {0, 0, 0});
  EXPECT_THAT(ShapeError(node, {x}).message(), HasSubstr("'pads' needs 4 values"));
  SetIntsAttribute(node, "pads", {0, 0, 0, 0});
  SetIntAttribute(node, "p", 0);
  EXPECT_THAT(ShapeError(node, {x}).message(), HasSubstr("'p' must be at least 1"));
  SetIntAttribute(node, "p", 2);
  SetIntAttribute(node, "ceil_mode", 3);
  EXPECT_THAT(ShapeError(node, {x}).message(), HasSubstr("'ceil_mode'"));
  SetIntAttribute(node, "ceil_mode", 0);
  SetIntsAttribute(node, "dilations", {1, 1 << 30});
  EXPECT_THAT(ShapeError(node, {x}).message(), HasSubstr("larger than the padded input"));
  SetIntsAttribute(node, "dilations", {1, 1});
  EXPECT_THAT(ShapeError(node, {{1, 4, 5}}).message(), HasSubstr("kernel_shape' needs 1 values"));
  EXPECT_THAT(ShapeError(node, {{4, 5}}).message(), HasSubstr("1 to 3 spatial axes"));

  Node auto_pad = node;
  AddStringAttribute(auto_pad, "auto_pad", "SAME");
  EXPECT_THAT(ShapeError(auto_pad, {x}).message(), HasSubstr("'auto_pad' 'SAME' is not"));
  Node int_auto_pad = node;
  SetIntAttribute(int_auto_pad, "auto_pad", 1);
  EXPECT_THAT(ShapeError(int_auto_pad, {x}).message(), HasSubstr("'auto_pad' is not a string"));
  Node valid = node;
  SetIntsAttribute(valid, "kernel_shape", {5, 2});
  AddStringAttribute(valid, "auto_pad", "VALID");
  EXPECT_THAT(ShapeError(valid, {x}).message(), HasSubstr("larger than the padded input"));
}

}  // namespace
}  // namespace sentio::cnn::ops
