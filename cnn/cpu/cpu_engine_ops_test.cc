// The CPU engine against the reference engine on Clip, PRelu, Sigmoid, Tanh, Transpose, LRN and
// GlobalMaxPool, alone and after a convolution or Gemm (where the engine may fuse them), on awkward
// shapes: odd sizes, 1x1 images, ranks 2 to 4.
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>

#include "cnn/cpu/cpu_engine.h"
#include "cnn/cpu/engine_comparison_for_test.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::cpu {

using engine::NodeTiming;
using engine::ReferenceEngine;
using engine::TensorMap;

namespace {

// Runs `model` (input "x", output "y") on random input with both engines; returns the error.
double CompareWithReference(const cnn::Model& model, const Shape& x_shape) {
  std::mt19937 random(21);
  const Tensor x =
      Tensor::FromValues(x_shape, RandomValues(NumElements(x_shape).value(), random)).value();
  CpuEngine cpu;
  ReferenceEngine reference;
  const absl::Status cpu_loaded = cpu.Load(model);
  const absl::Status reference_loaded = reference.Load(model);
  EXPECT_TRUE(cpu_loaded.ok()) << cpu_loaded;
  EXPECT_TRUE(reference_loaded.ok()) << reference_loaded;
  absl::StatusOr<TensorMap> cpu_out = cpu.Run({{"x", x}});
  absl::StatusOr<TensorMap> reference_out = reference.Run({{"x", x}});
  EXPECT_TRUE(cpu_out.ok()) << cpu_out.status();
  EXPECT_TRUE(reference_out.ok()) << reference_out.status();
  if (!cpu_out.ok() || !reference_out.ok()) return 1e9;
  EXPECT_EQ(cpu_out->at("y").shape(), reference_out->at("y").shape());
  if (cpu_out->at("y").shape() != reference_out->at("y").shape()) return 1e9;
  return MaxRelativeError(cpu_out->at("y"), reference_out->at("y"));
}

// A model x -> `op` -> y, attributes set by `configure`.
cnn::Model SingleOp(const std::string& op, const Shape& x_shape,
                    const std::function<void(cnn::Model&, cnn::Node&)>& configure) {
  cnn::Model model;
  AddInput(model, "x", x_shape);
  cnn::Node& node = AddNode(model, op, {"x"}, "y");
  configure(model, node);
  AddOutput(model, "y");
  return model;
}

const std::vector<Shape> kAwkwardShapes = {
    {1, 1, 1, 1}, {2, 3, 5, 7}, {1, 5, 1, 9}, {3, 4}, {2, 3, 1}};

TEST(CpuEngineOpsTest, ElementwiseOpsMatchTheReference) {
  for (const Shape& shape : kAwkwardShapes) {
    for (const char* op : {"Sigmoid", "Tanh", "Clip"}) {
      const cnn::Model model = SingleOp(op, shape, [&](cnn::Model&, cnn::Node& node) {
        if (std::string(op) == "Clip") {
          SetFloatAttribute(node, "min", -0.3f);
          SetFloatAttribute(node, "max", 0.5f);
        }
      });
      EXPECT_LT(CompareWithReference(model, shape), 1e-4) << op << " " << ShapeString(shape);
    }
  }
}

TEST(CpuEngineOpsTest, PReluMatchesTheReference) {
  std::mt19937 random(3);
  for (const Shape& shape : kAwkwardShapes) {
    for (bool per_channel : {false, true}) {
      Shape slope_shape = {1};
      if (per_channel) {
        slope_shape.assign(shape.size() - 1, 1);
        slope_shape[0] = shape[1];
      }
      const std::vector<float> slope = RandomValues(NumElements(slope_shape).value(), random);
      cnn::Model model;
      AddInput(model, "x", shape);
      AddWeights(model, "slope", slope_shape, slope);
      AddNode(model, "PRelu", {"x", "slope"}, "y");
      AddOutput(model, "y");
      EXPECT_LT(CompareWithReference(model, shape), 1e-4)
          << ShapeString(shape) << " slope " << ShapeString(slope_shape);
    }
  }
}

TEST(CpuEngineOpsTest, TransposeOfRanksTwoToFourMatchesTheReference) {
  const std::vector<std::pair<Shape, std::vector<int64_t>>> cases = {{{3, 5}, {}},
                                                                     {{3, 5}, {1, 0}},
                                                                     {{2, 3, 5}, {1, 2, 0}},
                                                                     {{2, 1, 5}, {0, 2, 1}},
                                                                     {{2, 3, 5, 7}, {0, 2, 3, 1}},
                                                                     {{1, 1, 1, 1}, {3, 2, 1, 0}},
                                                                     {{2, 3, 5, 7}, {3, 1, 0, 2}}};
  for (const auto& [shape, perm] : cases) {
    const cnn::Model model = SingleOp("Transpose", shape, [&](cnn::Model&, cnn::Node& node) {
      if (!perm.empty()) SetIntsAttribute(node, "perm", perm);
    });
    EXPECT_LT(CompareWithReference(model, shape), 1e-4) << ShapeString(shape);
  }
}

TEST(CpuEngineOpsTest, LrnAndGlobalMaxPoolMatchTheReference) {
  for (const Shape& shape : {Shape{1, 1, 1, 1}, Shape{2, 7, 5, 3}, Shape{1, 3, 1, 1}}) {
    for (int64_t size : {1, 3, 4, 5}) {
      const cnn::Model model = SingleOp("LRN", shape, [&](cnn::Model&, cnn::Node& node) {
        SetIntAttribute(node, "size", size);
        SetFloatAttribute(node, "alpha", 0.5f);
        SetFloatAttribute(node, "bias", 1.5f);
      });
      EXPECT_LT(CompareWithReference(model, shape), 1e-4) << "LRN " << size << ShapeString(shape);
    }
    EXPECT_LT(CompareWithReference(SingleOp("GlobalMaxPool", shape, [](cnn::Model&, cnn::Node&) {}),
                                   shape),
              1e-4)
        << ShapeString(shape);
  }
}

// Clip and PRelu after Conv and Gemm, where an engine may apply them in the product's epilogue.
TEST(CpuEngineOpsTest, ActivationsAfterConvAndGemmMatchTheReference) {
  std::mt19937 random(9);
  for (const char* op : {"Clip", "PRelu", "Sigmoid", "Tanh"}) {
    cnn::Model conv;
    AddInput(conv, "x", {2, 3, 7, 5});
    AddWeights(conv, "w", {4, 3, 3, 3}, RandomValues(108, random));
    AddWeights(conv, "b", {4}, RandomValues(4, random));
    AddWeights(conv, "slope", {4, 1, 1}, RandomValues(4, random));
    SetIntsAttribute(AddNode(conv, "Conv", {"x", "w", "b"}, "c"), "pads", {1, 1, 1, 1});
    cnn::Node& activation =
        AddNode(conv, op,
                std::string(op) == "PRelu" ? std::vector<std::string>{"c", "slope"}
                                           : std::vector<std::string>{"c"},
                "y");
    if (std::string(op) == "Clip") {
      SetFloatAttribute(activation, "min", 0.0f);
      SetFloatAttribute(activation, "max", 0.6f);
    }
    AddOutput(conv, "y");
    EXPECT_LT(CompareWithReference(conv, {2, 3, 7, 5}), 1e-4) << "Conv + " << op;

    cnn::Model gemm;
    AddInput(gemm, "x", {3, 11});
    AddWeights(gemm, "w", {5, 11}, RandomValues(55, random));
    AddWeights(gemm, "slope", {5}, RandomValues(5, random));
    SetIntAttribute(AddNode(gemm, "Gemm", {"x", "w"}, "g"), "transB", 1);
    cnn::Node& after = AddNode(gemm, op,
                               std::string(op) == "PRelu" ? std::vector<std::string>{"g", "slope"}
                                                          : std::vector<std::string>{"g"},
                               "y");
    if (std::string(op) == "Clip") SetFloatAttribute(after, "max", 0.2f);
    AddOutput(gemm, "y");
    EXPECT_LT(CompareWithReference(gemm, {3, 11}), 1e-4) << "Gemm + " << op;
  }
}

// SiLU as exporters write it, x * Sigmoid(x) after a convolution (im2col, depthwise and 1x1): fused
// into the convolution (the profile shows one step), with the Mul's inputs in either order; not
// fused when the gate has a second reader.
TEST(CpuEngineOpsTest, SiluAfterConvIsFusedAndMatchesTheReference) {
  std::mt19937 random(19);
  for (int group : {1, 4}) {
    for (int64_t kernel : {1, 3}) {
      for (bool gate_first : {false, true}) {
        for (bool gate_read_twice : {false, true}) {
          cnn::Model model;
          AddInput(model, "x", {1, 4, 9, 7});
          const int64_t in_per_group = 4 / group;
          AddWeights(model, "w", {4, in_per_group, kernel, kernel},
                     RandomValues(4 * in_per_group * kernel * kernel, random));
          cnn::Node& conv = AddNode(model, "Conv", {"x", "w"}, "c");
          SetIntAttribute(conv, "group", group);
          const int64_t pad = kernel / 2;
          SetIntsAttribute(conv, "pads", {pad, pad, pad, pad});
          AddNode(model, "Sigmoid", {"c"}, "s");
          AddNode(model, "Mul",
                  gate_first ? std::vector<std::string>{"s", "c"}
                             : std::vector<std::string>{"c", "s"},
                  "y");
          AddOutput(model, "y");
          if (gate_read_twice) {
            AddNode(model, "Relu", {"s"}, "r");
            AddOutput(model, "r");
          }
          EXPECT_LT(CompareWithReference(model, {1, 4, 9, 7}), 1e-5) << group << " " << kernel;
          CpuEngine cpu;
          ASSERT_TRUE(cpu.Load(model).ok());
          cpu.SetProfiling(true);
          ASSERT_TRUE(cpu.Run({{"x", Tensor::Zeros({1, 4, 9, 7}).value()}}).ok());
          const std::vector<NodeTiming> steps = cpu.LastProfile();
          ASSERT_FALSE(steps.empty());
          EXPECT_EQ(steps[0].op_type, gate_read_twice ? "Conv" : "Conv+Sigmoid+Mul");
          EXPECT_EQ(steps.size(), gate_read_twice ? 4u : 1u);
        }
      }
    }
  }
}

// A residual connection, Relu(Add(a, b)) with b broadcast, runs as one step and matches the
// reference.
TEST(CpuEngineOpsTest, ReluAfterAddIsFusedAndMatchesTheReference) {
  std::mt19937 random(23);
  cnn::Model model;
  AddInput(model, "x", {2, 3, 5, 4});
  AddWeights(model, "b", {3, 1, 1}, RandomValues(3, random));
  AddNode(model, "Add", {"x", "b"}, "sum");
  AddNode(model, "Relu", {"sum"}, "y");
  AddOutput(model, "y");
  EXPECT_EQ(CompareWithReference(model, {2, 3, 5, 4}), 0.0);
  CpuEngine cpu;
  ASSERT_TRUE(cpu.Load(model).ok());
  cpu.SetProfiling(true);
  ASSERT_TRUE(cpu.Run({{"x", Tensor::Zeros({2, 3, 5, 4}).value()}}).ok());
  ASSERT_EQ(cpu.LastProfile().size(), 1u);
  EXPECT_EQ(cpu.LastProfile()[0].op_type, "Add+Relu");
}

// Pooling windows that reach into the padding on every side, strides above and below the kernel,
// ceil mode (windows starting past the input) and both average-pool divisors; the engine reduces
// the windows inside the input row by row and the others one by one (2x2 max pooling four at a
// time: rows of 21 have two steps of four and a remainder).
TEST(CpuEngineOpsTest, PoolingMatchesTheReferenceOnEveryGeometry) {
  for (const Shape& shape :
       {Shape{1, 2, 7, 6}, Shape{2, 3, 1, 9}, Shape{1, 1, 4, 4}, Shape{1, 2, 6, 21}}) {
    for (const char* op : {"MaxPool", "AveragePool"}) {
      for (int64_t kernel : {1, 2, 3}) {
        for (int64_t stride : {1, 2, 3}) {
          for (int64_t pad : {0, 1}) {
            if (pad >= kernel || kernel > shape[3] + 2 * pad) continue;
            for (int64_t ceil_mode : {0, 1}) {
              for (int64_t include_pad : {0, 1}) {
                const int64_t kernel_h = std::min(kernel, shape[2] + pad);
                const cnn::Model model = SingleOp(op, shape, [&](cnn::Model&, cnn::Node& node) {
                  SetIntsAttribute(node, "kernel_shape", {kernel_h, kernel});
                  SetIntsAttribute(node, "strides", {stride, stride});
                  SetIntsAttribute(node, "pads", {pad, pad, 0, pad});
                  SetIntAttribute(node, "ceil_mode", ceil_mode);
                  SetIntAttribute(node, "count_include_pad", include_pad);
                });
                const double error = CompareWithReference(model, shape);
                if (std::string(op) == "MaxPool") {
                  EXPECT_EQ(error, 0.0) << op << " kernel " << kernel << " stride " << stride
                                        << " pad " << pad << ShapeString(shape);
                } else {
                  EXPECT_LT(error, 1e-6) << op << " kernel " << kernel << " stride " << stride
                                         << " pad " << pad << " ceil " << ceil_mode
                                         << " include_pad " << include_pad << ShapeString(shape);
                }
              }
            }
          }
        }
      }
    }
  }
}

// NaN and signed zeros through 2x2 max pooling, in the vectorised steps and the remainder: the
// engine keeps the reference's fold order, so the bits agree.
TEST(CpuEngineOpsTest, MaxPoolingKeepsTheReferenceResultForNanAndSignedZeros) {
  const Shape shape{1, 1, 2, 18};
  std::vector<float> values(36);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int i = 0; i < 36; ++i) {
    const float choices[] = {nan, -0.0f, 0.0f, -1.0f};
    values[i] = choices[(i * 7 + i / 18) % 4];
  }
  values[0] = values[1] = values[18] = values[19] = nan;  // a window of NaNs only
  const cnn::Model model = SingleOp("MaxPool", shape, [](cnn::Model&, cnn::Node& node) {
    SetIntsAttribute(node, "kernel_shape", {2, 2});
    SetIntsAttribute(node, "strides", {2, 2});
  });
  const Tensor x = Tensor::FromValues(shape, values).value();
  CpuEngine cpu;
  ReferenceEngine reference;
  ASSERT_TRUE(cpu.Load(model).ok());
  ASSERT_TRUE(reference.Load(model).ok());
  const Tensor cpu_y = cpu.Run({{"x", x}}).value().at("y");
  const Tensor reference_y = reference.Run({{"x", x}}).value().at("y");
  ASSERT_EQ(cpu_y.shape(), (Shape{1, 1, 1, 9}));
  ASSERT_EQ(reference_y.shape(), cpu_y.shape());
  for (int64_t i = 0; i < 9; ++i) {
    uint32_t cpu_bits, reference_bits;
    std::memcpy(&cpu_bits, cpu_y.data() + i, 4);
    std::memcpy(&reference_bits, reference_y.data() + i, 4);
    EXPECT_EQ(cpu_bits, reference_bits)
        << "output " << i << ": " << cpu_y.data()[i] << " vs " << reference_y.data()[i];
  }
}

TEST(CpuEngineOpsTest, UpsampleMatchesTheReference) {
  for (const Shape& shape : {Shape{1, 1, 1, 1}, Shape{2, 3, 5, 7}, Shape{1, 2, 1, 4}}) {
    for (const std::vector<int64_t>& factors :
         {std::vector<int64_t>{1, 1}, {2, 2}, {3, 1}, {1, 2}}) {
      cnn::Model model;
      AddInput(model, "x", shape);
      cnn::Node& node = AddNode(model, "Upsample", {"x"}, "y");
      SetIntsAttribute(node, "scales", factors);
      AddOutput(model, "y");
      EXPECT_EQ(CompareWithReference(model, shape), 0.0)
          << ShapeString(shape) << " x" << factors[0] << " x" << factors[1];
    }
  }
}

}  // namespace
}  // namespace sentio::cnn::cpu
