#include "cnn/import/darknet_importer.h"

#include <cmath>
#include <cstring>
#include <random>
#include <string>

#include "base/file_reading.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/transforms/load_transforms.h"
#include "gmock/gmock.h"
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

constexpr char kModels[] = "external/shared_data/models/";

// A .weights file (version 0.2) holding `values`.
std::string WeightsFile(const std::vector<float>& values) {
  std::string bytes;
  const int32_t header[3] = {0, 2, 0};
  const int64_t seen = 0;
  bytes.append(reinterpret_cast<const char*>(header), sizeof(header));
  bytes.append(reinterpret_cast<const char*>(&seen), sizeof(seen));
  bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  return bytes;
}

// `count` values in [0.1, 1): positive, so that batch norm variances are valid.
std::vector<float> RandomWeights(int64_t count) {
  std::mt19937 random(7);
  std::uniform_real_distribution<float> uniform(0.1f, 1.0f);
  std::vector<float> values(count);
  for (float& value : values) value = uniform(random);
  return values;
}

int CountOps(const cnn::Model& model, const std::string& op) {
  int count = 0;
  for (const cnn::Node& node : model.node()) count += node.op_type() == op;
  return count;
}

// The model's first output for the input `values` of `shape`, run on the reference engine.
std::vector<float> RunFirstOutput(const cnn::Model& model, const Shape& shape,
                                  std::vector<float> values) {
  ReferenceEngine engine;
  const absl::Status loaded = engine.Load(model);
  EXPECT_TRUE(loaded.ok()) << loaded;
  absl::StatusOr<TensorMap> outputs =
      engine.Run({{"data", Tensor::FromValues(shape, std::move(values)).value()}});
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  return outputs.ok() ? outputs->at(model.output(0).name()).values() : std::vector<float>();
}

// Layers of every kind the small detectors use; 290 weights.
constexpr char kTinyDetector[] = R"([net]
width=4
height=4
channels=2

[convolutional]
batch_normalize=1
filters=4
size=3
stride=1
pad=1
activation=leaky

[maxpool]
size=2
stride=1

[convolutional]
filters=4
groups=4
size=3
pad=1
activation=linear

[dropout]
probability=.1

[shortcut]
from=-4
activation=leaky

[route]
layers=-1,0

[convolutional]
filters=12
size=1
activation=linear

[yolo]
mask=1,2
anchors=1,2, 3,4, 5,6
classes=1
num=3
jitter=.3

[route]
layers=-3

[upsample]
stride=2

[convolutional]
filters=6
size=1
activation=linear

[yolo]
mask=0
anchors=1,2, 3,4, 5,6
classes=1
num=3
scale_x_y=1.05
)";
constexpr int64_t kTinyDetectorWeights = 290;

TEST(DarknetImporterTest, ImportsADetectorWithTwoYoloHeads) {
  absl::StatusOr<cnn::Model> model = ImportDarknet(
      kTinyDetector, WeightsFile(RandomWeights(kTinyDetectorWeights)), "tiny.cfg", "tiny.weights");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(CountOps(*model, "BatchNormalization"), 1);  // the importer only translates
  ASSERT_TRUE(RunLoadTransforms(*model).ok());            // as the loader does after it
  EXPECT_EQ(model->name(), "tiny");
  EXPECT_EQ(model->source(), "darknet:tiny.cfg");
  EXPECT_THAT(model->input(0).dims(), ElementsAre(1, 2, 4, 4));
  ASSERT_EQ(model->output_size(), 2);
  EXPECT_EQ(model->output(0).name(), "conv_6");
  EXPECT_THAT(model->output(0).dims(), ElementsAre(1, 12, 4, 4));
  EXPECT_THAT(model->output(1).dims(), ElementsAre(1, 6, 8, 8));
  EXPECT_EQ(CountOps(*model, "BatchNormalization"), 0);  // folded into the convolution
  EXPECT_EQ(CountOps(*model, "LeakyRelu"), 2);
  EXPECT_EQ(CountOps(*model, "Upsample"), 1);

  ASSERT_EQ(model->yolo_head_size(), 2);
  const cnn::YoloHead& first = model->yolo_head(0);
  EXPECT_EQ(first.kind(), cnn::YoloHead::YOLO);
  EXPECT_EQ(first.output(), "conv_6");
  EXPECT_THAT(first.anchors(), ElementsAre(3, 4, 5, 6));
  EXPECT_THAT(first.mask(), ElementsAre(1, 2));
  EXPECT_EQ(first.classes(), 1);
  EXPECT_EQ(first.input_width(), 4);
  EXPECT_FLOAT_EQ(first.scale_x_y(), 1.0f);
  EXPECT_THAT(model->yolo_head(1).anchors(), ElementsAre(1, 2));
  EXPECT_FLOAT_EQ(model->yolo_head(1).scale_x_y(), 1.05f);

  EXPECT_EQ(RunFirstOutput(*model, {1, 2, 4, 4}, RandomWeights(32)).size(), 12u * 4 * 4);

  absl::StatusOr<DarknetCfgInspection> inspection = InspectDarknetCfg(kTinyDetector, "tiny.cfg");
  ASSERT_TRUE(inspection.ok()) << inspection.status();
  EXPECT_EQ(inspection->weight_count, kTinyDetectorWeights);
}

TEST(DarknetImporterTest, BatchNormAndLeakyFollowDarknet) {
  constexpr char kCfg[] =
      "[net]\nwidth=2\nheight=1\nchannels=1\n"
      "[convolutional]\nbatch_normalize=1\nfilters=1\nsize=1\nactivation=leaky\n";
  // bias, scale, mean, variance, weight.
  absl::StatusOr<cnn::Model> model =
      ImportDarknet(kCfg, WeightsFile({0.5f, 2.0f, 1.0f, 3.0f, 1.5f}), "bn.cfg", "bn.weights");
  ASSERT_TRUE(model.ok()) << model.status();
  const double norm = std::sqrt(3.0 + 1e-6);
  const float positive = static_cast<float>((1.5 - 1) / norm * 2 + 0.5);
  const float negative = static_cast<float>(((-4.5 - 1) / norm * 2 + 0.5) * 0.1);
  EXPECT_THAT(RunFirstOutput(*model, {1, 1, 1, 2}, {1.0f, -3.0f}),
              Pointwise(FloatNear(1e-5), std::vector<float>{positive, negative}));
}

TEST(DarknetImporterTest, ConnectedSoftmaxAndDarknetMaxpoolSizes) {
  constexpr char kCfg[] =
      "[net]\nwidth=5\nheight=5\nchannels=1\n"
      "[maxpool]\nsize=2\nstride=2\n"     // (5 + 1 - 2) / 2 + 1 = 3
      "[maxpool]\nsize=3\nstride=1\n"     // padding 2 keeps 3
      "[connected]\noutput=2\nactivation=linear\n"
      "[softmax]\n";
  absl::StatusOr<DarknetCfgInspection> inspection = InspectDarknetCfg(kCfg, "fc.cfg");
  ASSERT_TRUE(inspection.ok()) << inspection.status();
  EXPECT_EQ(inspection->weight_count, 2 + 2 * 9);
  EXPECT_THAT(inspection->graph.output(0).dims(), ElementsAre(1, 2));

  std::vector<float> weights = {0.0f, 1.0f};  // biases
  for (int i = 0; i < 18; ++i) weights.push_back(i == 0 ? 1.0f : 0.0f);
  absl::StatusOr<cnn::Model> model = ImportDarknet(kCfg, WeightsFile(weights), "fc.cfg", "fc.weights");
  ASSERT_TRUE(model.ok()) << model.status();
  std::vector<float> image(25, 0.0f);
  image[0] = 1.0f;  // the top-left maximum: 1 after both poolings, so logits [1, 1]
  EXPECT_THAT(RunFirstOutput(*model, {1, 1, 5, 5}, image),
              Pointwise(FloatNear(1e-6), std::vector<float>{0.5f, 0.5f}));
}

TEST(DarknetImporterTest, CropTakesTheCentreAndMapsToMinusOneOne) {
  constexpr char kCfg[] =
      "[net]\nwidth=5\nheight=4\nchannels=1\n"
      "[crop]\ncrop_height=2\ncrop_width=2\nflip=1\n";
  absl::StatusOr<cnn::Model> model = ImportDarknet(kCfg, WeightsFile({}), "crop.cfg", "c.weights");
  ASSERT_TRUE(model.ok()) << model.status();
  std::vector<float> image(20);
  for (int i = 0; i < 20; ++i) image[i] = i;
  // Rows 1-2 (margin 2), columns 1-2 (margin 3, offset 1).
  EXPECT_THAT(RunFirstOutput(*model, {1, 1, 4, 5}, image),
              ElementsAre(6 * 2 - 1, 7 * 2 - 1, 11 * 2 - 1, 12 * 2 - 1));
}

TEST(DarknetImporterTest, ShortcutFromALargerLayerSamplesItsFirstChannels) {
  constexpr char kCfg[] =
      "[net]\nwidth=4\nheight=4\nchannels=1\n"
      "[maxpool]\nsize=1\n"  // a copy of the input
      "[maxpool]\nsize=2\nstride=2\n"
      "[convolutional]\nfilters=2\nsize=1\nactivation=linear\n"
      "[shortcut]\nfrom=-3\n";
  // Biases 0, 0; weights 1, 2.
  absl::StatusOr<cnn::Model> model =
      ImportDarknet(kCfg, WeightsFile({0, 0, 1, 2}), "res.cfg", "res.weights");
  ASSERT_TRUE(model.ok()) << model.status();
  std::vector<float> image(16);
  for (int i = 0; i < 16; ++i) image[i] = i;
  // Pooled [5, 7, 13, 15]; the input sampled at even rows and columns [0, 2, 8, 10] goes to
  // channel 0 only.
  EXPECT_THAT(RunFirstOutput(*model, {1, 1, 4, 4}, image),
              ElementsAre(5, 9, 21, 25, 10, 14, 26, 30));
}

TEST(DarknetImporterTest, RouteGroupsAndLogisticActivation) {
  constexpr char kCfg[] =
      "[net]\nwidth=1\nheight=1\nchannels=4\n"
      "[maxpool]\nsize=1\n"                             // a copy of the input
      "[route]\nlayers=-1\ngroups=2\ngroup_id=1\n"  // channels 2 and 3
      "[convolutional]\nfilters=1\nsize=1\n";          // logistic by default
  // Bias 0; weights 1, -1.
  absl::StatusOr<cnn::Model> model =
      ImportDarknet(kCfg, WeightsFile({0, 1, -1}), "group.cfg", "group.weights");
  ASSERT_TRUE(model.ok()) << model.status();
  // logistic(3 - 1) from the input channels [5, 9, 3, 1].
  EXPECT_THAT(RunFirstOutput(*model, {1, 4, 1, 1}, {5, 9, 3, 1}),
              Pointwise(FloatNear(1e-6), std::vector<float>{1 / (1 + std::exp(-2.0f))}));
}

TEST(DarknetImporterTest, YoloFastestImports) {
  absl::StatusOr<cnn::Model> model =
      ImportDarknetFiles(std::string(kModels) + "yolo-fastest-1.1_body.cfg",
                         std::string(kModels) + "yolo-fastest-1.1_body.weights");
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_TRUE(RunLoadTransforms(*model).ok());
  ASSERT_EQ(model->output_size(), 2);
  EXPECT_THAT(model->output(0).dims(), ElementsAre(1, 18, 10, 10));
  EXPECT_THAT(model->output(1).dims(), ElementsAre(1, 18, 20, 20));
  EXPECT_EQ(CountOps(*model, "BatchNormalization"), 0);
  ASSERT_EQ(model->yolo_head_size(), 2);
  EXPECT_THAT(model->yolo_head(0).anchors(), ElementsAre(64, 187, 123, 211, 227, 264));
  EXPECT_THAT(model->yolo_head(1).anchors(), ElementsAre(7, 17, 20, 50, 45, 99));
  EXPECT_EQ(model->yolo_head(1).input_width(), 320);
}

TEST(DarknetImporterTest, ReferenceCfgsImportWithTheirWeightCounts) {
  struct Case {
    const char* file;
    std::vector<int64_t> output;
  };
  const Case cases[] = {
      {"alexnet.cfg", {1, 1000}},        {"darknet19.cfg", {1, 1000}},
      {"resnet18.cfg", {1, 1000}},       {"vgg-16.cfg", {1, 1000}},
      {"yolov2-tiny-voc.cfg", {1, 125, 13, 13}}, {"yolov3-tiny.cfg", {1, 255, 13, 13}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string path = std::string(kModels) + "darknet-cfg/" + c.file;
    absl::StatusOr<std::string> text = ReadWholeFile(path);
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<DarknetCfgInspection> inspection = InspectDarknetCfg(*text, path);
    ASSERT_TRUE(inspection.ok()) << inspection.status();
    EXPECT_THAT(inspection->graph.output(0).dims(), testing::ElementsAreArray(c.output));
  }
  // The published yolov3-tiny.weights is 35434956 bytes: a 20-byte header and 8858734 floats.
  absl::StatusOr<std::string> tiny = ReadWholeFile(std::string(kModels) + "darknet-cfg/yolov3-tiny.cfg");
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(InspectDarknetCfg(*tiny, "yolov3-tiny.cfg")->weight_count, 8858734);
  EXPECT_EQ(InspectDarknetCfg(*tiny, "yolov3-tiny.cfg")->graph.output(1).dims(1), 255);
}

// The error of importing `cfg` with `weight_count` random weights.
std::string ImportError(const std::string& cfg, int64_t weight_count = 0) {
  absl::StatusOr<cnn::Model> model =
      ImportDarknet(cfg, WeightsFile(RandomWeights(weight_count)), "bad.cfg", "bad.weights");
  EXPECT_FALSE(model.ok());
  return std::string(model.status().message());
}

TEST(DarknetImporterTest, ShortAndLongWeightsNameTheLayer) {
  EXPECT_THAT(ImportError(kTinyDetector, kTinyDetectorWeights - 1),
              HasSubstr("bad.weights: layer 10 [convolutional] at bad.cfg:53: its weights need 48 "
                        "floats, only 47 are left"));
  EXPECT_THAT(ImportError(kTinyDetector, 4 + 3),
              HasSubstr("layer 0 [convolutional] at bad.cfg:6: its batch norm scales need 4"));
  EXPECT_THAT(ImportError(kTinyDetector, kTinyDetectorWeights + 1),
              HasSubstr("4 bytes are left after the last layer (layer 11 [yolo])"));
  absl::StatusOr<cnn::Model> no_header = ImportDarknet(kTinyDetector, "", "t.cfg", "t.weights");
  EXPECT_THAT(no_header.status().message(), HasSubstr("t.weights: 0 bytes are too few"));
}

constexpr char kNet[] = "[net]\nwidth=8\nheight=8\nchannels=3\n";  // 4 lines

TEST(DarknetImporterTest, CfgErrorsNameFileAndLine) {
  EXPECT_THAT(ImportError(std::string(kNet) + "[lstm]\noutput=3\n"),
              HasSubstr("bad.cfg:5: [lstm] unknown layer type 'lstm'"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[maxpool]\nsize=2\nwibble=1\n"),
              HasSubstr("bad.cfg:7: unknown key 'wibble' in [maxpool]"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[route]\nlayers=-2\n"),
              HasSubstr("bad.cfg:6: [route] layer 0 reads layer -2, which does not come before"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[maxpool]\n[route]\nlayers=1\n"),
              HasSubstr("bad.cfg:7: [route] layer 1 reads layer 1"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[shortcut]\nfrom=-3\n"),
              HasSubstr("which does not come before"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[route]\nlayers=-1\n"),
              HasSubstr("bad.cfg:6: [route] layer 0 reads layer -1, which does not come before"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[convolutional]\nfilters=2\nsize=-3\n"),
              HasSubstr("bad.cfg:7: [convolutional] size must be positive"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[convolutional]\nfilters=0\n"),
              HasSubstr("bad.cfg:6: [convolutional] filters must be positive"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[convolutional]\nsize=3\n"),
              HasSubstr("bad.cfg:5: [convolutional] needs 'filters'"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[maxpool]\nsize=2\nstride=-1\n"),
              HasSubstr("stride must be positive"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[maxpool]\nsize=2\npadding=-1\n"),
              HasSubstr("padding must not be negative"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[upsample]\nstride=-2\n"),
              HasSubstr("downsampling is not supported"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[crop]\ncrop_height=9\ncrop_width=2\n"),
              HasSubstr("crop 9x2 does not fit the input [1,3,8,8]"));
  EXPECT_THAT(ImportError("[net]\nwidth=-8\nheight=8\nchannels=3\n[maxpool]\n"),
              HasSubstr("bad.cfg:1: [net] width, height and channels must be positive"));
  EXPECT_THAT(ImportError("[convolutional]\nfilters=1\n"),
              HasSubstr("bad.cfg:1: [convolutional] the first section must be [net]"));
  EXPECT_THAT(ImportError(kNet), HasSubstr("no layers after [net]"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[maxpool]\nsize=x\n"),
              HasSubstr("bad.cfg:6: [maxpool] size=x is not an integer"));
}

TEST(DarknetImporterTest, UnsupportedOrInconsistentLayersAreErrors) {
  EXPECT_THAT(ImportError(std::string(kNet) + "[convolutional]\nfilters=2\nactivation=mish\n", 8),
              HasSubstr("bad.cfg:7: [convolutional] activation 'mish' is not supported"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[convolutional]\nfilters=2\ngroups=2\n"),
              HasSubstr("groups=2 does not divide the 3 input channels"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[maxpool]\n[route]\nlayers=0\ngroups=2\n"),
              HasSubstr("bad.cfg:8: [route] groups=2 does not divide the 3 channels of layer 0"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[maxpool]\n[route]\nlayers=0\ngroups=2\ngroup_id=2\n"),
              HasSubstr("group_id=2 is not one of groups=2"));
  EXPECT_THAT(ImportError(std::string(kNet) +
                          "[maxpool]\nsize=1\n[maxpool]\nsize=3\nstride=3\n[shortcut]\nfrom=-2\n"),
              HasSubstr("adds [1,3,8,8] to [1,3,3,3]: the sizes must be equal or a multiple"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[maxpool]\nstride=2\n[shortcut]\nfrom=-1\nfrom=-2\n"),
              HasSubstr("key 'from' appears twice"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[yolo]\nmask=0\nanchors=1,2\nnum=1\nclasses=1\n"),
              HasSubstr("[yolo] reads [1,3,8,8], expected 6 channels: 1 anchors of 1 classes"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[yolo]\nmask=3\nanchors=1,2\nnum=1\n"),
              HasSubstr("mask 3 is not an anchor index below num=1"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[yolo]\nanchors=1,2,3\nnum=2\n"),
              HasSubstr("needs num=2 (width, height) pairs, has 3 numbers"));
  EXPECT_THAT(ImportError(std::string(kNet) +
                          "[convolutional]\nfilters=6\nactivation=linear\n"
                          "[yolo]\nmask=0\nanchors=1,2\nnum=1\nclasses=1\n"
                          "[convolutional]\nfilters=1\n", 6 * 3 + 6),
              HasSubstr("layer 2 reads layer 1, a detection head"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[region]\nanchors=1,2\nnum=1\nclasses=1\n"),
              HasSubstr("only softmax=1 is supported"));
  // Sizes that would overflow or make the importer allocate without bound.
  EXPECT_THAT(InspectDarknetCfg(std::string(kNet) +
                                    "[convolutional]\nfilters=2000000000\nsize=2000000000\n",
                                "big.cfg")
                  .status()
                  .message(),
              HasSubstr("big.cfg:5: [convolutional] shape [2000000000,3,2000000000,2000000000] has "
                        "too many elements"));
  EXPECT_THAT(ImportError(std::string(kNet) + "[maxpool]\nsize=-2147483648\n"),
              HasSubstr("size must be positive"));
  EXPECT_THAT(ImportError(std::string(kNet) +
                          "[yolo]\nmask=0\nanchors=1,2\nnum=1\nclasses=2147483647\n"),
              HasSubstr("expected 2147483652 channels"));
  EXPECT_THAT(ImportError("[net]\nwidth=9001\nheight=9001\nchannels=3\n"
                          "[crop]\ncrop_height=2\ncrop_width=2\n"),
              HasSubstr("crop margins of [1,3,9001,9001] are too large"));
  EXPECT_THAT(ImportError(std::string(kNet) +
                              "[connected]\noutput=2\n[crop]\ncrop_height=1\ncrop_width=1\n",
                          2 + 2 * 192),
              HasSubstr("does not fit the input [1,2]"));
  EXPECT_THAT(ImportError(std::string(kNet) +
                              "[maxpool]\nsize=1\n[connected]\noutput=2\nactivation=linear\n"
                              "[shortcut]\nfrom=-2\n",
                          2 + 2 * 192),
              HasSubstr("the sizes must be equal or a multiple"));
}

}  // namespace
}  // namespace sentio::cnn::import
