// The Caffe importer's activation, normalization and merging layers: ReLU with negative_slope,
// PReLU, Sigmoid, TanH, LRN, Concat, Eltwise, and BatchNorm with Scale (folded into the BatchNorm
// and on into the convolution before it).
#include <cmath>
#include <string>
#include <vector>

#include "cnn/engine/reference_engine.h"
#include "cnn/import/caffe_importer.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/transforms/load_transforms.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {

using engine::ReferenceEngine;
using engine::TensorMap;
using transforms::RunLoadTransforms;

namespace {

using ::testing::ElementsAre;
using ::testing::FloatNear;
using ::testing::HasSubstr;
using ::testing::Pointwise;

caffe::NetParameter ParseNet(const std::string& text) {
  caffe::NetParameter net;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &net)) << text;
  return net;
}

// Trained weights: for each named layer, its blobs' values.
caffe::NetParameter Weights(
    const std::vector<std::pair<std::string, std::vector<std::vector<float>>>>& layers) {
  caffe::NetParameter weights;
  for (const auto& [name, blobs] : layers) {
    caffe::LayerParameter& layer = *weights.add_layer();
    layer.set_name(name);
    for (const std::vector<float>& values : blobs) {
      layer.add_blobs()->mutable_data()->Add(values.begin(), values.end());
    }
  }
  return weights;
}

std::vector<std::string> OpTypes(const cnn::Model& model) {
  std::vector<std::string> ops;
  for (const cnn::Node& node : model.node()) ops.push_back(node.op_type());
  return ops;
}

// An Input layer "data" of `dims` followed by `layers`.
std::string Net(const std::string& dims, const std::string& layers) {
  return R"(layer { name: "data" type: "Input" top: "data" input_param { shape: { )" + dims +
         " } } }\n" + layers;
}

// Imports, runs on `x` (blob "data") and returns the net's one output.
Tensor ImportAndRun(const std::string& prototxt, const caffe::NetParameter& weights,
                    const Tensor& x, cnn::Model* model_out) {
  absl::StatusOr<cnn::Model> model =
      ImportCaffeNet(ParseNet(prototxt), weights, "net.prototxt", "net.caffemodel");
  EXPECT_TRUE(model.ok()) << model.status();
  if (!model.ok()) return Tensor();
  // The passes the loader runs after any importer (batch-norm folding).
  const absl::Status transformed = RunLoadTransforms(*model);
  EXPECT_TRUE(transformed.ok()) << transformed;
  *model_out = *model;
  EXPECT_EQ(model->output_size(), 1);
  ReferenceEngine engine;
  const absl::Status loaded = engine.Load(*model);
  EXPECT_TRUE(loaded.ok()) << loaded;
  absl::StatusOr<TensorMap> outputs = engine.Run({{"data", x}});
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  return outputs.ok() ? outputs->at(model->output(0).name()) : Tensor();
}

std::string ImportError(const std::string& prototxt, const caffe::NetParameter& weights = {}) {
  absl::StatusOr<cnn::Model> model =
      ImportCaffeNet(ParseNet(prototxt), weights, "net.prototxt", "net.caffemodel");
  EXPECT_FALSE(model.ok());
  return std::string(model.status().message());
}

Tensor Values(const Shape& shape, std::vector<float> values) {
  return Tensor::FromValues(shape, std::move(values)).value();
}

// Two channels of two pixels: channel 0 = {-2, 1}, channel 1 = {-4, 3}.
const Tensor kTwoChannels = Tensor::FromValues({1, 2, 1, 2}, {-2, 1, -4, 3}).value();
constexpr char kTwoChannelDims[] = "dim: 1 dim: 2 dim: 1 dim: 2";

TEST(CaffeImporterLayersTest, ActivationLayers) {
  cnn::Model model;
  const Tensor y =
      ImportAndRun(Net(kTwoChannelDims, R"(
      layer { name: "leaky" type: "ReLU" bottom: "data" top: "data"
              relu_param { negative_slope: 0.5 } }
      layer { name: "prelu" type: "PReLU" bottom: "data" top: "data" }
      layer { name: "shared" type: "PReLU" bottom: "data" top: "data"
              prelu_param { channel_shared: true } }
      layer { name: "sig" type: "Sigmoid" bottom: "data" top: "sig" }
      layer { name: "tanh" type: "TanH" bottom: "sig" top: "out" })"),
                   Weights({{"prelu", {{2, 0.5}}}, {"shared", {{3}}}}), kTwoChannels, &model);
  EXPECT_THAT(OpTypes(model), ElementsAre("LeakyRelu", "PRelu", "PRelu", "Sigmoid", "Tanh"));
  EXPECT_FLOAT_EQ(FloatAttribute(model.node(0), "alpha", 0).value(), 0.5f);
  EXPECT_THAT(model.initializer(0).dims(), ElementsAre(2, 1, 1));
  EXPECT_THAT(model.initializer(1).dims(), ElementsAre(1));
  // leaky: {-1, 1, -2, 3}; prelu (2, 0.5): {-2, 1, -1, 3}; shared 3: {-6, 1, -3, 3}.
  std::vector<float> expected;
  for (float v : {-6.0f, 1.0f, -3.0f, 3.0f}) expected.push_back(std::tanh(1 / (1 + std::exp(-v))));
  EXPECT_THAT(y.values(), Pointwise(FloatNear(1e-6), expected));
}

TEST(CaffeImporterLayersTest, PReluWithTheWrongSlopeCountIsNamed) {
  EXPECT_THAT(ImportError(Net(kTwoChannelDims,
                              R"(layer { name: "p" type: "PReLU" bottom: "data" top: "p" })"),
                          Weights({{"p", {{1, 2, 3}}}})),
              HasSubstr("net.prototxt: PReLU layer 'p': weight blob 0 in net.caffemodel has 3 "
                        "values, the layer needs [2,1,1]"));
}

TEST(CaffeImporterLayersTest, LrnAcrossChannels) {
  cnn::Model model;
  const Tensor y = ImportAndRun(Net("dim: 1 dim: 3 dim: 1 dim: 1", R"(
      layer { name: "norm" type: "LRN" bottom: "data" top: "norm"
              lrn_param { local_size: 3 alpha: 0.3 beta: 0.5 k: 2 } })"),
                                {}, Values({1, 3, 1, 1}, {1, 2, 3}), &model);
  EXPECT_THAT(OpTypes(model), ElementsAre("LRN"));
  EXPECT_EQ(IntAttribute(model.node(0), "size", 0).value(), 3);
  EXPECT_FLOAT_EQ(FloatAttribute(model.node(0), "bias", 0).value(), 2);
  // Caffe: x / (k + alpha / n * sum of x^2 over c-1 .. c+1)^beta; sums 5, 14, 13.
  EXPECT_THAT(y.values(), Pointwise(FloatNear(1e-6),
                                    std::vector<float>{1 / std::sqrt(2.5f), 2 / std::sqrt(3.4f),
                                                       3 / std::sqrt(3.3f)}));
}

TEST(CaffeImporterLayersTest, LrnWithinChannelAndEvenSizesAreErrors) {
  EXPECT_THAT(ImportError(Net(kTwoChannelDims, R"(
      layer { name: "norm" type: "LRN" bottom: "data" top: "norm"
              lrn_param { norm_region: WITHIN_CHANNEL } })")),
              HasSubstr("LRN layer 'norm': norm_region WITHIN_CHANNEL is not supported"));
  EXPECT_THAT(ImportError(Net(kTwoChannelDims, R"(
      layer { name: "norm" type: "LRN" bottom: "data" top: "norm" lrn_param { local_size: 4 } })")),
              HasSubstr("LRN layer 'norm': local_size 4 is even"));
}

TEST(CaffeImporterLayersTest, ConcatAlongChannelsAndTheLegacyConcatDim) {
  cnn::Model model;
  const Tensor y = ImportAndRun(Net(kTwoChannelDims, R"(
      layer { name: "relu" type: "ReLU" bottom: "data" top: "relu" }
      layer { name: "cat" type: "Concat" bottom: "data" bottom: "relu" top: "cat" }
      layer { name: "cat_w" type: "Concat" bottom: "cat" bottom: "cat" top: "cat_w"
              concat_param { concat_dim: 3 } })"),
                                {}, kTwoChannels, &model);
  EXPECT_THAT(OpTypes(model), ElementsAre("Relu", "Concat", "Concat"));
  EXPECT_THAT(y.shape(), ElementsAre(1, 4, 1, 4));
  EXPECT_THAT(y.values(), ElementsAre(-2, 1, -2, 1, -4, 3, -4, 3, 0, 1, 0, 1, 0, 3, 0, 3));
}

TEST(CaffeImporterLayersTest, EltwiseSumWithCoefficientsAndProduct) {
  cnn::Model model;
  const Tensor y = ImportAndRun(Net(kTwoChannelDims, R"(
      layer { name: "relu" type: "ReLU" bottom: "data" top: "relu" }
      layer { name: "sum" type: "Eltwise" bottom: "data" bottom: "relu" top: "sum"
              eltwise_param { operation: SUM coeff: 1 coeff: -2 } }
      layer { name: "prod" type: "Eltwise" bottom: "sum" bottom: "data" bottom: "data" top: "prod"
              eltwise_param { operation: PROD } })"),
                                {}, kTwoChannels, &model);
  EXPECT_THAT(OpTypes(model), ElementsAre("Relu", "Mul", "Add", "Mul", "Mul"));
  // sum = x - 2 relu(x) = {-2, -1, -4, -3}; prod = sum * x * x.
  EXPECT_THAT(y.values(), ElementsAre(-8, -1, -64, -27));
}

TEST(CaffeImporterLayersTest, EltwiseErrors) {
  EXPECT_THAT(ImportError(Net(kTwoChannelDims, R"(
      layer { name: "max" type: "Eltwise" bottom: "data" bottom: "data" top: "max"
              eltwise_param { operation: MAX } })")),
              HasSubstr("Eltwise layer 'max': operation MAX is not supported"));
  EXPECT_THAT(ImportError(Net(kTwoChannelDims, R"(
      layer { name: "sum" type: "Eltwise" bottom: "data" bottom: "data" top: "sum"
              eltwise_param { coeff: 1 } })")),
              HasSubstr("Eltwise layer 'sum': has 1 coeff for 2 bottoms"));
  EXPECT_THAT(ImportError(Net(kTwoChannelDims, R"(
      layer { name: "one" type: "Eltwise" bottom: "data" top: "one" })")),
              HasSubstr("needs 2 or more bottom blobs"));
}

// Caffe's BatchNorm blobs: mean and variance times a factor, and the factor.
const std::vector<std::vector<float>> kBatchNormBlobs = {
    {2 * 1.0f, 2 * -1.0f}, {2 * 4.0f, 2 * 0.25f}, {2}};
// y = (x - mean) / sqrt(var + eps) * scale + bias with mean {1, -1}, var {4, 0.25}, eps 1e-5.
std::vector<float> BatchNormScale(const std::vector<float>& x, const std::vector<float>& scale,
                                  const std::vector<float>& bias) {
  const float mean[] = {1, -1}, variance[] = {4, 0.25f};
  std::vector<float> y;
  for (size_t i = 0; i < x.size(); ++i) {
    const int c = static_cast<int>(i / 2);
    y.push_back((x[i] - mean[c]) / std::sqrt(variance[c] + 1e-5f) * scale[c] + bias[c]);
  }
  return y;
}

TEST(CaffeImporterLayersTest, BatchNormWithInPlaceScaleIsOneNode) {
  cnn::Model model;
  const Tensor y = ImportAndRun(Net(kTwoChannelDims, R"(
      layer { name: "bn" type: "BatchNorm" bottom: "data" top: "data" }
      layer { name: "scale" type: "Scale" bottom: "data" top: "data"
              scale_param { bias_term: true } })"),
                                Weights({{"bn", kBatchNormBlobs}, {"scale", {{3, 0.5}, {1, -1}}}}),
                                kTwoChannels, &model);
  EXPECT_THAT(OpTypes(model), ElementsAre("BatchNormalization"));
  EXPECT_THAT(y.values(),
              Pointwise(FloatNear(1e-5), BatchNormScale({-2, 1, -4, 3}, {3, 0.5f}, {1, -1})));
}

TEST(CaffeImporterLayersTest, ScaleThatIsNotInPlaceBecomesMulAndAdd) {
  cnn::Model model;
  const Tensor y = ImportAndRun(Net(kTwoChannelDims, R"(
      layer { name: "bn" type: "BatchNorm" bottom: "data" top: "bn"
              batch_norm_param { use_global_stats: true } }
      layer { name: "scale" type: "Scale" bottom: "bn" top: "scaled"
              scale_param { bias_term: true } })"),
                                Weights({{"bn", kBatchNormBlobs}, {"scale", {{3, 0.5}, {1, -1}}}}),
                                kTwoChannels, &model);
  EXPECT_THAT(OpTypes(model), ElementsAre("BatchNormalization", "Mul", "Add"));
  EXPECT_THAT(y.values(),
              Pointwise(FloatNear(1e-5), BatchNormScale({-2, 1, -4, 3}, {3, 0.5f}, {1, -1})));
}

TEST(CaffeImporterLayersTest, ConvolutionBatchNormScaleFoldsIntoTheConvolution) {
  // A 1x1 convolution that copies the channels, with bias {0.5, 0}.
  cnn::Model model;
  const Tensor y = ImportAndRun(
      Net(kTwoChannelDims, R"(
      layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
              convolution_param { num_output: 2 kernel_size: 1 } }
      layer { name: "bn" type: "BatchNorm" bottom: "conv" top: "conv" }
      layer { name: "scale" type: "Scale" bottom: "conv" top: "conv" })"),
      Weights({{"conv", {{1, 0, 0, 1}, {0.5, 0}}}, {"bn", kBatchNormBlobs}, {"scale", {{3, 0.5}}}}),
      kTwoChannels, &model);
  EXPECT_THAT(OpTypes(model), ElementsAre("Conv"));
  EXPECT_THAT(y.values(),
              Pointwise(FloatNear(1e-5), BatchNormScale({-1.5, 1.5, -4, 3}, {3, 0.5f}, {0, 0})));
}

TEST(CaffeImporterLayersTest, BatchNormErrors) {
  const std::string net = Net(kTwoChannelDims, R"(
      layer { name: "bn" type: "BatchNorm" bottom: "data" top: "bn"
              batch_norm_param { use_global_stats: false } })");
  EXPECT_THAT(ImportError(net, Weights({{"bn", kBatchNormBlobs}})),
              HasSubstr("BatchNorm layer 'bn': use_global_stats false"));
  EXPECT_THAT(ImportError(Net(kTwoChannelDims, R"(
      layer { name: "bn" type: "BatchNorm" bottom: "data" top: "bn" })"),
                          Weights({{"bn", {{1, 2}, {1, 1}}}})),
              HasSubstr("BatchNorm layer 'bn': has 2 weight blobs in net.caffemodel, needs 3"));
  EXPECT_THAT(ImportError(Net(kTwoChannelDims, R"(
      layer { name: "s" type: "Scale" bottom: "data" top: "s" scale_param { axis: 2 } })"),
                          Weights({{"s", {{1}}}})),
              HasSubstr("Scale layer 's': only axis 1 with num_axes 1 is supported"));
}

}  // namespace
}  // namespace sentio::cnn::import
