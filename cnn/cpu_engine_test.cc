#include "cnn/cpu_engine.h"

#include <cmath>
#include <random>

#include "cnn/model_builder_for_test.h"
#include "cnn/node_attributes.h"
#include "cnn/reference_engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<float> RandomValues(int64_t count, std::mt19937& random) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float& value : values) value = uniform(random);
  return values;
}

// max |cpu - reference| over max |reference|: the error relative to the output's scale.
double MaxRelativeError(const Tensor& cpu, const Tensor& reference) {
  double largest = 0, error = 0;
  for (int64_t i = 0; i < reference.size(); ++i) {
    largest = std::max(largest, std::fabs(static_cast<double>(reference[i])));
    error = std::max(error, std::fabs(static_cast<double>(cpu[i]) - reference[i]));
  }
  return largest > 0 ? error / largest : error;
}

// Runs `model` (input "x", output "y") on random input with both engines and returns the error.
double CompareWithReference(const cnn::Model& model, const Shape& x_shape, uint32_t seed) {
  std::mt19937 random(seed);
  const Tensor x = Tensor::FromValues(x_shape, RandomValues(NumElements(x_shape).value(), random)).value();
  CpuEngine cpu;
  ReferenceEngine reference;
  absl::Status cpu_loaded = cpu.Load(model);
  EXPECT_TRUE(cpu_loaded.ok()) << cpu_loaded;
  EXPECT_TRUE(reference.Load(model).ok());
  absl::StatusOr<TensorMap> cpu_out = cpu.Run({{"x", x}});
  absl::StatusOr<TensorMap> reference_out = reference.Run({{"x", x}});
  EXPECT_TRUE(cpu_out.ok()) << cpu_out.status();
  EXPECT_TRUE(reference_out.ok()) << reference_out.status();
  if (!cpu_out.ok() || !reference_out.ok()) return 1e9;
  EXPECT_EQ(cpu_out->at("y").shape(), reference_out->at("y").shape());
  return MaxRelativeError(cpu_out->at("y"), reference_out->at("y"));
}

struct ConvCase {
  Shape input;           // [N, C, H, W]
  int64_t out_channels;
  int64_t kernel_h, kernel_w;
  std::vector<int64_t> strides, pads, dilations;
  int64_t group;
  bool bias;
};

class CpuConvTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(CpuConvTest, MatchesTheReferenceEngine) {
  const ConvCase& c = GetParam();
  std::mt19937 random(7);
  cnn::Model model;
  AddInput(model, "x", c.input);
  const Shape w_shape = {c.out_channels, c.input[1] / c.group, c.kernel_h, c.kernel_w};
  AddWeights(model, "w", w_shape, RandomValues(NumElements(w_shape).value(), random));
  std::vector<std::string> inputs = {"x", "w"};
  if (c.bias) {
    AddWeights(model, "b", {c.out_channels}, RandomValues(c.out_channels, random));
    inputs.push_back("b");
  }
  cnn::Node& conv = AddNode(model, "Conv", inputs, "y");
  SetIntsAttribute(conv, "strides", c.strides);
  SetIntsAttribute(conv, "pads", c.pads);
  SetIntsAttribute(conv, "dilations", c.dilations);
  SetIntAttribute(conv, "group", c.group);
  AddOutput(model, "y");
  EXPECT_LT(CompareWithReference(model, c.input, 11), 1e-4);
}

INSTANTIATE_TEST_SUITE_P(
    AwkwardShapes, CpuConvTest,
    ::testing::Values(
        ConvCase{{1, 1, 28, 28}, 8, 5, 5, {1, 1}, {2, 2, 2, 2}, {1, 1}, 1, true},       // SAME
        ConvCase{{2, 3, 13, 11}, 5, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 1, true},       // odd, s2
        ConvCase{{1, 6, 9, 7}, 6, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 6, true},         // depthwise
        ConvCase{{1, 8, 10, 10}, 4, 3, 3, {1, 1}, {0, 0, 0, 0}, {1, 1}, 2, false},      // groups
        ConvCase{{3, 16, 7, 5}, 33, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true},       // 1x1
        ConvCase{{1, 4, 9, 9}, 3, 1, 1, {2, 2}, {0, 0, 0, 0}, {1, 1}, 1, true},         // 1x1 s2
        ConvCase{{1, 2, 12, 12}, 3, 3, 3, {1, 1}, {2, 2, 2, 2}, {2, 2}, 1, true},       // dilated
        ConvCase{{1, 3, 6, 8}, 2, 2, 3, {1, 2}, {0, 1, 1, 0}, {1, 1}, 1, false},        // uneven
        ConvCase{{1, 64, 20, 20}, 80, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true}));   // K > 512

TEST(CpuEngineTest, GemmVariantsMatchTheReference) {
  for (int trans_a = 0; trans_a < 2; ++trans_a) {
    for (int trans_b = 0; trans_b < 2; ++trans_b) {
      std::mt19937 random(3);
      const int64_t m = 5, k = 70, n = 9;
      cnn::Model model;
      AddInput(model, "x", trans_a ? Shape{k, m} : Shape{m, k});
      AddWeights(model, "b", trans_b ? Shape{n, k} : Shape{k, n}, RandomValues(n * k, random));
      AddWeights(model, "c", {n}, RandomValues(n, random));
      cnn::Node& gemm = AddNode(model, "Gemm", {"x", "b", "c"}, "y");
      SetIntAttribute(gemm, "transA", trans_a);
      SetIntAttribute(gemm, "transB", trans_b);
      SetFloatAttribute(gemm, "alpha", 0.5f);
      SetFloatAttribute(gemm, "beta", 2.0f);
      AddOutput(model, "y");
      EXPECT_LT(CompareWithReference(model, trans_a ? Shape{k, m} : Shape{m, k}, 5), 1e-4)
          << "transA " << trans_a << " transB " << trans_b;
    }
  }
}

TEST(CpuEngineTest, GemmWithCPerRowAndRuntimeB) {
  std::mt19937 random(4);
  cnn::Model model;
  AddInput(model, "x", {4, 6});
  AddWeights(model, "c", {4, 1}, RandomValues(4, random));
  // B is computed at run time (a Relu of the input), so it is transposed on every run.
  AddNode(model, "Relu", {"x"}, "x_relu");
  SetIntAttribute(AddNode(model, "Gemm", {"x", "x_relu", "c"}, "y"), "transB", 1);
  AddOutput(model, "y");
  EXPECT_LT(CompareWithReference(model, {4, 6}, 6), 1e-4);
}

TEST(CpuEngineTest, MatMulOfABatchOfRows) {
  std::mt19937 random(5);
  cnn::Model model;
  AddInput(model, "x", {2, 3, 17});
  AddWeights(model, "b", {17, 4}, RandomValues(68, random));
  AddNode(model, "MatMul", {"x", "b"}, "y");
  AddOutput(model, "y");
  EXPECT_LT(CompareWithReference(model, {2, 3, 17}, 7), 1e-4);
}

TEST(CpuEngineTest, SmallNetworkMatchesTheReference) {
  std::mt19937 random(8);
  cnn::Model model;
  AddInput(model, "x", {4, 1, 28, 28});
  AddWeights(model, "w1", {20, 1, 5, 5}, RandomValues(500, random));
  AddWeights(model, "b1", {20}, RandomValues(20, random));
  AddWeights(model, "w2", {50, 20, 5, 5}, RandomValues(25000, random));
  AddWeights(model, "fc", {10, 800}, RandomValues(8000, random));
  AddNode(model, "Conv", {"x", "w1", "b1"}, "c1");
  cnn::Node& pool1 = AddNode(model, "MaxPool", {"c1"}, "p1");
  SetIntsAttribute(pool1, "kernel_shape", {2, 2});
  SetIntsAttribute(pool1, "strides", {2, 2});
  AddNode(model, "Conv", {"p1", "w2"}, "c2");
  AddNode(model, "Relu", {"c2"}, "r2");
  cnn::Node& pool2 = AddNode(model, "MaxPool", {"r2"}, "p2");
  SetIntsAttribute(pool2, "kernel_shape", {2, 2});
  SetIntsAttribute(pool2, "strides", {2, 2});
  AddNode(model, "Flatten", {"p2"}, "f");
  SetIntAttribute(AddNode(model, "Gemm", {"f", "fc"}, "g"), "transB", 1);
  SetIntAttribute(AddNode(model, "Softmax", {"g"}, "y"), "axis", 1);
  AddOutput(model, "y");
  EXPECT_LT(CompareWithReference(model, {4, 1, 28, 28}, 9), 1e-4);
}

TEST(CpuEngineTest, BroadcastAddAndMulMatchTheReference) {
  const std::vector<std::pair<Shape, Shape>> cases = {
      {{1, 8, 5, 5}, {8, 1, 1}}, {{2, 3, 4}, {2, 3, 4}}, {{2, 1, 4}, {3, 1}}, {{3, 4}, {}}};
  for (const auto& [x_shape, b_shape] : cases) {
    for (const char* op : {"Add", "Mul"}) {
      std::mt19937 random(12);
      cnn::Model model;
      AddInput(model, "x", x_shape);
      AddWeights(model, "b", b_shape, RandomValues(NumElements(b_shape).value(), random));
      AddNode(model, op, {"x", "b"}, "y");
      AddOutput(model, "y");
      EXPECT_LT(CompareWithReference(model, x_shape, 13), 1e-6)
          << op << " " << ShapeString(x_shape) << " " << ShapeString(b_shape);
    }
  }
}

TEST(CpuEngineTest, ShapeErrorsNameTheNode) {
  cnn::Model model;
  AddInput(model, "x", {1, 3, 8, 8});
  AddWeights(model, "w", {2, 3, 3, 3}, std::vector<float>(54, 0));
  AddNode(model, "Conv", {"x", "w"}, "y");
  AddOutput(model, "y");
  CpuEngine engine;
  ASSERT_TRUE(engine.Load(model).ok());
  absl::StatusOr<TensorMap> out =
      engine.Run({{"x", Tensor::Zeros({1, 3, 8, 9}).value()}});
  EXPECT_THAT(out.status().message(), HasSubstr("graph input 'x' has shape [1,3,8,9]"));
  out = engine.Run({{"x", Tensor::Zeros({2, 3, 8, 8}).value()}});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(out->at("y").shape(), ElementsAre(2, 2, 6, 6));
}

}  // namespace
}  // namespace sentio
