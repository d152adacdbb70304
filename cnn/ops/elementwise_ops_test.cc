// The element-wise ops against values from ONNX's reference implementation (onnx 1.16,
// onnx.reference.ReferenceEvaluator) written in as literals.
#include <cmath>
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
using ::testing::Pointwise;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

Node MakeNode(const std::string& op_type, int inputs, int outputs = 1) {
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
  return outputs.ok() ? *outputs : std::vector<Tensor>();
}

// Output 0 of `node` on one input.
std::vector<float> RunUnary(const Node& node, const std::vector<float>& x) {
  std::vector<Tensor> outputs = RunNode(node, {MakeTensor({static_cast<int64_t>(x.size())}, x)});
  return outputs.empty() ? std::vector<float>() : outputs[0].values();
}

const std::vector<float> kX = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f};

MATCHER(Near, "") { return std::fabs(std::get<0>(arg) - std::get<1>(arg)) <= 1e-6f; }

TEST(UnaryMathTest, Elu) {
  EXPECT_THAT(RunUnary(MakeNode("Elu", 1), kX),
              Pointwise(Near(), {-0.8646647334f, -0.3934693336f, 0.0f, 0.5f, 2.0f}));
  Node node = MakeNode("Elu", 1);
  SetFloatAttribute(node, "alpha", 0.5f);
  EXPECT_THAT(RunUnary(node, kX),
              Pointwise(Near(), {-0.4323323667f, -0.1967346668f, 0.0f, 0.5f, 2.0f}));
}

TEST(UnaryMathTest, Selu) {
  EXPECT_THAT(
      RunUnary(MakeNode("Selu", 1), kX),
      Pointwise(Near(), {-1.5201665163f, -0.6917582154f, 0.0f, 0.5253505111f, 2.1014020443f}));
  Node node = MakeNode("Selu", 1);
  SetFloatAttribute(node, "alpha", 2.0f);
  SetFloatAttribute(node, "gamma", 3.0f);
  EXPECT_THAT(RunUnary(node, kX),
              Pointwise(Near(), {-5.18798828125f, -2.3608160019f, 0.0f, 1.5f, 6.0f}));
}

TEST(UnaryMathTest, HardSigmoid) {
  EXPECT_THAT(RunUnary(MakeNode("HardSigmoid", 1), kX),
              Pointwise(Near(), {0.1f, 0.4f, 0.5f, 0.6f, 0.9f}));
  Node node = MakeNode("HardSigmoid", 1);
  SetFloatAttribute(node, "alpha", 0.5f);
  SetFloatAttribute(node, "beta", 0.6f);
  EXPECT_THAT(RunUnary(node, kX), Pointwise(Near(), {0.0f, 0.35f, 0.6f, 0.85f, 1.0f}));
}

TEST(UnaryMathTest, HardSwishSoftplusSoftsignMish) {
  EXPECT_THAT(RunUnary(MakeNode("HardSwish", 1), {-4.0f, -2.0f, -0.5f, 0.0f, 0.5f, 2.0f, 4.0f}),
              Pointwise(Near(), {0.0f, -0.3333333135f, -0.2083333284f, 0.0f, 0.2916666567f,
                                 1.6666667461f, 4.0f}));
  EXPECT_THAT(RunUnary(MakeNode("Softplus", 1), kX),
              Pointwise(Near(), {0.1269280463f, 0.4740769863f, 0.6931471825f, 0.9740769863f,
                                 2.1269278526f}));
  // No overflow where e^x does.
  EXPECT_THAT(RunUnary(MakeNode("Softplus", 1), {100.0f, -100.0f}),
              Pointwise(Near(), {100.0f, 0.0f}));
  EXPECT_THAT(
      RunUnary(MakeNode("Softsign", 1), kX),
      Pointwise(Near(), {-0.6666666865f, -0.3333333433f, 0.0f, 0.3333333433f, 0.6666666865f}));
  EXPECT_THAT(
      RunUnary(MakeNode("Mish", 1), kX),
      Pointwise(Near(), {-0.2525015473f, -0.2207437754f, 0.0f, 0.3752451837f, 1.9439588785f}));
}

TEST(UnaryMathTest, GeluBothModes) {
  const std::vector<float> exact = {-0.0455002785f, -0.1542687714f, 0.0f, 0.3457312286f,
                                    1.9544997215f};
  EXPECT_THAT(RunUnary(MakeNode("Gelu", 1), kX), Pointwise(Near(), exact));
  Node none = MakeNode("Gelu", 1);
  AddStringAttribute(none, "approximate", "none");
  EXPECT_THAT(RunUnary(none, kX), Pointwise(Near(), exact));
  Node tanh = MakeNode("Gelu", 1);
  AddStringAttribute(tanh, "approximate", "tanh");
  EXPECT_THAT(RunUnary(tanh, kX), Pointwise(Near(), {-0.045402348f, -0.1542859972f, 0.0f,
                                                     0.3457140028f, 1.9545977116f}));
}

TEST(UnaryMathTest, GeluRejectsBadApproximate) {
  Node unknown = MakeNode("Gelu", 1);
  AddStringAttribute(unknown, "approximate", "sigmoid");
  absl::StatusOr<std::vector<Shape>> shapes = InferOpShapes(unknown, {{3}});
  EXPECT_THAT(shapes.status().message(),
              HasSubstr("Gelu node 'n': attribute 'approximate' is 'sigmoid'"));
  Node wrong_type = MakeNode("Gelu", 1);
  SetIntAttribute(wrong_type, "approximate", 1);
  EXPECT_THAT(InferOpShapes(wrong_type, {{3}}).status().message(),
              HasSubstr("attribute 'approximate' is not a string"));
}

TEST(UnaryMathTest, FloatAttributeOfWrongTypeIsAnError) {
  Node node = MakeNode("Elu", 1);
  SetIntAttribute(node, "alpha", 1);
  absl::StatusOr<std::vector<Shape>> shapes = InferOpShapes(node, {{2}});
  EXPECT_EQ(shapes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(shapes.status().message(), HasSubstr("Elu node 'n': attribute 'alpha'"));
}

TEST(UnaryMathTest, ErfSqrtExpLog) {
  EXPECT_THAT(
      RunUnary(MakeNode("Erf", 1), kX),
      Pointwise(Near(), {-0.9953222871f, -0.5204998851f, 0.0f, 0.5204998851f, 0.9953222871f}));
  EXPECT_THAT(RunUnary(MakeNode("Sqrt", 1), {0.0f, 1.0f, 2.0f, 4.0f}),
              Pointwise(Near(), {0.0f, 1.0f, 1.4142135382f, 2.0f}));
  EXPECT_TRUE(std::isnan(RunUnary(MakeNode("Sqrt", 1), {-1.0f})[0]));
  EXPECT_THAT(
      RunUnary(MakeNode("Exp", 1), kX),
      Pointwise(Near(), {0.1353352815f, 0.6065306664f, 1.0f, 1.6487212181f, 7.3890557289f}));
  EXPECT_THAT(RunUnary(MakeNode("Log", 1), {0.5f, 1.0f, 2.0f, 10.0f}),
              Pointwise(Near(), {-0.6931471825f, 0.0f, 0.6931471825f, 2.3025851250f}));
  EXPECT_THAT(RunUnary(MakeNode("Log", 1), {0.0f}), ElementsAre(-kInf));
}

TEST(UnaryMathTest, AbsNegReciprocalFloorCeil) {
  EXPECT_THAT(RunUnary(MakeNode("Abs", 1), kX), ElementsAre(2.0f, 0.5f, 0.0f, 0.5f, 2.0f));
  EXPECT_THAT(RunUnary(MakeNode("Neg", 1), kX), ElementsAre(2.0f, 0.5f, 0.0f, -0.5f, -2.0f));
  EXPECT_THAT(RunUnary(MakeNode("Reciprocal", 1), {-4.0f, 0.5f, 2.0f, 0.0f}),
              ElementsAre(-0.25f, 2.0f, 0.5f, kInf));
  EXPECT_THAT(RunUnary(MakeNode("Floor", 1), {-2.0f, -0.5f, 0.0f, 0.5f, 1.7f}),
              ElementsAre(-2.0f, -1.0f, 0.0f, 0.0f, 1.0f));
  EXPECT_THAT(RunUnary(MakeNode("Ceil", 1), {-2.0f, -0.5f, 0.0f, 0.5f, 1.2f}),
              ElementsAre(-2.0f, 0.0f, 0.0f, 1.0f, 2.0f));
}

TEST(UnaryMathTest, RoundHalvesToEven) {
  EXPECT_THAT(RunUnary(MakeNode("Round", 1),
                       {2.5f, -2.5f, 0.5f, -0.5f, 1.5f, 3.5f, 2.3f, -2.7f, 0.9f, -4.5f}),
              ElementsAre(2.0f, -2.0f, 0.0f, 0.0f, 2.0f, 4.0f, 2.0f, -3.0f, 1.0f, -4.0f));
  const std::vector<float> special = RunUnary(MakeNode("Round", 1), {kInf, -kInf, kNaN});
  EXPECT_EQ(special[0], kInf);
  EXPECT_EQ(special[1], -kInf);
  EXPECT_TRUE(std::isnan(special[2]));
}

TEST(UnaryMathTest, NotReadsNonzeroAsTrue) {
  EXPECT_THAT(RunUnary(MakeNode("Not", 1), {0.0f, 1.0f, -3.0f, 0.5f}),
              ElementsAre(1.0f, 0.0f, 0.0f, 0.0f));
}

TEST(UnaryMathTest, ShapeIsTheInputShape) {
  absl::StatusOr<std::vector<Shape>> shapes = InferOpShapes(MakeNode("Exp", 1), {{2, 3, 4}});
  ASSERT_TRUE(shapes.ok()) << shapes.status();
  EXPECT_THAT(*shapes, ElementsAre(Shape{2, 3, 4}));
  EXPECT_FALSE(InferOpShapes(MakeNode("Exp", 2), {{2}, {2}}).ok());
}

TEST(BinaryMathTest, SubAndDivBroadcast) {
  const Tensor a = MakeTensor({2, 3}, {1, 2, 3, 4, 5, 6});
  const Tensor b = MakeTensor({3}, {1, 2, 4});
  EXPECT_THAT(RunNode(MakeNode("Sub", 2), {a, b})[0].values(), ElementsAre(0, 0, -1, 3, 3, 2));
  const std::vector<Tensor> quotient = RunNode(MakeNode("Div", 2), {a, b});
  EXPECT_EQ(quotient[0].shape(), (Shape{2, 3}));
  EXPECT_THAT(quotient[0].values(), ElementsAre(1, 1, 0.75f, 4, 2.5f, 1.5f));
  // b broadcasts from the left too: [2, 1] - [3] is [2, 3].
  EXPECT_THAT(RunNode(MakeNode("Sub", 2), {MakeTensor({2, 1}, {10, 20}), b})[0].values(),
              ElementsAre(9, 8, 6, 19, 18, 16));
}

TEST(BinaryMathTest, DivByZeroFollowsIeee) {
  const std::vector<float> y =
      RunNode(MakeNode("Div", 2), {MakeTensor({3}, {1, -1, 0}), MakeTensor({}, {0})})[0].values();
  EXPECT_EQ(y[0], kInf);
  EXPECT_EQ(y[1], -kInf);
  EXPECT_TRUE(std::isnan(y[2]));
}

TEST(BinaryMathTest, PowBroadcastsBothWays) {
  // The exponent broadcasts to the base ...
  const std::vector<Tensor> by_row = RunNode(
      MakeNode("Pow", 2), {MakeTensor({2, 3}, {1, 2, 3, 4, 5, 6}), MakeTensor({3}, {2, 0.5f, -1})});
  EXPECT_EQ(by_row[0].shape(), (Shape{2, 3}));
  EXPECT_THAT(by_row[0].values(), Pointwise(Near(), {1.0f, 1.4142135382f, 0.3333333433f, 16.0f,
                                                     2.2360680103f, 0.1666666716f}));
  // ... and a scalar base to the exponent's shape.
  const std::vector<Tensor> scalar_base =
      RunNode(MakeNode("Pow", 2), {MakeTensor({}, {2}), MakeTensor({3, 1}, {1, 0.5f, -2})});
  EXPECT_EQ(scalar_base[0].shape(), (Shape{3, 1}));
  EXPECT_THAT(scalar_base[0].values(), Pointwise(Near(), {2.0f, 1.4142135382f, 0.25f}));
  const std::vector<float> negative_base =
      RunNode(MakeNode("Pow", 2), {MakeTensor({2}, {-8, -2}), MakeTensor({2}, {1.0f / 3, 2})})[0]
          .values();
  EXPECT_TRUE(std::isnan(negative_base[0]));
  EXPECT_EQ(negative_base[1], 4.0f);
}

TEST(BinaryMathTest, ComparisonsGiveZeroOrOne) {
  const Tensor a = MakeTensor({2, 3}, {1, 2, 3, 4, 5, kNaN});
  const Tensor b = MakeTensor({3}, {2, 2, 2});
  EXPECT_THAT(RunNode(MakeNode("Equal", 2), {a, b})[0].values(), ElementsAre(0, 1, 0, 0, 0, 0));
  EXPECT_THAT(RunNode(MakeNode("Greater", 2), {a, b})[0].values(), ElementsAre(0, 0, 1, 1, 1, 0));
  EXPECT_THAT(RunNode(MakeNode("Less", 2), {a, b})[0].values(), ElementsAre(1, 0, 0, 0, 0, 0));
}

TEST(BinaryMathTest, ShapesThatDoNotBroadcastAreAnError) {
  absl::StatusOr<std::vector<Shape>> shapes = InferOpShapes(MakeNode("Pow", 2), {{2, 3}, {2}});
  EXPECT_THAT(shapes.status().message(), HasSubstr("Pow node 'n': shapes [2,3] and [2]"));
}

TEST(VariadicMathTest, OneInputIsCopied) {
  const Tensor x = MakeTensor({3}, {1, -2, 3});
  for (const char* op : {"Max", "Min", "Sum", "Mean"}) {
    EXPECT_THAT(RunNode(MakeNode(op, 1), {x})[0].values(), ElementsAre(1, -2, 3)) << op;
  }
}

TEST(VariadicMathTest, ThreeInputsBroadcast) {
  // The second input broadcasts from [2, 1], the third from [1].
  const Tensor a = MakeTensor({2, 3}, {3, 2, 1, 4, 0, 6});
  const Tensor b = MakeTensor({2, 1}, {1, 5});
  const Tensor c = MakeTensor({1}, {2});
  std::vector<Tensor> max = RunNode(MakeNode("Max", 3), {a, b, c});
  EXPECT_EQ(max[0].shape(), (Shape{2, 3}));
  EXPECT_THAT(max[0].values(), ElementsAre(3, 2, 2, 5, 5, 6));
  EXPECT_THAT(RunNode(MakeNode("Min", 3), {a, b, c})[0].values(), ElementsAre(1, 1, 1, 2, 0, 2));
  EXPECT_THAT(RunNode(MakeNode("Sum", 3), {a, b, c})[0].values(), ElementsAre(6, 5, 4, 11, 7, 13));
  EXPECT_THAT(RunNode(MakeNode("Mean", 3), {a, b, c})[0].values(),
              Pointwise(Near(), {2.0f, 5.0f / 3, 4.0f / 3, 11.0f / 3, 7.0f / 3, 13.0f / 3}));
}

TEST(VariadicMathTest, MaxAndMinPropagateNaN) {
  // Like numpy.maximum / numpy.minimum, whichever input holds the NaN.
  const Tensor a = MakeTensor({3}, {kNaN, 1, 2});
  const Tensor b = MakeTensor({3}, {1, kNaN, 3});
  for (const char* op : {"Max", "Min"}) {
    const std::vector<float> y = RunNode(MakeNode(op, 2), {a, b})[0].values();
    EXPECT_TRUE(std::isnan(y[0])) << op;
    EXPECT_TRUE(std::isnan(y[1])) << op;
  }
  EXPECT_EQ(RunNode(MakeNode("Max", 2), {a, b})[0][2], 3.0f);
  EXPECT_EQ(RunNode(MakeNode("Min", 2), {a, b})[0][2], 2.0f);
}

TEST(VariadicMathTest, ShapesThatDoNotBroadcastAreAnError) {
  absl::StatusOr<std::vector<Shape>> shapes = InferOpShapes(MakeNode("Sum", 3), {{2, 3}, {3}, {2}});
  EXPECT_THAT(shapes.status().message(), HasSubstr("Sum node 'n': shapes [2,3] and [2]"));
  EXPECT_FALSE(InferOpShapes(MakeNode("Mean", 0), {}).ok());
}

TEST(WhereTest, BroadcastsAllThreeInputs) {
  // condition [2, 1], X [1, 3], Y scalar: output [2, 3].
  const Tensor condition = MakeTensor({2, 1}, {1, 0});
  const Tensor x = MakeTensor({1, 3}, {1, 2, 3});
  const Tensor y = MakeTensor({}, {-1});
  const std::vector<Tensor> out = RunNode(MakeNode("Where", 3), {condition, x, y});
  EXPECT_EQ(out[0].shape(), (Shape{2, 3}));
  EXPECT_THAT(out[0].values(), ElementsAre(1, 2, 3, -1, -1, -1));
}

TEST(WhereTest, ConditionIsNonzero) {
  // ONNX's test_where_example with a condition of -0.5 for true.
  const std::vector<Tensor> out = RunNode(
      MakeNode("Where", 3), {MakeTensor({2, 2}, {1, 0, -0.5f, 1}), MakeTensor({2, 2}, {1, 2, 3, 4}),
                             MakeTensor({2, 2}, {9, 8, 7, 6})});
  EXPECT_THAT(out[0].values(), ElementsAre(1, 8, 3, 4));
}

TEST(WhereTest, ShapesThatDoNotBroadcastAreAnError) {
  EXPECT_THAT(InferOpShapes(MakeNode("Where", 3), {{2}, {2}, {3}}).status().message(),
              HasSubstr("Where node 'n'"));
  EXPECT_FALSE(InferOpShapes(MakeNode("Where", 2), {{2}, {2}}).ok());
}

TEST(IdentityTest, Copies) {
  const std::vector<Tensor> out =
      RunNode(MakeNode("Identity", 1), {MakeTensor({2, 2}, {1, 2, 3, 4})});
  EXPECT_EQ(out[0].shape(), (Shape{2, 2}));
  EXPECT_THAT(out[0].values(), ElementsAre(1, 2, 3, 4));
}

TEST(DropoutTest, InferenceCopiesAndTheMaskIsOnes) {
  const Tensor x = MakeTensor({2, 2}, {1, -2, 3, -4});
  const std::vector<Tensor> one_output = RunNode(MakeNode("Dropout", 1), {x});
  ASSERT_EQ(one_output.size(), 1u);
  EXPECT_THAT(one_output[0].values(), ElementsAreArray(x.values()));

  // Opset 12+: ratio and training_mode were constant inputs, now attributes.
  Node node = MakeNode("Dropout", 1, 2);
  Attribute& ratio = *node.add_attribute();
  ratio.set_name("ratio");
  ratio.set_type(Attribute::FLOATS);
  ratio.add_floats(0.3f);
  SetIntsAttribute(node, "training_mode", {0});
  const std::vector<Tensor> two_outputs = RunNode(node, {x});
  ASSERT_EQ(two_outputs.size(), 2u);
  EXPECT_THAT(two_outputs[0].values(), ElementsAreArray(x.values()));
  EXPECT_EQ(two_outputs[1].shape(), (Shape{2, 2}));
  EXPECT_THAT(two_outputs[1].values(), ElementsAre(1, 1, 1, 1));
}

TEST(DropoutTest, OldOpsetAttributes) {
  // Before opset 12: ratio is a FLOAT attribute; opset 6 models may carry is_test.
  Node node = MakeNode("Dropout", 1);
  SetFloatAttribute(node, "ratio", 0.2f);
  SetIntAttribute(node, "is_test", 1);
  SetIntAttribute(node, "seed", 7);
  EXPECT_THAT(RunNode(node, {MakeTensor({2}, {5, 6})})[0].values(), ElementsAre(5, 6));
}

TEST(DropoutTest, DeclaresItsOnnxConstantInputs) {
  const OpDefinition* dropout = FindOp("Dropout");
  ASSERT_NE(dropout, nullptr);
  ASSERT_EQ(dropout->onnx_constant_inputs.size(), 2u);
  EXPECT_EQ(dropout->onnx_constant_inputs[0].index, 1);
  EXPECT_EQ(dropout->onnx_constant_inputs[0].attribute, "ratio");
  EXPECT_EQ(dropout->onnx_constant_inputs[0].since_opset, 12);
  EXPECT_EQ(dropout->onnx_constant_inputs[1].index, 2);
  EXPECT_EQ(dropout->onnx_constant_inputs[1].attribute, "training_mode");
  EXPECT_EQ(dropout->onnx_constant_inputs[1].since_opset, 12);
}

TEST(DropoutTest, BadAttributesAreErrors) {
  Node training = MakeNode("Dropout", 1);
  SetIntsAttribute(training, "training_mode", {1});
  EXPECT_THAT(InferOpShapes(training, {{2}}).status().message(),
              HasSubstr("Dropout node 'n': attribute 'training_mode' is true"));

  Node ratio_too_large = MakeNode("Dropout", 1);
  SetFloatAttribute(ratio_too_large, "ratio", 1.0f);
  EXPECT_THAT(InferOpShapes(ratio_too_large, {{2}}).status().message(),
              HasSubstr("attribute 'ratio' is 1, not in [0, 1)"));

  Node ratio_nan = MakeNode("Dropout", 1);
  SetFloatAttribute(ratio_nan, "ratio", kNaN);
  EXPECT_FALSE(InferOpShapes(ratio_nan, {{2}}).ok());

  Node ratio_list = MakeNode("Dropout", 1);
  SetIntsAttribute(ratio_list, "ratio", {0, 1});
  EXPECT_THAT(InferOpShapes(ratio_list, {{2}}).status().message(),
              HasSubstr("attribute 'ratio' is not a float"));

  Node training_float = MakeNode("Dropout", 1);
  SetFloatAttribute(training_float, "training_mode", 0.0f);
  EXPECT_THAT(InferOpShapes(training_float, {{2}}).status().message(),
              HasSubstr("attribute 'training_mode' is not a boolean"));

  EXPECT_FALSE(InferOpShapes(MakeNode("Dropout", 1, 3), {{2}}).ok());
}

}  // namespace
}  // namespace sentio::cnn::ops
