// What every model goes through at load, whichever way it comes in: weights whose count does not
// fill their shape, shapes that do not fit together, and NaN or infinite weights are refused with
// an error that names the initializer or node and, where known, the file: by the engines' Load
// (reference and CPU), the ONNX and Caffe importers and the native model file reader.
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "cnn/cpu/cpu_engine.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/import/caffe_importer.h"
#include "cnn/import/model_io.h"
#include "cnn/import/onnx_builder_for_test.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/transforms/load_transforms.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {

using cnn::engine::ReferenceEngine;
using cnn::import::ImportCaffeNet;
using cnn::import::ImportOnnxModel;
using cnn::import::OnnxBuilder;
using cnn::import::ReadModelFile;
using cnn::import::WriteModelFile;
using cnn::transforms::RunLoadTransforms;

namespace {

using ::sentio::cnn::cpu::CpuEngine;

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// x [1,4] -> MatMul with w [4,2] -> y, from the file "small.model".
cnn::Model SmallModel(const std::vector<float>& weights) {
  cnn::Model model;
  model.set_source("native:small.model");
  AddInput(model, "x", {1, 4});
  AddWeights(model, "w", {4, 2}, weights);
  AddNode(model, "MatMul", {"x", "w"}, "y");
  AddOutput(model, "y");
  return model;
}

std::vector<float> Eight() { return {1, 2, 3, 4, 5, 6, 7, 8}; }

// The Load error of both CPU-side engines, which must agree.
std::string LoadError(const cnn::Model& model) {
  ReferenceEngine reference;
  CpuEngine cpu;
  const absl::Status reference_status = reference.Load(model);
  const absl::Status cpu_status = cpu.Load(model);
  EXPECT_EQ(reference_status, cpu_status);
  return std::string(reference_status.message());
}

TEST(ModelValidationTest, AValidModelLoads) { EXPECT_EQ(LoadError(SmallModel(Eight())), ""); }

TEST(ModelValidationTest, NanWeightIsNamedWithTheFile) {
  std::vector<float> weights = Eight();
  weights[5] = kNan;
  EXPECT_EQ(LoadError(SmallModel(weights)),
            "native:small.model: initializer 'w' holds nan at index 5");
}

TEST(ModelValidationTest, InfiniteWeightsAreNamed) {
  std::vector<float> weights = Eight();
  weights[0] = kInf;
  EXPECT_THAT(LoadError(SmallModel(weights)), HasSubstr("initializer 'w' holds inf at index 0"));
  weights[0] = -kInf;
  EXPECT_THAT(LoadError(SmallModel(weights)), HasSubstr("initializer 'w' holds -inf at index 0"));
}

TEST(ModelValidationTest, WeightCountThatDoesNotFillTheShapeIsNamed) {
  EXPECT_EQ(LoadError(SmallModel({1, 2, 3})),
            "native:small.model: initializer 'w' of shape [4,2] has 3 values");
  std::vector<float> nine = Eight();
  nine.push_back(9);
  EXPECT_THAT(LoadError(SmallModel(nine)),
              HasSubstr("initializer 'w' of shape [4,2] has 9 values"));
}

TEST(ModelValidationTest, InconsistentShapesNameTheNode) {
  cnn::Model model = SmallModel(Eight());
  model.mutable_initializer(0)->set_dims(0, 2);
  model.mutable_initializer(0)->set_dims(1, 4);
  EXPECT_EQ(LoadError(model),
            "native:small.model: MatMul node 'y': A [1,4] and B [2,4] do not multiply");

  cnn::Model conv;
  AddInput(conv, "image", {1, 3, 8, 8});
  AddWeights(conv, "kernel", {4, 2, 3, 3}, std::vector<float>(72, 0.5f));
  AddNode(conv, "Conv", {"image", "kernel"}, "features");
  AddOutput(conv, "features");
  EXPECT_EQ(
      LoadError(conv),
      "Conv node 'features': weights [4,2,3,3] with group 1 do not fit an input of 3 channels");
}

TEST(ModelValidationTest, NegativeAndOverflowingShapesAreNamed) {
  cnn::Model model = SmallModel(Eight());
  model.mutable_initializer(0)->set_dims(0, -4);
  EXPECT_THAT(LoadError(model), HasSubstr("initializer 'w' of shape [-4,2] has 8 values"));
  model = SmallModel(Eight());
  model.mutable_input(0)->set_dims(1, int64_t{1} << 62);
  EXPECT_THAT(LoadError(model), HasSubstr("has too many elements"));
}

// 1x1 convolution of x [1,1,4,4] with 2 output channels.
cnn::Model SmallConv() {
  cnn::Model model;
  AddInput(model, "x", {1, 1, 4, 4});
  AddWeights(model, "k", {2, 1, 1, 1}, {1, 2});
  AddNode(model, "Conv", {"x", "k"}, "y");
  AddOutput(model, "y");
  return model;
}

TEST(ModelValidationTest, WindowAttributesThatWouldOverflowAreRefused) {
  cnn::Model model = SmallConv();
  SetIntsAttribute(*model.mutable_node(0), "strides", {int64_t{1} << 40, 1});
  EXPECT_EQ(LoadError(model),
            "Conv node 'y': attribute 'strides' is too large (at most 1073741824)");
  model = SmallConv();
  SetIntsAttribute(*model.mutable_node(0), "pads", {0, 0, std::numeric_limits<int64_t>::max(), 0});
  EXPECT_EQ(LoadError(model), "Conv node 'y': attribute 'pads' is too large (at most 1073741824)");
}

TEST(ModelValidationTest, OutputShapesWithTooManyElementsAreRefused) {
  // Padding of 2^30 on every side: [1, 2, 2^31 + 4, 2^31 + 4] is beyond 2^40 elements.
  cnn::Model model = SmallConv();
  const int64_t pad = int64_t{1} << 30;
  SetIntsAttribute(*model.mutable_node(0), "pads", {pad, pad, pad, pad});
  EXPECT_THAT(LoadError(model), HasSubstr("Conv node 'y': output shape [1,2,2147483652,2147483652] "
                                          "has too many elements"));
}

TEST(ModelValidationTest, OnnxHugeInputAndWindowAreNamedWithTheFile) {
  OnnxBuilder huge_input(13);
  huge_input.Input("x", {1, std::numeric_limits<int64_t>::max(), 28}, false);
  huge_input.Node("Relu", {"x"}, "y");
  huge_input.Output("y");
  EXPECT_THAT(ImportOnnxModel(huge_input.model(), "huge.onnx").status().message(),
              HasSubstr("huge.onnx: graph input 'x': shape [1,9223372036854775807,28] has too many "
                        "elements"));

  OnnxBuilder huge_stride(13);
  huge_stride.Input("x", {1, 1, 4, 4}, false);
  huge_stride.Floats("k", {1, 1, 1, 1}, {1}, false);
  onnx::NodeProto& conv = huge_stride.Node("Conv", {"x", "k"}, "y");
  OnnxBuilder::Ints(conv, "strides", {1, std::numeric_limits<int64_t>::max()});
  OnnxBuilder::String(conv, "auto_pad", "SAME_UPPER");
  huge_stride.Output("y");
  EXPECT_THAT(ImportOnnxModel(huge_stride.model(), "stride.onnx").status().message(),
              HasSubstr("stride.onnx: Conv node 'y_node': kernel_shape, strides or dilations are "
                        "too large"));
}

TEST(ModelValidationTest, CaffeHugeInputIsNamedWithTheFile) {
  caffe::NetParameter net;
  net.add_input("data");
  for (int64_t dim : {int64_t{1}, int64_t{1} << 30, int64_t{1} << 30, int64_t{4}}) {
    net.add_input_dim(dim);
  }
  EXPECT_THAT(ImportCaffeNet(net, {}, "huge.prototxt", "huge.caffemodel").status().message(),
              HasSubstr("huge.prototxt: input 'data': shape [1,1073741824,1073741824,4] has too "
                        "many elements"));
}

TEST(ModelValidationTest, OnnxNanInitializerIsNamedWithTheFile) {
  OnnxBuilder onnx(13);
  onnx.Input("x", {1, 2}, false);
  onnx.Floats("w", {2, 2}, {1, kNan, 3, 4}, true);
  onnx.Node("MatMul", {"x", "w"}, "y");
  onnx.Output("y");
  EXPECT_EQ(ImportOnnxModel(onnx.model(), "nan.onnx").status().message(),
            "nan.onnx: initializer 'w' holds nan at index 1");
}

TEST(ModelValidationTest, OnnxBatchNormWithNegativeVarianceIsCaughtAfterFolding) {
  OnnxBuilder onnx(9);
  onnx.Input("x", {1, 1, 2, 2}, false);
  onnx.Floats("k", {1, 1, 1, 1}, {1}, false);
  for (const char* name : {"scale", "bias", "mean"}) onnx.Floats(name, {1}, {1}, false);
  onnx.Floats("var", {1}, {-2}, false);
  onnx.Node("Conv", {"x", "k"}, "c");
  onnx.Node("BatchNormalization", {"c", "scale", "bias", "mean", "var"}, "y");
  onnx.Output("y");
  // The importer keeps the BatchNormalization node; the loader's passes fold it (cnn/transforms/).
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "bn.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(std::string(RunLoadTransforms(*model).message()),
              AllOf(HasSubstr("initializer"), HasSubstr("holds nan at index 0")));
}

TEST(ModelValidationTest, CaffeInfiniteWeightIsNamedWithTheFiles) {
  caffe::NetParameter net;
  net.add_input("data");
  for (int dim : {1, 4}) net.add_input_dim(dim);
  for (int dim : {1, 1}) net.add_input_dim(dim);
  caffe::LayerParameter& fc = *net.add_layer();
  fc.set_name("fc");
  fc.set_type("InnerProduct");
  fc.add_bottom("data");
  fc.add_top("fc");
  fc.mutable_inner_product_param()->set_num_output(1);
  fc.mutable_inner_product_param()->set_bias_term(false);
  caffe::NetParameter weights;
  caffe::LayerParameter& trained = *weights.add_layer();
  trained.set_name("fc");
  for (float value : {1.0f, 2.0f, kInf, 4.0f}) trained.add_blobs()->add_data(value);
  // Four blobs of one value each: the layer needs one blob of 4 values.
  EXPECT_THAT(
      ImportCaffeNet(net, weights, "fc.prototxt", "fc.caffemodel").status().message(),
      HasSubstr("fc.prototxt: InnerProduct layer 'fc': weight blob 0 in fc.caffemodel has 1 "
                "values, the layer needs [1,4]"));
  trained.clear_blobs();
  caffe::BlobProto& blob = *trained.add_blobs();
  for (float value : {1.0f, 2.0f, kInf, 4.0f}) blob.add_data(value);
  EXPECT_EQ(ImportCaffeNet(net, weights, "fc.prototxt", "fc.caffemodel").status().message(),
            "fc.prototxt: initializer 'fc_weights' holds inf at index 2");
}

TEST(ModelValidationTest, NativeModelFileWithNanWeightIsNamed) {
  std::vector<float> weights = Eight();
  weights[7] = kNan;
  const std::string path = absl::StrCat(getenv("TEST_TMPDIR"), "/nan.model");
  ASSERT_TRUE(WriteModelFile(SmallModel(weights), path).ok());
  EXPECT_EQ(ReadModelFile(path).status().message(),
            absl::StrCat(path, ": initializer 'w' holds nan at index 7"));
}

}  // namespace
}  // namespace sentio
