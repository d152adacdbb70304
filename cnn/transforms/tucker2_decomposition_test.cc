#include "cnn/transforms/tucker2_decomposition.h"

#include <random>

#include "cnn/engine/reference_engine.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/shape_inference.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::transforms {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<float> Random(size_t count, unsigned seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> normal;
  std::vector<float> values(count);
  for (float& v : values) v = normal(random);
  return values;
}

// Conv weights [out, in, k, k] of multilinear ranks (r1, r2) in the channel modes.
std::vector<float> LowRankConvWeights(int64_t out, int64_t in, int64_t k, int64_t r1, int64_t r2) {
  const std::vector<float> core = Random(r2 * r1 * k * k, 1);
  const std::vector<float> u_in = Random(in * r1, 2);
  const std::vector<float> u_out = Random(out * r2, 3);
  std::vector<float> w(out * in * k * k, 0);
  for (int64_t s = 0; s < out; ++s)
    for (int64_t c = 0; c < in; ++c)
      for (int64_t a = 0; a < r2; ++a)
        for (int64_t b = 0; b < r1; ++b)
          for (int64_t p = 0; p < k * k; ++p)
            w[(s * in + c) * k * k + p] +=
                u_out[s * r2 + a] * u_in[c * r1 + b] * core[(a * r1 + b) * k * k + p];
  return w;
}

// x [1, 6, 9, 9] -> Conv 3x3 (8 channels, stride 2, pads 1, bias) -> Relu -> Conv 1x1 -> y.
cnn::Model TwoConvModel(const std::vector<float>& weights) {
  cnn::Model model;
  AddInput(model, "x", {1, 6, 9, 9});
  AddWeights(model, "w", {8, 6, 3, 3}, weights);
  AddWeights(model, "b", {8}, Random(8, 4));
  cnn::Node& conv = AddNode(model, "Conv", {"x", "w", "b"}, "conv");
  SetIntsAttribute(conv, "strides", {2, 2});
  SetIntsAttribute(conv, "pads", {1, 1, 1, 1});
  AddNode(model, "Relu", {"conv"}, "relu");
  AddWeights(model, "w1", {4, 8, 1, 1}, Random(32, 5));
  AddNode(model, "Conv", {"relu", "w1"}, "pointwise");
  AddOutput(model, "pointwise");
  EXPECT_TRUE(InferModelShapes(model).ok());
  return model;
}

std::vector<float> RunReference(const cnn::Model& model, const std::vector<float>& input) {
  engine::ReferenceEngine engine;
  EXPECT_TRUE(engine.Load(model).ok());
  engine::TensorMap inputs;
  inputs["x"] = *Tensor::FromValues({1, 6, 9, 9}, input);
  absl::StatusOr<engine::TensorMap> outputs = engine.Run(inputs);
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  const Tensor& y = outputs->at("pointwise");
  return y.values();
}

DecompositionOptions Options(const std::string& ranks, std::vector<std::string> layers = {}) {
  DecompositionOptions options;
  options.ranks = *ParseRankPolicy(ranks);
  options.layers = std::move(layers);
  return options;
}

std::vector<std::string> OpTypesAndNames(const cnn::Model& model) {
  std::vector<std::string> names;
  for (const cnn::Node& node : model.node()) names.push_back(node.op_type() + " " + node.name());
  return names;
}

TEST(Tucker2DecompositionTest, LowRankConvolutionBecomesThreeWithTheSameOutput) {
  const cnn::Model original = TwoConvModel(LowRankConvWeights(8, 6, 3, 2, 3));
  cnn::Model model = original;
  absl::StatusOr<DecompositionReport> report = DecomposeConvolutions(model, Options("2,3"));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(OpTypesAndNames(model),
              ElementsAre("Conv conv_tucker_in", "Conv conv_tucker_core", "Conv conv_tucker_out",
                          "Relu relu", "Conv pointwise"));
  ASSERT_EQ(report->layers.size(), 1u);  // the 1x1 convolution is not a candidate
  const LayerDecomposition& layer = report->layers[0];
  EXPECT_TRUE(layer.decomposed);
  EXPECT_EQ(layer.layer, "conv");
  EXPECT_LT(layer.relative_error, 1e-6);
  // 5x5 outputs of 8 channels from 6 x 3x3 taps, then the three convolutions.
  EXPECT_EQ(layer.flops_before, 2.0 * 25 * 8 * 6 * 9);
  EXPECT_EQ(layer.flops_after, 2.0 * 81 * 6 * 2 + 2.0 * 25 * 3 * 2 * 9 + 2.0 * 25 * 3 * 8);
  EXPECT_EQ(layer.parameters_before, 8 * 6 * 9 + 8);
  EXPECT_EQ(layer.parameters_after, 2 * 6 + 3 * 2 * 9 + 8 * 3 + 8);
  // The model-wide counts include the untouched 1x1 convolution.
  const double pointwise = 2.0 * 25 * 4 * 8;
  EXPECT_EQ(report->convolution_flops_before, layer.flops_before + pointwise);
  EXPECT_EQ(report->convolution_flops_after, layer.flops_after + pointwise);
  EXPECT_EQ(report->convolution_parameters_before, layer.parameters_before + 32);
  EXPECT_EQ(report->convolution_parameters_after, layer.parameters_after + 32);
  EXPECT_EQ(model.initializer_size(), 5);  // w is gone: three factors, b, w1

  const std::vector<float> input = Random(6 * 81, 6);
  const std::vector<float> expected = RunReference(original, input);
  const std::vector<float> actual = RunReference(model, input);
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-3) << i;
}

TEST(Tucker2DecompositionTest, FullInputRankLeavesOutTheFirstPointwiseConvolution) {
  cnn::Model model = TwoConvModel(LowRankConvWeights(8, 6, 3, 6, 3));
  absl::StatusOr<DecompositionReport> report = DecomposeConvolutions(model, Options("6,3"));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(OpTypesAndNames(model), ElementsAre("Conv conv_tucker_core", "Conv conv_tucker_out",
                                                  "Relu relu", "Conv pointwise"));
  EXPECT_THAT(model.node(1).input(), ElementsAre("conv_tucker_core", "w_tucker_out", "b"));
  EXPECT_EQ(model.node(1).output(0), "conv");
  // The core keeps the window: stride 2, pads 1.
  EXPECT_THAT(*IntsAttribute(model.node(0), "strides", {}), ElementsAre(2, 2));
  EXPECT_THAT(*IntsAttribute(model.node(0), "pads", {}), ElementsAre(1, 1, 1, 1));
}

TEST(Tucker2DecompositionTest, FullRanksChangeNothing) {
  cnn::Model model = TwoConvModel(Random(8 * 6 * 9, 7));
  const std::string before = model.SerializeAsString();
  absl::StatusOr<DecompositionReport> report = DecomposeConvolutions(model, Options("6,8"));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->layers[0].decomposed);
  EXPECT_EQ(report->layers[0].kept_because, "full ranks");
  EXPECT_EQ(model.SerializeAsString(), before);
}

TEST(Tucker2DecompositionTest, AutomaticRanksFindTheLowRankStructure) {
  cnn::Model model = TwoConvModel(LowRankConvWeights(8, 6, 3, 2, 3));
  absl::StatusOr<DecompositionReport> report =
      DecomposeConvolutions(model, Options("energy:0.999"));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->layers[0].ranks.input, 2);
  EXPECT_EQ(report->layers[0].ranks.output, 3);
  EXPECT_TRUE(report->layers[0].decomposed);
}

TEST(Tucker2DecompositionTest, AutomaticRanksKeepLayersThatWouldNotGetCheaper) {
  // Random weights at 99.9 % energy need (nearly) full ranks: three convolutions would cost more.
  cnn::Model model = TwoConvModel(Random(8 * 6 * 9, 8));
  const std::string before = model.SerializeAsString();
  absl::StatusOr<DecompositionReport> report =
      DecomposeConvolutions(model, Options("energy:0.999"));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->layers[0].decomposed);
  EXPECT_FALSE(report->layers[0].kept_because.empty());
  EXPECT_EQ(model.SerializeAsString(), before);
  EXPECT_EQ(report->convolution_flops_after, report->convolution_flops_before);
}

TEST(Tucker2DecompositionTest, BadRequestsNameTheLayerAndLeaveTheModelAlone) {
  cnn::Model model = TwoConvModel(Random(8 * 6 * 9, 9));
  const std::string before = model.SerializeAsString();
  auto error = [&](const DecompositionOptions& options) {
    absl::StatusOr<DecompositionReport> report = DecomposeConvolutions(model, options);
    EXPECT_FALSE(report.ok());
    EXPECT_EQ(model.SerializeAsString(), before);
    return std::string(report.status().message());
  };
  EXPECT_THAT(error(Options("7,3")),
              HasSubstr("Conv node 'conv': ranks 7,3 exceed its 6 input and 8 output channels"));
  EXPECT_THAT(error(Options("2,9")), HasSubstr("ranks 2,9 exceed"));
  EXPECT_THAT(error(Options("2,3", {"pointwise"})),
              HasSubstr("Conv node 'pointwise': cannot be Tucker-2 decomposed: a 1x1 convolution"));
  EXPECT_THAT(error(Options("2,3", {"relu"})), HasSubstr("not a convolution"));
  EXPECT_THAT(error(Options("2,3", {"conv9"})), HasSubstr("no node named 'conv9'"));
  EXPECT_THAT(error(Options("2,3;2,2", {"conv"})),
              HasSubstr("2 rank pairs given for 1 convolutions"));

  cnn::Model grouped = model;
  SetIntAttribute(*grouped.mutable_node(0), "group", 2);
  grouped.mutable_initializer(0)->set_dims(1, 3);
  grouped.mutable_initializer(0)->mutable_values()->Truncate(8 * 3 * 9);
  absl::StatusOr<DecompositionReport> report =
      DecomposeConvolutions(grouped, Options("2,3", {"conv"}));
  EXPECT_THAT(report.status().message(), HasSubstr("a grouped convolution"));
}

TEST(Tucker2DecompositionTest, ParsesRankPolicies) {
  EXPECT_EQ(ParseRankPolicy("vbmf")->kind, RankPolicy::Kind::kVbmf);
  EXPECT_EQ(ParseRankPolicy("energy:0.9")->energy, 0.9);
  absl::StatusOr<RankPolicy> given = ParseRankPolicy("4,8;2,3");
  ASSERT_TRUE(given.ok());
  ASSERT_EQ(given->given.size(), 2u);
  EXPECT_EQ(given->given[1].input, 2);
  EXPECT_EQ(given->given[1].output, 3);
  for (const char* bad : {"", "energy:0", "energy:1.5", "energy:x", "4", "4,", "0,3", "4,-1",
                          "4,8;", "a,b", "4,8,2", "VBMF"}) {
    EXPECT_FALSE(ParseRankPolicy(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace sentio::cnn::transforms
