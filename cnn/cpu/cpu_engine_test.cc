#include "cnn/cpu/cpu_engine.h"

#include <cmath>
#include <random>
#include <string>

#include "cnn/cpu/engine_comparison_for_test.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::cpu {

using engine::ReferenceEngine;
using engine::TensorMap;

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Runs `model` (input "x", output "y") on random input with both engines and returns the error.
double CompareWithReference(const cnn::Model& model, const Shape& x_shape, uint32_t seed,
                            int threads = 1) {
  std::mt19937 random(seed);
  const Tensor x = Tensor::FromValues(x_shape, RandomValues(NumElements(x_shape).value(), random)).value();
  CpuEngine cpu(threads);
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
  for (int threads : {1, 2}) EXPECT_LT(CompareWithReference(model, c.input, 11, threads), 1e-4);
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
        ConvCase{{1, 64, 20, 20}, 80, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true},     // K > 512
        ConvCase{{1, 3, 4, 5}, 7, 2, 2, {1, 1}, {3, 3, 3, 3}, {1, 1}, 1, true},      // pad > kernel
        ConvCase{{2, 5, 1, 1}, 9, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true},      // 1x1 image
        ConvCase{{1, 5, 1, 1}, 4, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true},  // 1x1 image, 3x3
        ConvCase{{2, 13, 17, 19}, 21, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 1, true},  // batch 2, s2
        ConvCase{{1, 12, 9, 11}, 18, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 3, true},   // 1x1 groups
        ConvCase{{1, 6, 5, 5}, 4, 1, 1, {1, 1}, {1, 0, 2, 1}, {1, 1}, 1, false},     // 1x1 padded
        ConvCase{{2, 7, 15, 13}, 7, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 7, true},    // depthwise s2
        ConvCase{{1, 5, 11, 12}, 5, 3, 3, {1, 1}, {2, 2, 2, 2}, {2, 2}, 5, false},   // dw dilated
        ConvCase{{1, 3, 8, 9}, 3, 5, 5, {1, 2}, {4, 1, 0, 3}, {1, 1}, 3, true},      // dw uneven
        ConvCase{{1, 4, 6, 6}, 8, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 4, true},      // multiplier
        ConvCase{{2, 16, 17, 14}, 24, 3, 3, {1, 1}, {0, 2, 1, 1}, {1, 1}, 1, true},  // Winograd
        ConvCase{{1, 16, 6, 6}, 20, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true},  // too small for it
                                                                                     // 2
        ConvCase{{1, 3, 40, 37}, 16, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true},  // rows of 37
        ConvCase{{2, 3, 9, 8}, 5, 3, 3, {1, 1}, {1, 0, 2, 1}, {1, 1}, 1, true},  // batch 2, wide rows
        ConvCase{{1, 3, 3, 3}, 4, 3, 3, {2, 2}, {0, 0, 0, 0}, {1, 1}, 1, true},  // im2col, 1 column
        // Stride 1 on images too large for the wide rows (cnn/cpu/wide_row_conv.h): im2col, rows of
        // 37 straddling the panels.
        ConvCase{{1, 12, 40, 37}, 16, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true},
        // Depthwise (cnn/cpu/depthwise_conv.cc): its 3x3 and 5x5 kernels, both strides' column
        // phases, rows not a multiple of 8 wide and narrower than 8.
        ConvCase{{1, 40, 7, 7}, 40, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 40, true},   // 7x7
        ConvCase{{1, 24, 14, 13}, 24, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 24, true},  // s2, w 13
        ConvCase{{1, 17, 20, 19}, 17, 5, 5, {2, 2}, {2, 2, 2, 2}, {1, 1}, 17, true},  // 5x5 s2
        ConvCase{{1, 30, 10, 6}, 30, 5, 5, {1, 1}, {2, 2, 2, 2}, {1, 1}, 30, false},  // 5x5 w 6
        ConvCase{{1, 20, 16, 23}, 20, 3, 3, {2, 2}, {2, 3, 1, 2}, {2, 3}, 20, true},  // dil. s2
        ConvCase{{1, 25, 6, 9}, 25, 5, 5, {2, 2}, {6, 7, 5, 6}, {1, 1}, 25, true},    // pad > k
        ConvCase{{1, 21, 19, 26}, 21, 3, 3, {3, 3}, {1, 1, 1, 1}, {1, 1}, 21, true}));  // s3

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

TEST(CpuEngineTest, LargeSameShapeAddWithReluMatchesOnAnyThreadCount) {
  // A residual Add + Relu large enough to be split over threads, of a size no task split rounds.
  const Shape shape = {1, 16, 64, 65};
  for (int threads : {1, 2, 3}) {
    std::mt19937 random(14);
    cnn::Model model;
    AddInput(model, "x", shape);
    AddWeights(model, "r", shape, RandomValues(NumElements(shape).value(), random));
    AddNode(model, "Add", {"x", "r"}, "sum");
    AddNode(model, "Relu", {"sum"}, "y");
    AddOutput(model, "y");
    EXPECT_EQ(CompareWithReference(model, shape, 15, threads), 0.0) << threads << " threads";
  }
}

// A convolution followed by an activation node, which the engine fuses into it.
cnn::Model ConvThenActivation(const std::string& op, bool depthwise, std::mt19937& random) {
  cnn::Model model;
  AddInput(model, "x", {1, 6, 9, 10});
  const Shape w_shape = depthwise ? Shape{6, 1, 3, 3} : Shape{10, 6, 3, 3};
  AddWeights(model, "w", w_shape, RandomValues(NumElements(w_shape).value(), random));
  AddWeights(model, "b", {w_shape[0]}, RandomValues(w_shape[0], random));
  cnn::Node& conv = AddNode(model, "Conv", {"x", "w", "b"}, "c");
  SetIntsAttribute(conv, "pads", {1, 1, 1, 1});
  if (depthwise) SetIntAttribute(conv, "group", 6);
  cnn::Node& activation = AddNode(model, op, {"c"}, "y");
  if (op == "Clip") {
    SetFloatAttribute(activation, "min", -0.3f);
    SetFloatAttribute(activation, "max", 0.4f);
  }
  if (op == "LeakyRelu") SetFloatAttribute(activation, "alpha", 0.2f);
  AddOutput(model, "y");
  return model;
}

TEST(CpuEngineTest, FusedActivationsMatchTheReference) {
  std::mt19937 random(21);
  for (const char *op : {"Relu", "Clip", "LeakyRelu"}) {
    for (bool depthwise : {false, true}) {
      EXPECT_LT(CompareWithReference(ConvThenActivation(op, depthwise, random), {1, 6, 9, 10}, 22),
                1e-4)
          << op << (depthwise ? " depthwise" : "");
    }
  }
}

TEST(CpuEngineTest, ActivationOfAValueReadTwiceIsNotFused) {
  std::mt19937 random(23);
  cnn::Model model = ConvThenActivation("Relu", false, random);
  // The convolution's output is also added to the activation's, so it must stay as computed.
  model.mutable_output()->Clear();
  AddNode(model, "Add", {"c", "y"}, "sum");
  AddOutput(model, "sum");
  std::mt19937 input_random(24);
  const Tensor x = Tensor::FromValues({1, 6, 9, 10}, RandomValues(540, input_random)).value();
  CpuEngine cpu;
  ReferenceEngine reference;
  ASSERT_TRUE(cpu.Load(model).ok());
  ASSERT_TRUE(reference.Load(model).ok());
  const Tensor cpu_sum = cpu.Run({{"x", x}}).value().at("sum");
  const Tensor reference_sum = reference.Run({{"x", x}}).value().at("sum");
  EXPECT_LT(MaxRelativeError(cpu_sum, reference_sum), 1e-4);
}

TEST(CpuEngineTest, GemmWithReluAndBatchOfRows) {
  std::mt19937 random(25);
  cnn::Model model;
  AddInput(model, "x", {7, 45});
  AddWeights(model, "w", {19, 45}, RandomValues(19 * 45, random));
  AddWeights(model, "b", {19}, RandomValues(19, random));
  SetIntAttribute(AddNode(model, "Gemm", {"x", "w", "b"}, "g"), "transB", 1);
  AddNode(model, "Relu", {"g"}, "y");
  AddOutput(model, "y");
  EXPECT_LT(CompareWithReference(model, {7, 45}, 26), 1e-4);
}

// A small network with every kind of step: convolutions (im2col, 1x1, depthwise) with fused
// activations, pooling, batch norm, concat, a reference-only operator, a matrix product, softmax.
cnn::Model MixedNetwork(std::mt19937& random) {
  cnn::Model model;
  AddInput(model, "x", {2, 3, 19, 17});
  AddWeights(model, "w1", {16, 3, 3, 3}, RandomValues(432, random));
  AddWeights(model, "b1", {16}, RandomValues(16, random));
  AddWeights(model, "dw", {16, 1, 3, 3}, RandomValues(144, random));
  AddWeights(model, "pw", {24, 16, 1, 1}, RandomValues(384, random));
  for (const char *name : {"scale", "shift", "mean"})
    AddWeights(model, name, {24}, RandomValues(24, random));
  std::vector<float> variance = RandomValues(24, random);
  for (float& v : variance) v = std::fabs(v) + 0.1f;
  AddWeights(model, "variance", {24}, variance);
  AddWeights(model, "fc", {960, 10}, RandomValues(9600, random));
  cnn::Node& conv1 = AddNode(model, "Conv", {"x", "w1", "b1"}, "c1");
  SetIntsAttribute(conv1, "pads", {1, 1, 1, 1});
  SetIntsAttribute(conv1, "strides", {2, 2});
  AddNode(model, "Relu", {"c1"}, "r1");
  cnn::Node& dw = AddNode(model, "Conv", {"r1", "dw"}, "d1");
  SetIntsAttribute(dw, "pads", {1, 1, 1, 1});
  SetIntAttribute(dw, "group", 16);
  cnn::Node& clip = AddNode(model, "Clip", {"d1"}, "d1_clip");
  SetFloatAttribute(clip, "min", 0.0f);
  SetFloatAttribute(clip, "max", 6.0f);
  AddNode(model, "Conv", {"d1_clip", "pw"}, "p1");
  AddNode(model, "BatchNormalization", {"p1", "scale", "shift", "mean", "variance"}, "bn");
  AddNode(model, "Sigmoid", {"bn"}, "s1");
  cnn::Node& pool = AddNode(model, "MaxPool", {"s1"}, "m1");
  SetIntsAttribute(pool, "kernel_shape", {2, 2});
  SetIntsAttribute(pool, "strides", {2, 2});
  cnn::Node& average = AddNode(model, "AveragePool", {"bn"}, "a1");
  SetIntsAttribute(average, "kernel_shape", {2, 2});
  SetIntsAttribute(average, "strides", {2, 2});
  SetIntAttribute(AddNode(model, "Concat", {"m1", "a1"}, "cat"), "axis", 1);
  AddNode(model, "Flatten", {"cat"}, "flat");
  AddNode(model, "MatMul", {"flat", "fc"}, "logits");
  SetIntAttribute(AddNode(model, "Softmax", {"logits"}, "y"), "axis", 1);
  AddOutput(model, "y");
  return model;
}

TEST(CpuEngineTest, MixedNetworkMatchesTheReference) {
  std::mt19937 random(27);
  const cnn::Model model = MixedNetwork(random);
  EXPECT_LT(CompareWithReference(model, {2, 3, 19, 17}, 28), 1e-4);
}

TEST(CpuEngineTest, IdenticalResultsForAnyThreadCount) {
  std::mt19937 random(29);
  cnn::Model model = MixedNetwork(random);
  model.mutable_output()->Clear();
  AddOutput(model, "logits");  // before the softmax flattens differences
  std::mt19937 input_random(30);
  const Tensor x =
      Tensor::FromValues({2, 3, 19, 17}, RandomValues(2 * 3 * 19 * 17, input_random)).value();
  std::vector<float> first;
  for (int threads : {1, 2, 3}) {
    CpuEngine engine(threads);
    EXPECT_EQ(engine.threads(), threads);
    ASSERT_TRUE(engine.Load(model).ok());
    absl::StatusOr<TensorMap> out = engine.Run({{"x", x}});
    ASSERT_TRUE(out.ok()) << out.status();
    const std::vector<float>& values = out->at("logits").values();
    if (first.empty()) {
      first = values;
    } else {
      EXPECT_EQ(values, first) << threads << " threads";
    }
  }
}

TEST(CpuEngineTest, RunsAgainWithOtherBatchSizes) {
  std::mt19937 random(31);
  const cnn::Model model = MixedNetwork(random);
  CpuEngine cpu(2);
  ReferenceEngine reference;
  ASSERT_TRUE(cpu.Load(model).ok());
  ASSERT_TRUE(reference.Load(model).ok());
  for (int64_t batch : {2, 1, 0, 3, 2}) {  // 0: an empty batch runs to empty outputs
    std::mt19937 input_random(batch);
    const Shape shape = {batch, 3, 19, 17};
    const Tensor x =
        Tensor::FromValues(shape, RandomValues(NumElements(shape).value(), input_random)).value();
    absl::StatusOr<TensorMap> cpu_out = cpu.Run({{"x", x}});
    ASSERT_TRUE(cpu_out.ok()) << cpu_out.status();
    EXPECT_THAT(cpu_out->at("y").shape(), ElementsAre(batch, 10));
    EXPECT_LT(MaxRelativeError(cpu_out->at("y"), reference.Run({{"x", x}}).value().at("y")), 1e-4)
        << "batch " << batch;
  }
}

// A convolution's filters are packed at load; the engine then frees the loaded copy unless another
// step reads it unpacked (here a Relu of the filters, whose output also takes arena space).
TEST(CpuEngineTest, FiltersReadOnlyThroughTheirPackedCopyAreFreed) {
  std::mt19937 random(5);
  const Shape w_shape = {64, 64, 5, 5};
  const std::vector<float> w = RandomValues(NumElements(w_shape).value(), random);
  auto conv = [&](bool w_read_unpacked) {
    cnn::Model model;
    AddInput(model, "x", {1, 64, 9, 9});
    AddWeights(model, "w", w_shape, w);
    AddNode(model, "Conv", {"x", "w"}, "y");
    AddOutput(model, "y");
    if (w_read_unpacked) {
      AddNode(model, "Relu", {"w"}, "z");
      AddOutput(model, "z");
    }
    return model;
  };
  CpuEngine alone, shared;
  ASSERT_TRUE(alone.Load(conv(false)).ok());
  ASSERT_TRUE(shared.Load(conv(true)).ok());
  const int64_t w_bytes = NumElements(w_shape).value() * 4;
  // The shared engine holds the filters as loaded and Relu's output besides all the other holds.
  EXPECT_GE(shared.PeakMemoryBytes() - alone.PeakMemoryBytes(), 2 * w_bytes);
  EXPECT_LT(CompareWithReference(conv(false), {1, 64, 9, 9}, 3), 1e-4);
  const Tensor x = Tensor::FromValues({1, 64, 9, 9}, RandomValues(64 * 81, random)).value();
  ReferenceEngine reference;
  ASSERT_TRUE(reference.Load(conv(true)).ok());
  const TensorMap expected = reference.Run({{"x", x}}).value();
  const TensorMap actual = shared.Run({{"x", x}}).value();
  EXPECT_LT(MaxRelativeError(actual.at("y"), expected.at("y")), 1e-4);
  EXPECT_EQ(MaxRelativeError(actual.at("z"), expected.at("z")), 0.0);
}

// A batch-1 Gemm reads its constant B as loaded; a packed copy appears only with a batch of rows.
TEST(CpuEngineTest, ConstantBIsPackedOnlyForABatchOfRows) {
  std::mt19937 random(6);
  cnn::Model model;
  AddInput(model, "x", {1, 1024});
  AddWeights(model, "b", {1024, 1000}, RandomValues(1024 * 1000, random));
  AddNode(model, "Gemm", {"x", "b"}, "y");
  AddOutput(model, "y");
  const int64_t b_bytes = 1024 * 1000 * 4;
  CpuEngine cpu;
  ReferenceEngine reference;
  ASSERT_TRUE(cpu.Load(model).ok());
  ASSERT_TRUE(reference.Load(model).ok());
  auto run = [&](int64_t batch) {
    const Tensor x = Tensor::FromValues({batch, 1024}, RandomValues(batch * 1024, random)).value();
    const absl::StatusOr<TensorMap> out = cpu.Run({{"x", x}});
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_LT(MaxRelativeError(out->at("y"), reference.Run({{"x", x}}).value().at("y")), 1e-5)
        << "batch " << batch;
  };
  run(1);
  EXPECT_LT(cpu.PeakMemoryBytes(), b_bytes * 3 / 2);  // B once, plus the GEMM's scratch
  run(3);
  EXPECT_GE(cpu.PeakMemoryBytes(), 2 * b_bytes);  // B and its packed copy
  run(1);
}

TEST(CpuEngineTest, ArenaSlotsAreReusedAlongAChain) {
  // Relu after Relu: each value is dead once the next is written, so two slots serve any length.
  auto chain = [](int length) {
    cnn::Model model;
    AddInput(model, "x", {1, 16, 32, 32});
    std::string previous = "x";
    for (int i = 0; i < length; ++i) {
      const std::string name = i + 1 == length ? "y" : "r" + std::to_string(i);
      AddNode(model, i % 2 ? "Relu" : "Sigmoid", {previous}, name);
      previous = name;
    }
    AddOutput(model, "y");
    return model;
  };
  CpuEngine two, eight;
  ASSERT_TRUE(two.Load(chain(2)).ok());
  ASSERT_TRUE(eight.Load(chain(8)).ok());
  EXPECT_GT(two.PeakMemoryBytes(), 2 * 16 * 32 * 32 * 4);
  EXPECT_EQ(eight.PeakMemoryBytes(), two.PeakMemoryBytes());
}

TEST(CpuEngineTest, ReshapeAndFlattenShareTheirInputsMemory) {
  // Sigmoid -> Flatten -> Relu needs the arena of Sigmoid -> Relu when Flatten's output is its
  // input's memory; a copy would hold both at once.
  auto model = [](bool flatten) {
    cnn::Model model;
    AddInput(model, "x", {1, 16, 32, 32});
    AddNode(model, "Sigmoid", {"x"}, "s");
    if (flatten) AddNode(model, "Flatten", {"s"}, "f");
    AddNode(model, "Relu", {flatten ? "f" : "s"}, "y");
    AddOutput(model, "y");
    return model;
  };
  CpuEngine with_flatten, without;
  ASSERT_TRUE(with_flatten.Load(model(true)).ok());
  ASSERT_TRUE(without.Load(model(false)).ok());
  EXPECT_EQ(with_flatten.PeakMemoryBytes(), without.PeakMemoryBytes());
}

TEST(CpuEngineTest, SharedReshapeMemoryOutlivesBothNames) {
  // Reshape's input is read by nobody else, but its output is a graph output: the memory must
  // outlive the input's last reader, or the values computed after it would land there.
  std::mt19937 random(17);
  cnn::Model model;
  AddInput(model, "x", {2, 3, 4, 5});
  AddNode(model, "Relu", {"x"}, "s");
  SetIntsAttribute(AddNode(model, "Reshape", {"s"}, "flat"), "shape", {2, 60});
  AddNode(model, "Tanh", {"x"}, "t");
  AddNode(model, "Relu", {"t"}, "u");
  AddNode(model, "Add", {"t", "u"}, "sum");
  AddNode(model, "Flatten", {"sum"}, "y");
  AddOutput(model, "flat");
  AddOutput(model, "y");
  const Tensor x = Tensor::FromValues({2, 3, 4, 5}, RandomValues(120, random)).value();
  CpuEngine cpu;
  ReferenceEngine reference;
  ASSERT_TRUE(cpu.Load(model).ok());
  ASSERT_TRUE(reference.Load(model).ok());
  for (int run = 0; run < 2; ++run) {
    absl::StatusOr<TensorMap> cpu_out = cpu.Run({{"x", x}});
    absl::StatusOr<TensorMap> reference_out = reference.Run({{"x", x}});
    ASSERT_TRUE(cpu_out.ok()) << cpu_out.status();
    ASSERT_TRUE(reference_out.ok()) << reference_out.status();
    for (const char* name : {"flat", "y"}) {
      EXPECT_EQ(cpu_out->at(name).shape(), reference_out->at(name).shape()) << name;
      EXPECT_EQ(MaxRelativeError(cpu_out->at(name), reference_out->at(name)), 0.0) << name;
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
}  // namespace sentio::cnn::cpu
