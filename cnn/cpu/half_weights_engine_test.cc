// Models whose native file stores weights as halves (`sentio cnn convert --precision=fp16`): the
// weights stay float16 when read and in the engines' model runner, and both engines compute what
// they compute for the float model with its weights rounded through half (RoundWeightsThroughHalf).
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "cnn/cpu/cpu_engine.h"
#include "cnn/cpu/engine_comparison_for_test.h"
#include "cnn/engine/model_runner.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/import/model_io.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/transforms/half_weights.h"
#include "gtest/gtest.h"

namespace sentio::cnn::cpu {

using engine::ModelRunner;
using engine::ReferenceEngine;
using engine::TensorMap;
using import::ReadModelFile;
using import::WriteModelFile;
using transforms::RoundWeightsThroughHalf;
using transforms::StoreWeightsAsHalf;

namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) / name).string();
}

// Every kind of weight reader: a 3x3 convolution (Winograd) with a bias, BatchNormalization's
// parameters, a depthwise convolution, a 1x1 convolution (packed only), a constant Add operand, a
// Sub on the reference kernel, and a Gemm with B and C read in place.
cnn::Model MixedModel() {
  std::mt19937 random(7);
  auto weights = [&](cnn::Model& model, const std::string& name, const Shape& shape) {
    AddWeights(model, name, shape, RandomValues(NumElements(shape).value(), random));
  };
  cnn::Model model;
  AddInput(model, "x", {1, 3, 8, 8});
  weights(model, "w1", {8, 3, 3, 3});
  weights(model, "b1", {8});
  cnn::Node& conv1 = AddNode(model, "Conv", {"x", "w1", "b1"}, "c1");
  SetIntsAttribute(conv1, "pads", {1, 1, 1, 1});
  weights(model, "scale", {8});
  weights(model, "shift", {8});
  weights(model, "mean", {8});
  std::vector<float> variance = RandomValues(8, random);
  for (float& v : variance) v = v * v + 0.5f;
  AddWeights(model, "variance", {8}, variance);
  AddNode(model, "BatchNormalization", {"c1", "scale", "shift", "mean", "variance"}, "bn");
  AddNode(model, "Relu", {"bn"}, "r1");
  weights(model, "dw", {8, 1, 3, 3});
  weights(model, "db", {8});
  cnn::Node& depthwise = AddNode(model, "Conv", {"r1", "dw", "db"}, "d1");
  SetIntsAttribute(depthwise, "pads", {1, 1, 1, 1});
  SetIntAttribute(depthwise, "group", 8);
  weights(model, "pw", {16, 8, 1, 1});
  AddNode(model, "Conv", {"d1", "pw"}, "p1");
  weights(model, "bias_map", {1, 16, 1, 1});
  AddNode(model, "Add", {"p1", "bias_map"}, "a1");
  weights(model, "offset", {1, 16, 1, 1});
  AddNode(model, "Sub", {"a1", "offset"}, "s1");
  AddNode(model, "GlobalAveragePool", {"s1"}, "g1");
  AddNode(model, "Flatten", {"g1"}, "f1");
  weights(model, "fc", {16, 5});
  weights(model, "fc_bias", {5});
  AddNode(model, "Gemm", {"f1", "fc", "fc_bias"}, "y");
  AddOutput(model, "y");
  return model;
}

// The model as `sentio cnn convert --precision=fp16` writes it, read back from the file.
cnn::Model HalfModelFromFile(const cnn::Model& model, const std::string& name) {
  cnn::Model half = model;
  EXPECT_TRUE(StoreWeightsAsHalf(half).ok());
  const std::string path = TempPath(name);
  EXPECT_TRUE(WriteModelFile(half, path).ok());
  absl::StatusOr<cnn::Model> read = ReadModelFile(path);
  EXPECT_TRUE(read.ok()) << read.status();
  return *read;
}

TensorMap Inputs(int64_t batch) {
  std::mt19937 random(3);
  const Shape shape = {batch, 3, 8, 8};
  return {{"x", *Tensor::FromValues(shape, RandomValues(NumElements(shape).value(), random))}};
}

TEST(HalfWeightsEngineTest, TheModelRunnerKeepsHalfWeightsHalf) {
  const cnn::Model model = MixedModel();
  cnn::Model half = HalfModelFromFile(model, "runner.model");
  for (const cnn::TensorData& data : half.initializer()) {
    EXPECT_EQ(data.values_size(), 0) << data.name();
    EXPECT_FALSE(data.half_values().empty()) << data.name();
  }
  ModelRunner float_runner, half_runner;
  ASSERT_TRUE(float_runner.Load(model).ok());
  ASSERT_TRUE(half_runner.Load(half).ok());
  EXPECT_EQ(half_runner.WeightBytes() * 2, float_runner.WeightBytes());
  const Tensor* w1 = half_runner.FindWeights("w1");
  ASSERT_NE(w1, nullptr);
  EXPECT_EQ(w1->dtype(), DataType::kFloat16);
  EXPECT_EQ(w1->shape(), (Shape{8, 3, 3, 3}));
  // The runner's model keeps names and dims, not the half bytes.
  for (const cnn::TensorData& data : half_runner.model().initializer()) {
    EXPECT_TRUE(data.half_values().empty()) << data.name();
  }
  // Run hands the kernels float32 tensors only, equal to the decoded halves.
  absl::StatusOr<TensorMap> outputs = half_runner.Run(
      Inputs(1), [&](const cnn::Node& node, const std::vector<const Tensor*>& inputs)
                     -> absl::StatusOr<std::vector<Tensor>> {
        for (const Tensor* input : inputs) EXPECT_EQ(input->dtype(), DataType::kFloat32);
        if (node.input_size() > 1 && node.input(1) == "w1") {
          EXPECT_EQ(inputs[1]->values(), w1->ToFloat32().values());
        }
        std::vector<Tensor> results;
        for (int i = 0; i < node.output_size(); ++i) {
          results.push_back(*Tensor::Zeros(node.name() == "y" ? Shape{1, 5} : Shape{1}));
        }
        return results;
      });
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  // The weights are still half after the run (no float copy kept).
  EXPECT_EQ(half_runner.FindWeights("w1")->dtype(), DataType::kFloat16);
  EXPECT_EQ(half_runner.WeightBytes() * 2, float_runner.WeightBytes());
}

TEST(HalfWeightsEngineTest, ReferenceEngineComputesAsWithWeightsRoundedThroughHalf) {
  const cnn::Model model = MixedModel();
  cnn::Model rounded = model;
  ASSERT_TRUE(RoundWeightsThroughHalf(rounded).ok());
  ReferenceEngine half, expected;
  ASSERT_TRUE(half.Load(HalfModelFromFile(model, "reference.model")).ok());
  ASSERT_TRUE(expected.Load(rounded).ok());
  for (int64_t batch : {1, 2}) {
    absl::StatusOr<TensorMap> got = half.Run(Inputs(batch));
    absl::StatusOr<TensorMap> want = expected.Run(Inputs(batch));
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_TRUE(want.ok()) << want.status();
    EXPECT_EQ(got->at("y").dtype(), DataType::kFloat32);
    EXPECT_EQ(got->at("y").shape(), (Shape{batch, 5}));
    EXPECT_EQ(got->at("y").values(), want->at("y").values());  // the same float weights exactly
  }
}

TEST(HalfWeightsEngineTest, CpuEngineComputesAsWithWeightsRoundedThroughHalf) {
  const cnn::Model model = MixedModel();
  cnn::Model rounded = model;
  ASSERT_TRUE(RoundWeightsThroughHalf(rounded).ok());
  ReferenceEngine reference;
  ASSERT_TRUE(reference.Load(rounded).ok());
  for (int threads : {1, 2}) {
    CpuEngine half(threads), expected(threads);
    ASSERT_TRUE(half.Load(HalfModelFromFile(model, "cpu.model")).ok());
    ASSERT_TRUE(expected.Load(rounded).ok());
    // The float copies the engine makes for the weights it reads in place are counted, and take
    // the place of the float weights the float model's runner holds: the same memory, but for
    // the Gemm's B, which stays half (the batch-1 product reads halves).
    EXPECT_EQ(half.PeakMemoryBytes(), expected.PeakMemoryBytes() - 16 * 5 * 2);
    for (int64_t batch : {1, 2}) {
      absl::StatusOr<TensorMap> got = half.Run(Inputs(batch));
      absl::StatusOr<TensorMap> want = expected.Run(Inputs(batch));
      absl::StatusOr<TensorMap> exact = reference.Run(Inputs(batch));
      ASSERT_TRUE(got.ok()) << got.status();
      ASSERT_TRUE(want.ok()) << want.status();
      ASSERT_TRUE(exact.ok()) << exact.status();
      EXPECT_EQ(got->at("y").values(), want->at("y").values()) << threads << " " << batch;
      EXPECT_LT(MaxRelativeError(got->at("y"), exact->at("y")), 1e-4) << threads << " " << batch;
    }
  }
}

}  // namespace
}  // namespace sentio::cnn::cpu
