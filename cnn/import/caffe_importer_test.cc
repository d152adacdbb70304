#include "cnn/import/caffe_importer.h"

#include <fstream>

#include "cnn/engine/reference_engine.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {

using engine::ReferenceEngine;
using engine::TensorMap;

namespace {

using ::testing::ElementsAre;
using ::testing::FloatNear;
using ::testing::HasSubstr;

caffe::NetParameter ParseNet(const std::string& text) {
  caffe::NetParameter net;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &net)) << text;
  return net;
}

// Trained weights: for each named layer, blobs filled with `value` in the counts given.
caffe::NetParameter Weights(const std::vector<std::pair<std::string, std::vector<int>>>& layers,
                            float value) {
  caffe::NetParameter weights;
  for (const auto& [name, counts] : layers) {
    caffe::LayerParameter& layer = *weights.add_layer();
    layer.set_name(name);
    for (int count : counts) {
      caffe::BlobProto& blob = *layer.add_blobs();
      for (int i = 0; i < count; ++i) blob.add_data(value);
    }
  }
  return weights;
}

constexpr char kSmallNet[] = R"(
name: "Small"
layer { name: "data" type: "Input" top: "data"
        input_param { shape: { dim: 2 dim: 1 dim: 5 dim: 5 } } }
layer { name: "train_only" type: "Data" top: "data" include { phase: TRAIN } }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
        param { lr_mult: 1 } param { lr_mult: 2 }
        convolution_param { num_output: 2 kernel_size: 3 pad: 1 stride: 2
                            weight_filler { type: "xavier" } } }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1"
        pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "ip1" type: "InnerProduct" bottom: "pool1" top: "ip1"
        inner_product_param { num_output: 3 } }
layer { name: "relu1" type: "ReLU" bottom: "ip1" top: "ip1" }
layer { name: "drop1" type: "Dropout" bottom: "ip1" top: "ip1"
        dropout_param { dropout_ratio: 0.5 } }
layer { name: "prob" type: "Softmax" bottom: "ip1" top: "prob" }
)";

caffe::NetParameter SmallWeights() {
  return Weights({{"conv1", {2 * 1 * 3 * 3, 2}}, {"ip1", {3 * 8, 3}}}, 0.1f);
}

std::vector<std::string> OpTypes(const cnn::Model& model) {
  std::vector<std::string> ops;
  for (const cnn::Node& node : model.node()) ops.push_back(node.op_type());
  return ops;
}

TEST(CaffeImporterTest, ImportsTheLayersWithCaffeShapes) {
  absl::StatusOr<cnn::Model> model =
      ImportCaffeNet(ParseNet(kSmallNet), SmallWeights(), "small.prototxt", "small.caffemodel");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->name(), "Small");
  EXPECT_THAT(OpTypes(*model), ElementsAre("Conv", "MaxPool", "Flatten", "Gemm", "Relu", "Softmax"));
  EXPECT_THAT(model->input(0).dims(), ElementsAre(2, 1, 5, 5));
  // conv1: 5 -> 3; pool1 rounds 3 / 2 up to 2 as Caffe does.
  EXPECT_THAT(model->value_info(0).dims(), ElementsAre(2, 2, 3, 3));
  EXPECT_THAT(model->value_info(1).dims(), ElementsAre(2, 2, 2, 2));
  ASSERT_EQ(model->output_size(), 1);
  EXPECT_EQ(model->output(0).name(), "prob");
  EXPECT_THAT(model->output(0).dims(), ElementsAre(2, 3));
  EXPECT_THAT(IntsAttribute(model->node(0), "pads", {}).value(), ElementsAre(1, 1, 1, 1));
  EXPECT_EQ(IntAttribute(model->node(1), "ceil_mode", 0).value(), 1);
  EXPECT_EQ(IntAttribute(model->node(3), "transB", 0).value(), 1);

  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(*model).ok());
  absl::StatusOr<TensorMap> outputs =
      engine.Run({{"data", Tensor::FromValues({2, 1, 5, 5}, std::vector<float>(50, 1)).value()}});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  // All weights are equal, so the three classes tie.
  EXPECT_THAT(outputs->at("prob").values(), ::testing::Each(FloatNear(1 / 3.0f, 1e-6)));
}

TEST(CaffeImporterTest, AveragePoolingCountsThePaddedWindowAsCaffeDoes) {
  const caffe::NetParameter net = ParseNet(R"(
    input: "data" input_dim: 1 input_dim: 1 input_dim: 3 input_dim: 3
    layer { name: "pool" type: "Pooling" bottom: "data" top: "pool"
            pooling_param { pool: AVE kernel_size: 2 stride: 2 } })");
  absl::StatusOr<cnn::Model> model = ImportCaffeNet(net, {}, "ave.prototxt", "ave.caffemodel");
  ASSERT_TRUE(model.ok()) << model.status();
  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(*model).ok());
  absl::StatusOr<TensorMap> outputs = engine.Run(
      {{"data", Tensor::FromValues({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}).value()}});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  EXPECT_THAT(outputs->at("pool").values(), ElementsAre(3, 4.5, 7.5, 9));
}

TEST(CaffeImporterTest, UnsupportedLayerIsNamedWithTheFile) {
  const caffe::NetParameter net = ParseNet(R"(
    layer { name: "data" type: "Input" top: "data"
            input_param { shape: { dim: 1 dim: 3 dim: 8 dim: 8 } } }
    layer { name: "crop1" type: "Crop" bottom: "data" bottom: "data" top: "crop1" })");
  EXPECT_THAT(ImportCaffeNet(net, {}, "crop.prototxt", "w.caffemodel").status().message(),
              HasSubstr("crop.prototxt: Crop layer 'crop1': unsupported layer type"));
}

TEST(CaffeImporterTest, MissingAndMisshapenWeightsAreNamed) {
  EXPECT_THAT(ImportCaffeNet(ParseNet(kSmallNet), {}, "small.prototxt", "empty.caffemodel")
                  .status()
                  .message(),
              HasSubstr("Convolution layer 'conv1': has no weights in empty.caffemodel"));
  const caffe::NetParameter short_ip = Weights({{"conv1", {18, 2}}, {"ip1", {23, 3}}}, 0.1f);
  EXPECT_THAT(ImportCaffeNet(ParseNet(kSmallNet), short_ip, "small.prototxt", "short.caffemodel")
                  .status()
                  .message(),
              HasSubstr("InnerProduct layer 'ip1': weight blob 0 in short.caffemodel has 23 "
                        "values, the layer needs [3,8]"));
}

TEST(CaffeImporterTest, UndefinedBottomIsNamed) {
  const caffe::NetParameter net = ParseNet(R"(
    layer { name: "relu" type: "ReLU" bottom: "nothing" top: "relu" })");
  EXPECT_THAT(ImportCaffeNet(net, {}, "dangling.prototxt", "w.caffemodel").status().message(),
              HasSubstr("ReLU layer 'relu': reads blob 'nothing'"));
}

TEST(CaffeImporterTest, FileErrorsNameFileAndLine) {
  const std::string dir = getenv("TEST_TMPDIR");
  std::ofstream(dir + "/broken.prototxt") << "name: \"x\"\nlayer { name: \"a\" type: }\n";
  std::ofstream(dir + "/ok.prototxt") << kSmallNet;
  std::ofstream(dir + "/garbage.caffemodel") << "\x0a\xff\xff\xff\xff garbage";
  EXPECT_THAT(ImportCaffeFiles(dir + "/broken.prototxt", dir + "/garbage.caffemodel")
                  .status()
                  .message(),
              HasSubstr("broken.prototxt:2:"));
  EXPECT_THAT(
      ImportCaffeFiles(dir + "/ok.prototxt", dir + "/garbage.caffemodel").status().message(),
      HasSubstr("garbage.caffemodel: not a Caffe model"));
  EXPECT_THAT(ImportCaffeFiles(dir + "/missing.prototxt", dir + "/garbage.caffemodel")
                  .status()
                  .message(),
              HasSubstr("missing.prototxt"));
}

}  // namespace
}  // namespace sentio::cnn::import
