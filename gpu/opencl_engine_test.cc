// The OpenCL engine against the reference engine (the oracle) on every op family it has kernels
// for, on awkward shapes, with and without fused activations; on nodes it falls back for, on
// aliases, on a batch other than the declared one, and on its profile. Runs on whatever OpenCL
// device is registered (PoCL on the CPU in the README's test command).
#include "gpu/opencl_engine.h"

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "cnn/engine/reference_engine.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/transforms/half_weights.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::gpu {
namespace {

using cnn::engine::ReferenceEngine;
using cnn::engine::TensorMap;
using ::testing::HasSubstr;

std::vector<float> RandomValues(int64_t count, std::mt19937& random) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float& v : values) v = uniform(random);
  return values;
}

int64_t Count(const Shape& shape) {
  int64_t count = 1;
  for (int64_t d : shape) count *= d;
  return count;
}

std::unique_ptr<OpenClEngine> MakeEngine() {
  absl::StatusOr<std::unique_ptr<OpenClEngine>> engine = OpenClEngine::Create();
  EXPECT_TRUE(engine.ok()) << engine.status();
  return engine.ok() ? std::move(*engine) : nullptr;
}

// Runs `model` on random inputs of `shapes` (one per graph input, in order) with both engines and
// returns max |opencl - reference| over max |reference| across the outputs.
double ErrorAgainstReference(const cnn::Model& model, const std::vector<Shape>& shapes,
                             OpenClEngine* engine = nullptr) {
  std::mt19937 random(7);
  TensorMap inputs;
  for (int i = 0; i < model.input_size(); ++i) {
    inputs[model.input(i).name()] =
        Tensor::FromValues(shapes[i], RandomValues(Count(shapes[i]), random)).value();
  }
  std::unique_ptr<OpenClEngine> own;
  if (engine == nullptr) {
    own = MakeEngine();
    engine = own.get();
  }
  ReferenceEngine reference;
  EXPECT_TRUE(reference.Load(model).ok());
  const absl::Status loaded = engine->Load(model);
  EXPECT_TRUE(loaded.ok()) << loaded;
  absl::StatusOr<TensorMap> expected = reference.Run(inputs);
  absl::StatusOr<TensorMap> actual = engine->Run(inputs);
  EXPECT_TRUE(expected.ok()) << expected.status();
  EXPECT_TRUE(actual.ok()) << actual.status();
  if (!expected.ok() || !actual.ok()) return 1e9;
  double error = 0, scale = 0;
  for (const auto& [name, want] : *expected) {
    const Tensor& got = actual->at(name);
    EXPECT_EQ(got.shape(), want.shape()) << name;
    if (got.shape() != want.shape()) return 1e9;
    for (int64_t i = 0; i < want.size(); ++i) {
      error = std::max<double>(error, std::fabs(got[i] - want[i]));
      scale = std::max<double>(scale, std::fabs(want[i]));
    }
  }
  return scale > 0 ? error / scale : error;
}

void AddRandomWeights(cnn::Model& model, const std::string& name, const Shape& shape,
                      std::mt19937& random) {
  AddWeights(model, name, shape, RandomValues(Count(shape), random));
}

struct ConvCase {
  Shape input;
  int64_t out_channels, kernel_h, kernel_w;
  std::vector<int64_t> strides, pads, dilations;
  int64_t group;
  bool bias;
  std::string activation;  // "" or the op that follows the Conv
};

class OpenClConvTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(OpenClConvTest, MatchesTheReferenceEngine) {
  const ConvCase& c = GetParam();
  std::mt19937 random(3);
  cnn::Model model;
  AddInput(model, "x", c.input);
  AddRandomWeights(model, "w", {c.out_channels, c.input[1] / c.group, c.kernel_h, c.kernel_w},
                   random);
  std::vector<std::string> inputs = {"x", "w"};
  if (c.bias) {
    AddRandomWeights(model, "b", {c.out_channels}, random);
    inputs.push_back("b");
  }
  cnn::Node& conv = AddNode(model, "Conv", inputs, c.activation.empty() ? "y" : "conv");
  SetIntsAttribute(conv, "strides", c.strides);
  SetIntsAttribute(conv, "pads", c.pads);
  SetIntsAttribute(conv, "dilations", c.dilations);
  SetIntAttribute(conv, "group", c.group);
  if (!c.activation.empty()) {
    cnn::Node& activation = AddNode(model, c.activation, {"conv"}, "y");
    if (c.activation == "Clip") {
      SetFloatAttribute(activation, "min", -0.25f);
      SetFloatAttribute(activation, "max", 0.5f);
    }
  }
  AddOutput(model, "y");
  std::unique_ptr<OpenClEngine> engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  EXPECT_LT(ErrorAgainstReference(model, {c.input}, engine.get()), 1e-5);
  EXPECT_EQ(engine->fallback_nodes(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    AwkwardShapes, OpenClConvTest,
    ::testing::Values(
        ConvCase{{1, 1, 28, 28}, 8, 5, 5, {1, 1}, {2, 2, 2, 2}, {1, 1}, 1, true, "Relu"},
        ConvCase{{2, 3, 13, 11}, 5, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 1, true, "Clip"},
        ConvCase{{1, 6, 9, 7}, 6, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 6, true, "LeakyRelu"},
        ConvCase{{1, 8, 10, 10}, 4, 3, 3, {1, 1}, {0, 0, 0, 0}, {1, 1}, 2, false, "Sigmoid"},
        ConvCase{{3, 16, 7, 5}, 33, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true, "HardSigmoid"},
        ConvCase{{1, 4, 9, 9}, 3, 1, 1, {2, 2}, {0, 0, 0, 0}, {1, 1}, 1, true, "Tanh"},
        ConvCase{{1, 2, 12, 12}, 3, 3, 3, {1, 1}, {2, 2, 2, 2}, {2, 2}, 1, true, ""},
        ConvCase{{1, 3, 6, 8}, 2, 2, 3, {1, 2}, {0, 1, 1, 0}, {1, 1}, 1, false, ""},
        ConvCase{{1, 3, 4, 5}, 7, 2, 2, {1, 1}, {3, 3, 3, 3}, {1, 1}, 1, true, "Relu"},
        ConvCase{{2, 5, 1, 1}, 9, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true, ""},
        ConvCase{{1, 12, 9, 11}, 18, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 3, true, ""},
        ConvCase{{2, 7, 15, 13}, 7, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 7, true, "Clip"},
        ConvCase{{1, 4, 6, 6}, 8, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 4, true, ""},
        ConvCase{{1, 10, 8, 8}, 10, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 2, true, ""},
        // Output channels in blocks of 16 (devices with 16-wide vectors), rows of 16 and more.
        ConvCase{{1, 8, 12, 40}, 32, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 2, true, "Relu"},
        ConvCase{{2, 16, 9, 9}, 16, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, false, ""},
        ConvCase{{1, 3, 35, 67}, 16, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 1, true, "Clip"},
        // Rows wide enough for the kernel to pad them as it reads: uneven pads, dilation.
        ConvCase{{1, 4, 10, 70}, 8, 3, 3, {1, 1}, {2, 1, 0, 3}, {1, 2}, 1, true, "Relu"},
        ConvCase{{2, 5, 9, 133}, 24, 3, 3, {1, 2}, {1, 1, 1, 1}, {1, 1}, 1, false, ""},
        ConvCase{{1, 16, 10, 12}, 24, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true, "Relu"},
        ConvCase{{2, 32, 9, 17}, 16, 3, 3, {1, 1}, {0, 1, 2, 1}, {1, 1}, 1, false, "Clip"},
        // Winograd F(2x2, 3x3) (256 channels and more, outputs of 28 and more): even and odd
        // output sizes, uneven pads.
        ConvCase{{1, 256, 28, 28}, 256, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true, "Relu"},
        ConvCase{{1, 256, 29, 30}, 272, 3, 3, {1, 1}, {0, 1, 2, 1}, {1, 1}, 1, false, ""}));

// A model x -> `op` -> y with attributes set by `configure`, inputs besides x added by it.
cnn::Model SingleOp(const std::string& op, const Shape& x_shape,
                    const std::function<void(cnn::Model&, cnn::Node&)>& configure,
                    std::vector<std::string> inputs = {"x"}) {
  cnn::Model model;
  AddInput(model, "x", x_shape);
  cnn::Node& node = AddNode(model, op, inputs, "y");
  configure(model, node);
  AddOutput(model, "y");
  return model;
}

TEST(OpenClEngineTest, GemmAndMatMulMatchTheReference) {
  std::mt19937 random(5);
  for (int trans_a : {0, 1}) {
    for (int trans_b : {0, 1}) {
      for (const Shape& c_shape : std::vector<Shape>{{}, {7}, {5, 7}, {5, 1}, {1}}) {
        const Shape a = trans_a ? Shape{9, 5} : Shape{5, 9};
        cnn::Model model = SingleOp(
            "Gemm", a,
            [&](cnn::Model& m, cnn::Node& node) {
              AddRandomWeights(m, "b", trans_b ? Shape{7, 9} : Shape{9, 7}, random);
              if (!c_shape.empty()) AddRandomWeights(m, "c", c_shape, random);
              SetIntAttribute(node, "transA", trans_a);
              SetIntAttribute(node, "transB", trans_b);
              SetFloatAttribute(node, "alpha", 0.5f);
              SetFloatAttribute(node, "beta", -2.0f);
            },
            c_shape.empty() ? std::vector<std::string>{"x", "b"}
                            : std::vector<std::string>{"x", "b", "c"});
        EXPECT_LT(ErrorAgainstReference(model, {a}), 1e-5)
            << trans_a << trans_b << " " << cnn::ShapeString(c_shape);
      }
    }
  }
  cnn::Model matmul = SingleOp("MatMul", {2, 3, 6},
                               [&](cnn::Model& m, cnn::Node&) {
                                 AddRandomWeights(m, "w", {6, 4}, random);
                               },
                               {"x", "w"});
  EXPECT_LT(ErrorAgainstReference(matmul, {{2, 3, 6}}), 1e-5);
}

TEST(OpenClEngineTest, PoolsMatchTheReference) {
  struct PoolCase {
    std::string op;
    std::vector<int64_t> kernel, strides, pads;
    int ceil_mode, count_include_pad;
  };
  const std::vector<PoolCase> cases = {
      {"MaxPool", {3, 3}, {2, 2}, {1, 1, 1, 1}, 0, 0},
      {"MaxPool", {2, 2}, {2, 2}, {0, 0, 0, 0}, 1, 0},
      {"MaxPool", {3, 2}, {1, 2}, {0, 1, 2, 0}, 0, 0},
      {"AveragePool", {3, 3}, {2, 2}, {1, 1, 1, 1}, 0, 0},
      {"AveragePool", {3, 3}, {2, 2}, {1, 1, 1, 1}, 0, 1},
      {"AveragePool", {2, 2}, {2, 2}, {0, 0, 0, 0}, 1, 0},
      {"AveragePool", {3, 3}, {2, 2}, {1, 1, 1, 1}, 1, 1},
  };
  // Odd and even sizes on both axes: in ceil mode a last window reaches past the padded input.
  for (const Shape& shape : std::vector<Shape>{{2, 3, 9, 8}, {1, 2, 8, 9}}) {
    for (const PoolCase& c : cases) {
      cnn::Model model = SingleOp(c.op, shape, [&](cnn::Model&, cnn::Node& node) {
        SetIntsAttribute(node, "kernel_shape", c.kernel);
        SetIntsAttribute(node, "strides", c.strides);
        SetIntsAttribute(node, "pads", c.pads);
        SetIntAttribute(node, "ceil_mode", c.ceil_mode);
        if (c.op == "AveragePool") SetIntAttribute(node, "count_include_pad", c.count_include_pad);
      });
      EXPECT_LT(ErrorAgainstReference(model, {shape}), 1e-6)
          << c.op << " ceil " << c.ceil_mode << " count_include_pad " << c.count_include_pad << " "
          << cnn::ShapeString(shape);
    }
  }
  for (const char* op : {"GlobalAveragePool", "GlobalMaxPool"}) {
    for (const Shape& shape : std::vector<Shape>{{2, 5, 7, 3}, {1, 4, 6}, {1, 3, 1, 1}}) {
      cnn::Model model = SingleOp(op, shape, [](cnn::Model&, cnn::Node&) {});
      EXPECT_LT(ErrorAgainstReference(model, {shape}), 1e-6) << op << cnn::ShapeString(shape);
    }
  }
}

TEST(OpenClEngineTest, ElementwiseOpsMatchTheReference) {
  for (const char* op : {"Relu", "Sigmoid", "Tanh", "LeakyRelu", "HardSigmoid", "Exp", "Abs", "Neg",
                         "Floor", "Ceil", "HardSwish", "Softsign"}) {
    for (const Shape& shape : std::vector<Shape>{{2, 3, 5, 7}, {1}, {4, 1, 3}}) {
      cnn::Model model = SingleOp(op, shape, [](cnn::Model&, cnn::Node&) {});
      EXPECT_LT(ErrorAgainstReference(model, {shape}), 1e-5) << op << cnn::ShapeString(shape);
    }
  }
  cnn::Model clip = SingleOp(
      "Clip", {3, 4}, [](cnn::Model&, cnn::Node& node) { SetFloatAttribute(node, "min", -0.5f); });
  EXPECT_LT(ErrorAgainstReference(clip, {{3, 4}}), 1e-6);
  struct BinaryCase {
    Shape a, b;
  };
  const std::vector<BinaryCase> shapes = {
      {{2, 3, 4, 5}, {2, 3, 4, 5}}, {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{2, 3, 4, 5}, {5}},
      {{3, 1, 5}, {4, 1}},          {{1}, {2, 2, 1, 1, 2, 3}},    {{6}, {}}};
  for (const char* op : {"Add", "Sub", "Mul", "Div"}) {
    for (const BinaryCase& c : shapes) {
      cnn::Model model;
      AddInput(model, "a", c.a);
      AddInput(model, "b", c.b);
      AddNode(model, op, {"a", "b"}, "y");
      AddOutput(model, "y");
      std::mt19937 random(1);
      EXPECT_LT(ErrorAgainstReference(model, {c.a, c.b}), 1e-5)
          << op << " " << cnn::ShapeString(c.a) << " " << cnn::ShapeString(c.b);
    }
  }
}

TEST(OpenClEngineTest, SoftmaxAndConcatMatchTheReference) {
  for (int axis : {-1, 1, 0}) {
    cnn::Model model = SingleOp("Softmax", {2, 3, 5}, [axis](cnn::Model&, cnn::Node& node) {
      SetIntAttribute(node, "axis", axis);
    });
    EXPECT_LT(ErrorAgainstReference(model, {{2, 3, 5}}), 1e-5) << axis;
  }
  for (int axis : {0, 1, 3}) {
    std::mt19937 random(2);
    cnn::Model model;
    AddInput(model, "x", {2, 3, 4, 5});
    Shape w = {2, 3, 4, 5};
    w[axis] = 2;
    AddRandomWeights(model, "w", w, random);
    cnn::Node& concat = AddNode(model, "Concat", {"x", "w", "x"}, "y");
    SetIntAttribute(concat, "axis", axis);
    AddOutput(model, "y");
    EXPECT_LT(ErrorAgainstReference(model, {{2, 3, 4, 5}}), 1e-7) << axis;
  }
}

// Nearest upsampling by integer factors (Darknet's Upsample; ONNX Resize in the same form) runs
// on the device; a Resize of another form falls back and is still right.
TEST(OpenClEngineTest, UpsamplingMatchesTheReference) {
  cnn::Model upsample = SingleOp("Upsample", {2, 3, 5, 4}, [](cnn::Model&, cnn::Node& node) {
    SetIntsAttribute(node, "scales", {2, 3});
  });
  std::unique_ptr<OpenClEngine> engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  EXPECT_LT(ErrorAgainstReference(upsample, {{2, 3, 5, 4}}, engine.get()), 1e-7);
  EXPECT_EQ(engine->fallback_nodes(), 0);
  for (const char* coordinates : {"asymmetric", "half_pixel"}) {
    cnn::Model resize = SingleOp("Resize", {1, 2, 3, 5}, [&](cnn::Model&, cnn::Node& node) {
      SetStringAttribute(node, "mode", "nearest");
      SetStringAttribute(node, "coordinate_transformation_mode", coordinates);
      SetStringAttribute(node, "nearest_mode", "floor");
      SetFloatsAttribute(node, "scales", {1, 1, 2, 2});
    });
    EXPECT_LT(ErrorAgainstReference(resize, {{1, 2, 3, 5}}, engine.get()), 1e-7) << coordinates;
    EXPECT_EQ(engine->fallback_nodes(), std::string(coordinates) == "asymmetric" ? 0 : 1)
        << coordinates;
  }
}

// A small network with nodes the engine has no kernel for (Transpose, LRN) and a Conv it cannot
// take (auto_pad SAME_UPPER): they run on the host, the profile says so with the transfers, and
// the result matches; the Relu after the fallen-back Conv still runs.
TEST(OpenClEngineTest, FallsBackNodeByNodeAndSaysSo) {
  std::mt19937 random(9);
  cnn::Model model;
  AddInput(model, "x", {1, 3, 8, 8});
  AddRandomWeights(model, "w", {4, 3, 3, 3}, random);
  cnn::Node& conv = AddNode(model, "Conv", {"x", "w"}, "conv");
  SetStringAttribute(conv, "auto_pad", "SAME_UPPER");
  AddNode(model, "Relu", {"conv"}, "relu");
  cnn::Node& lrn = AddNode(model, "LRN", {"relu"}, "lrn");
  SetIntAttribute(lrn, "size", 3);
  cnn::Node& transpose = AddNode(model, "Transpose", {"lrn"}, "t");
  SetIntsAttribute(transpose, "perm", {0, 2, 3, 1});
  AddNode(model, "Flatten", {"t"}, "y");
  AddOutput(model, "y");
  std::unique_ptr<OpenClEngine> engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  engine->SetProfiling(true);
  EXPECT_LT(ErrorAgainstReference(model, {{1, 3, 8, 8}}, engine.get()), 1e-5);
  EXPECT_EQ(engine->fallback_nodes(), 3);
  std::vector<std::string> kernels;
  for (const auto& timing : engine->LastProfile()) kernels.push_back(timing.kernel);
  EXPECT_THAT(kernels, ::testing::ElementsAre(HasSubstr("reference on the host (2 transfers"),
                                              "relu", HasSubstr("reference on the host (2"),
                                              HasSubstr("reference on the host (2"), "alias"));
}

// A Conv whose Relu comes late in the node list, and between them a Conv that falls back
// (auto_pad) with its own Relu: the fallback un-fuses only its own activation.
TEST(OpenClEngineTest, AFallbackKeepsEarlierFusionsApart) {
  std::mt19937 random(12);
  cnn::Model model;
  AddInput(model, "x", {1, 2, 6, 6});
  AddRandomWeights(model, "wa", {3, 2, 3, 3}, random);
  AddRandomWeights(model, "wb", {3, 2, 3, 3}, random);
  cnn::Node& a = AddNode(model, "Conv", {"x", "wa"}, "conv_a");
  SetIntsAttribute(a, "pads", {1, 1, 1, 1});
  cnn::Node& b = AddNode(model, "Conv", {"x", "wb"}, "conv_b");
  SetStringAttribute(b, "auto_pad", "SAME_UPPER");
  AddNode(model, "Relu", {"conv_b"}, "relu_b");
  AddNode(model, "Relu", {"conv_a"}, "relu_a");
  AddNode(model, "Add", {"relu_a", "relu_b"}, "y");
  AddOutput(model, "y");
  std::unique_ptr<OpenClEngine> engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  engine->SetProfiling(true);
  EXPECT_LT(ErrorAgainstReference(model, {{1, 2, 6, 6}}, engine.get()), 1e-5);
  std::vector<std::string> ops;
  for (const auto& timing : engine->LastProfile()) ops.push_back(timing.op_type);
  EXPECT_THAT(ops, ::testing::ElementsAre("Conv+Relu", "Conv", "Relu", "Add"));
}

TEST(OpenClEngineTest, RunsABatchOtherThanTheDeclaredOne) {
  std::mt19937 random(4);
  cnn::Model model;
  AddInput(model, "x", {2, 3, 6, 6});
  AddRandomWeights(model, "w", {5, 3, 3, 3}, random);
  AddRandomWeights(model, "fc", {5 * 2 * 2, 4}, random);
  AddNode(model, "Conv", {"x", "w"}, "conv");
  AddNode(model, "Relu", {"conv"}, "relu");
  cnn::Node& pool = AddNode(model, "MaxPool", {"relu"}, "pool");
  SetIntsAttribute(pool, "kernel_shape", {2, 2});
  SetIntsAttribute(pool, "strides", {2, 2});
  AddRandomWeights(model, "shift", {1, 5, 1, 1}, random);
  AddNode(model, "Add", {"pool", "shift"}, "shifted");  // broadcast
  AddNode(model, "Mul", {"shifted", "pool"}, "gated");  // same shape
  AddNode(model, "Flatten", {"gated"}, "flat");
  AddNode(model, "MatMul", {"flat", "fc"}, "scores");
  AddNode(model, "Softmax", {"scores"}, "y");
  AddOutput(model, "y");
  std::unique_ptr<OpenClEngine> engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  EXPECT_LT(ErrorAgainstReference(model, {{2, 3, 6, 6}}, engine.get()), 1e-5);
  EXPECT_LT(ErrorAgainstReference(model, {{5, 3, 6, 6}}, engine.get()), 1e-5);
  EXPECT_EQ(engine->fallback_nodes(), 0);
  EXPECT_GT(engine->PeakMemoryBytes(), 0);
}

// Weights stored as halves (--precision=fp16) stay halves on the device for the convolutions
// and the fully connected layer: the same results as the reference engine computing with the
// same (half) weights, and less device memory than the float model.
TEST(OpenClEngineTest, HalfWeightsStayHalfOnTheDevice) {
  std::mt19937 random(8);
  cnn::Model model;
  AddInput(model, "x", {1, 4, 12, 12});
  AddRandomWeights(model, "w", {16, 4, 3, 3}, random);
  AddRandomWeights(model, "dw", {16, 1, 3, 3}, random);
  AddRandomWeights(model, "fc", {10, 16 * 12 * 12}, random);
  AddRandomWeights(model, "fc_bias", {10}, random);
  cnn::Node& conv = AddNode(model, "Conv", {"x", "w"}, "conv");
  SetIntsAttribute(conv, "pads", {1, 1, 1, 1});
  cnn::Node& depthwise = AddNode(model, "Conv", {"conv", "dw"}, "depthwise");
  SetIntsAttribute(depthwise, "pads", {1, 1, 1, 1});
  SetIntAttribute(depthwise, "group", 16);
  AddNode(model, "Flatten", {"depthwise"}, "flat");
  cnn::Node& fc = AddNode(model, "Gemm", {"flat", "fc", "fc_bias"}, "y");
  SetIntAttribute(fc, "transB", 1);
  AddOutput(model, "y");
  std::unique_ptr<OpenClEngine> float_engine = MakeEngine();
  ASSERT_NE(float_engine, nullptr);
  EXPECT_LT(ErrorAgainstReference(model, {{1, 4, 12, 12}}, float_engine.get()), 1e-5);

  ASSERT_TRUE(cnn::transforms::StoreWeightsAsHalf(model).ok());
  std::unique_ptr<OpenClEngine> engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  engine->SetProfiling(true);
  EXPECT_LT(ErrorAgainstReference(model, {{1, 4, 12, 12}}, engine.get()), 1e-5);
  int half_steps = 0;
  for (const auto& timing : engine->LastProfile()) {
    half_steps += timing.kernel.find("fp16 weights") != std::string::npos;
  }
  EXPECT_EQ(half_steps, 3);
  EXPECT_LT(engine->PeakMemoryBytes(), float_engine->PeakMemoryBytes());
}

TEST(OpenClEngineTest, InputErrorsNameTheInput) {
  cnn::Model model = SingleOp("Relu", {1, 3}, [](cnn::Model&, cnn::Node&) {});
  std::unique_ptr<OpenClEngine> engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->Load(model).ok());
  EXPECT_THAT(engine->Run({{"x", Tensor::Zeros({1, 4}).value()}}).status().message(),
              HasSubstr("graph input 'x' has shape [1,4]"));
}

}  // namespace
}  // namespace sentio::gpu
