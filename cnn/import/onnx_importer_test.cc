#include "cnn/import/onnx_importer.h"

#include <cstring>
#include <fstream>

#include "cnn/engine/reference_engine.h"
#include "cnn/import/onnx_builder_for_test.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
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

std::vector<float> Ramp(int count, float start, float step) {
  std::vector<float> values(count);
  for (int i = 0; i < count; ++i) values[i] = start + step * i;
  return values;
}

std::vector<std::string> OpTypes(const cnn::Model& model) {
  std::vector<std::string> ops;
  for (const cnn::Node& node : model.node()) ops.push_back(node.op_type());
  return ops;
}

Tensor RunOne(const cnn::Model& model, const std::string& input, const Tensor& x) {
  ReferenceEngine engine;
  absl::Status loaded = engine.Load(model);
  EXPECT_TRUE(loaded.ok()) << loaded;
  absl::StatusOr<TensorMap> outputs = engine.Run({{input, x}});
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  if (!outputs.ok()) return Tensor();
  return outputs->at(model.output(0).name());
}

const std::vector<float> kBnScale = {0.5f, 2.0f}, kBnBias = {0.1f, -0.2f}, kBnMean = {0.3f, -1.0f},
                         kBnVar = {4.0f, 0.25f};

// Conv (SAME_UPPER) -> BatchNormalization -> Relu -> MaxPool -> Reshape (Constant shape) -> Gemm
// -> Dropout -> Softmax, as an exporter at opset 8 writes it.
OnnxBuilder SmallClassifier() {
  OnnxBuilder onnx(8);
  onnx.Input("image", {1, 1, 5, 5}, true);
  onnx.Floats("conv_w", {2, 1, 3, 3}, Ramp(18, -0.4f, 0.05f), false);
  onnx.Floats("bn_scale", {2}, kBnScale, true);
  onnx.Floats("bn_bias", {2}, kBnBias, true);
  onnx.Floats("bn_mean", {2}, kBnMean, true);
  onnx.Floats("bn_var", {2}, kBnVar, true);
  onnx.Floats("fc_w", {18, 3}, Ramp(54, 0.3f, -0.01f), true);
  onnx.Floats("fc_b", {3}, {0.1f, 0.2f, 0.3f}, false);
  onnx::NodeProto& conv = onnx.Node("Conv", {"image", "conv_w"}, "conv");
  OnnxBuilder::Ints(conv, "kernel_shape", {3, 3});
  OnnxBuilder::Ints(conv, "strides", {2, 2});
  OnnxBuilder::String(conv, "auto_pad", "SAME_UPPER");
  onnx::NodeProto& bn =
      onnx.Node("BatchNormalization", {"conv", "bn_scale", "bn_bias", "bn_mean", "bn_var"}, "bn");
  OnnxBuilder::Float(bn, "epsilon", 1e-3f);
  onnx.Node("Relu", {"bn"}, "relu");
  onnx::NodeProto& pool = onnx.Node("MaxPool", {"relu"}, "pool");
  OnnxBuilder::Ints(pool, "kernel_shape", {2, 2});
  OnnxBuilder::Ints(pool, "strides", {1, 1});
  OnnxBuilder::Ints(pool, "pads", {0, 0, 1, 1});
  onnx.IntConstant("shape", {1, -1});
  onnx.Node("Reshape", {"pool", "shape"}, "flat");
  onnx.Node("Gemm", {"flat", "fc_w", "fc_b"}, "logits");
  onnx.Node("Dropout", {"logits"}, "dropped");
  onnx::NodeProto& softmax = onnx.Node("Softmax", {"dropped"}, "probabilities");
  OnnxBuilder::Int(softmax, "axis", 1);
  onnx.Output("probabilities");
  return onnx;
}

// The same network written directly in the IR, BatchNormalization kept.
cnn::Model SmallClassifierByHand() {
  cnn::Model model;
  AddInput(model, "image", {1, 1, 5, 5});
  AddWeights(model, "conv_w", {2, 1, 3, 3}, Ramp(18, -0.4f, 0.05f));
  AddWeights(model, "bn_scale", {2}, kBnScale);
  AddWeights(model, "bn_bias", {2}, kBnBias);
  AddWeights(model, "bn_mean", {2}, kBnMean);
  AddWeights(model, "bn_var", {2}, kBnVar);
  AddWeights(model, "fc_w", {18, 3}, Ramp(54, 0.3f, -0.01f));
  AddWeights(model, "fc_b", {3}, {0.1f, 0.2f, 0.3f});
  cnn::Node& conv = AddNode(model, "Conv", {"image", "conv_w"}, "conv");
  SetIntsAttribute(conv, "strides", {2, 2});
  SetIntsAttribute(conv, "pads", {1, 1, 1, 1});
  SetFloatAttribute(AddNode(model, "BatchNormalization",
                            {"conv", "bn_scale", "bn_bias", "bn_mean", "bn_var"}, "bn"),
                    "epsilon", 1e-3f);
  AddNode(model, "Relu", {"bn"}, "relu");
  cnn::Node& pool = AddNode(model, "MaxPool", {"relu"}, "pool");
  SetIntsAttribute(pool, "kernel_shape", {2, 2});
  SetIntsAttribute(pool, "pads", {0, 0, 1, 1});
  SetIntAttribute(AddNode(model, "Flatten", {"pool"}, "flat"), "axis", 1);
  AddNode(model, "Gemm", {"flat", "fc_w", "fc_b"}, "logits");
  SetIntAttribute(AddNode(model, "Softmax", {"logits"}, "probabilities"), "axis", 1);
  AddOutput(model, "probabilities");
  return model;
}

TEST(OnnxImporterTest, ImportsFoldsBatchNormAndMatchesTheNetworkWrittenByHand) {
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(SmallClassifier().model(), "small.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("Conv", "BatchNormalization", "Relu", "MaxPool",
                                           "Reshape", "Gemm", "Softmax"));
  // The loader folds the batch norm after any importer (cnn/transforms/load_transforms.h).
  ASSERT_TRUE(RunLoadTransforms(*model).ok());
  EXPECT_THAT(OpTypes(*model), ElementsAre("Conv", "Relu", "MaxPool", "Reshape", "Gemm", "Softmax"));
  EXPECT_EQ(model->source(), "onnx:small.onnx");
  EXPECT_THAT(model->input(0).dims(), ElementsAre(1, 1, 5, 5));
  EXPECT_THAT(model->output(0).dims(), ElementsAre(1, 3));
  // SAME_UPPER with stride 2 on 5 pixels pads one on each side.
  EXPECT_THAT(IntsAttribute(model->node(0), "pads", {}).value(), ElementsAre(1, 1, 1, 1));
  // The folded convolution has a bias now; the BatchNormalization weights are gone.
  EXPECT_EQ(model->node(0).input_size(), 3);
  for (const cnn::TensorData& weights : model->initializer()) {
    EXPECT_NE(weights.name(), "bn_scale");
  }

  const Tensor image = Tensor::FromValues({1, 1, 5, 5}, Ramp(25, -1.0f, 0.09f)).value();
  const Tensor imported = RunOne(*model, "image", image);
  const Tensor by_hand = RunOne(SmallClassifierByHand(), "image", image);
  EXPECT_THAT(imported.values(), Pointwise(FloatNear(1e-6), by_hand.values()));
}

TEST(OnnxImporterTest, ConstantInputsAreFoldedAway) {
  OnnxBuilder onnx(8);
  onnx.Input("x", {1, 4}, false);
  onnx.Floats("w", {2, 2}, {1, 2, 3, 4}, false);
  onnx.IntConstant("shape", {4, 1});
  onnx.Node("Reshape", {"w", "shape"}, "w_column");
  onnx.Node("MatMul", {"x", "w_column"}, "y");
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "fold.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("MatMul"));
  ASSERT_EQ(model->initializer_size(), 1);
  EXPECT_THAT(model->initializer(0).dims(), ElementsAre(4, 1));
  const Tensor y = RunOne(*model, "x", Tensor::FromValues({1, 4}, {1, 1, 1, 1}).value());
  EXPECT_THAT(y.values(), ElementsAre(10));
}

TEST(OnnxImporterTest, OldSoftmaxOnAnInnerAxisWorksOnTheFlattenedInput) {
  OnnxBuilder onnx(11);
  onnx.Input("x", {1, 2, 1, 2}, false);
  OnnxBuilder::Int(onnx.Node("Softmax", {"x"}, "y"), "axis", 1);
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "softmax.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  const Tensor y = RunOne(*model, "x", Tensor::FromValues({1, 2, 1, 2}, {0, 0, 0, 0}).value());
  EXPECT_THAT(y.shape(), ElementsAre(1, 2, 1, 2));
  EXPECT_THAT(y.values(), Pointwise(FloatNear(1e-6), {0.25f, 0.25f, 0.25f, 0.25f}));
}

TEST(OnnxImporterTest, Opset13SoftmaxUsesOneAxis) {
  OnnxBuilder onnx(13);
  onnx.Input("x", {1, 2, 1, 2}, false);
  OnnxBuilder::Int(onnx.Node("Softmax", {"x"}, "y"), "axis", 1);
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "softmax13.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  const Tensor y = RunOne(*model, "x", Tensor::FromValues({1, 2, 1, 2}, {0, 0, 0, 0}).value());
  EXPECT_THAT(y.values(), Pointwise(FloatNear(1e-6), {0.5f, 0.5f, 0.5f, 0.5f}));
}

TEST(OnnxImporterTest, UnsupportedOpIsNamedWithNodeAndFile) {
  OnnxBuilder onnx(9);
  onnx.Input("x", {1, 4}, false);
  onnx.Node("LSTM", {"x"}, "y");
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "rnn.onnx");
  ASSERT_FALSE(model.ok());
  EXPECT_THAT(model.status().message(), HasSubstr("rnn.onnx: LSTM node 'y_node': unsupported op"));
}

TEST(OnnxImporterTest, AttributesAnOpDoesNotTakeAreRefusedByName) {
  OnnxBuilder onnx(13);
  onnx.Input("x", {1, 1, 4, 4}, false);
  onnx.Floats("w", {1, 1, 1, 1}, {2.0f}, false);
  OnnxBuilder::Int(onnx.Node("Conv", {"x", "w"}, "y"), "groups", 1);  // a typo of "group"
  onnx.Output("y");
  EXPECT_THAT(ImportOnnxModel(onnx.model(), "typo.onnx").status().message(),
              HasSubstr("typo.onnx: Conv node 'y_node': attribute 'groups' is not supported; Conv "
                        "takes auto_pad, dilations, group, kernel_shape, pads, strides"));

  OnnxBuilder relu(13);
  relu.Input("x", {1, 4}, false);
  OnnxBuilder::Float(relu.Node("Relu", {"x"}, "y"), "alpha", 0.1f);
  relu.Output("y");
  EXPECT_THAT(ImportOnnxModel(relu.model(), "relu.onnx").status().message(),
              HasSubstr("attribute 'alpha' is not supported; Relu takes none"));
}

TEST(OnnxImporterTest, ConstantInputsAreAttributesOnlyInTheOpsetsBeforeThem) {
  // Clip's bounds: attributes up to opset 10, inputs from 11.
  for (const int64_t opset : {6, 11}) {
    OnnxBuilder onnx(opset);
    onnx.Input("x", {1, 4}, false);
    onnx::NodeProto& clip = onnx.Node("Clip", {"x"}, "y");
    OnnxBuilder::Float(clip, "min", 0.0f);
    OnnxBuilder::Float(clip, "max", 1.0f);
    OnnxBuilder::Ints(clip, "consumed_inputs", {0});  // opsets 1-5's in-place hint: no meaning
    onnx.Output("y");
    absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "clip.onnx");
    if (opset < 11) {
      ASSERT_TRUE(model.ok()) << model.status();
    } else {
      EXPECT_THAT(model.status().message(), HasSubstr("attribute 'min' is not supported"));
    }
  }
}

TEST(OnnxImporterTest, OpsetsAboveTwentyOneAreRejected) {
  OnnxBuilder onnx(22);
  onnx.Input("x", {1, 4}, false);
  onnx.Node("Relu", {"x"}, "y");
  onnx.Output("y");
  EXPECT_THAT(ImportOnnxModel(onnx.model(), "new.onnx").status().message(),
              HasSubstr("new.onnx: opset 22 is not supported (1 to 21)"));
}

TEST(OnnxImporterTest, ReshapeNeedsAConstantShape) {
  OnnxBuilder onnx(9);
  onnx.Input("x", {1, 4}, false);
  onnx.Input("shape", {2}, false);
  onnx.Node("Reshape", {"x", "shape"}, "y");
  onnx.Output("y");
  EXPECT_THAT(ImportOnnxModel(onnx.model(), "dynamic.onnx").status().message(),
              HasSubstr("Reshape node 'y_node': input 'shape' (shape) must be a constant"));
}

TEST(OnnxImporterTest, TruncatedRawDataIsNamed) {
  OnnxBuilder onnx(9);
  onnx.Input("x", {1, 4}, false);
  onnx.Floats("w", {4, 2}, {1, 2, 3}, true);
  onnx.Node("MatMul", {"x", "w"}, "y");
  onnx.Output("y");
  EXPECT_THAT(ImportOnnxModel(onnx.model(), "short.onnx").status().message(),
              HasSubstr("short.onnx: tensor 'w' has 12 bytes of raw data for 8 elements"));
}

TEST(OnnxImporterTest, ShapeMismatchIsNamed) {
  OnnxBuilder onnx(9);
  onnx.Input("x", {1, 4}, false);
  onnx.Floats("w", {3, 2}, std::vector<float>(6, 1), false);
  onnx.Node("MatMul", {"x", "w"}, "y");
  onnx.Output("y");
  EXPECT_THAT(ImportOnnxModel(onnx.model(), "bad.onnx").status().message(),
              HasSubstr("bad.onnx: MatMul node 'y_node': A [1,4] and B [3,2] do not multiply"));
}

TEST(OnnxImporterTest, FilesThatAreNotOnnxAreNamed) {
  const std::string path = std::string(getenv("TEST_TMPDIR")) + "/garbage.onnx";
  std::ofstream(path) << "\x0a\xff\xff\xff\xff garbage";
  EXPECT_THAT(ImportOnnxFile(path).status().message(), HasSubstr("garbage.onnx: not an ONNX model"));
  EXPECT_THAT(ImportOnnxFile("/nonexistent.onnx").status().message(),
              HasSubstr("/nonexistent.onnx"));
}

}  // namespace
}  // namespace sentio::cnn::import
