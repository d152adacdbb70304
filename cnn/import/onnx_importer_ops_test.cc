// The ONNX importer's mappings of Clip (attribute and input forms), PRelu, Sigmoid, Tanh,
// LeakyRelu, Transpose, LRN, GlobalMaxPool, and Resize / Upsample in nearest mode to the IR's
// Upsample, with the errors for what the IR cannot express.
#include <cmath>
#include <string>
#include <vector>

#include "cnn/engine/reference_engine.h"
#include "cnn/import/onnx_builder_for_test.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {

using engine::ReferenceEngine;
using engine::TensorMap;

namespace {

using ::testing::ElementsAre;
using ::testing::FloatNear;
using ::testing::HasSubstr;
using ::testing::Pointwise;

std::vector<std::string> OpTypes(const cnn::Model& model) {
  std::vector<std::string> ops;
  for (const cnn::Node& node : model.node()) ops.push_back(node.op_type());
  return ops;
}

Tensor RunOne(const cnn::Model& model, const Tensor& x) {
  ReferenceEngine engine;
  const absl::Status loaded = engine.Load(model);
  EXPECT_TRUE(loaded.ok()) << loaded;
  absl::StatusOr<TensorMap> outputs = engine.Run({{model.input(0).name(), x}});
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  return outputs.ok() ? outputs->at(model.output(0).name()) : Tensor();
}

Tensor Values(const Shape& shape, std::vector<float> values) {
  return Tensor::FromValues(shape, std::move(values)).value();
}

absl::StatusOr<cnn::Model> Import(const OnnxBuilder& onnx) {
  return ImportOnnxModel(onnx.model(), "ops.onnx");
}

TEST(OnnxImporterOpsTest, ClipBoundsFromAttributesBeforeOpset11) {
  OnnxBuilder onnx(7);
  onnx.Input("x", {1, 4}, false);
  onnx::NodeProto& clip = onnx.Node("Clip", {"x"}, "y");
  OnnxBuilder::Float(clip, "min", 0);
  OnnxBuilder::Float(clip, "max", 6);
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = Import(onnx);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("Clip"));
  EXPECT_THAT(RunOne(*model, Values({1, 4}, {-1, 2, 6.5, 7})).values(), ElementsAre(0, 2, 6, 6));
}

TEST(OnnxImporterOpsTest, ClipBoundsFromConstantInputsFromOpset11) {
  OnnxBuilder onnx(11);
  onnx.Input("x", {1, 4}, false);
  onnx.Floats("lo", {}, {-1}, true);
  onnx.Floats("hi", {}, {0.5f}, false);
  onnx.Node("Clip", {"x", "lo", "hi"}, "both");
  onnx.Node("Clip", {"both", "", "hi"}, "max_only");
  onnx.Node("Clip", {"max_only", "lo"}, "y");
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = Import(onnx);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("Clip", "Clip", "Clip"));
  EXPECT_EQ(model->node(0).input_size(), 1);
  EXPECT_FLOAT_EQ(FloatAttribute(model->node(0), "min", 0).value(), -1);
  EXPECT_FLOAT_EQ(FloatAttribute(model->node(1), "max", 0).value(), 0.5f);
  EXPECT_EQ(model->node(1).attribute_size(), 1);
  EXPECT_THAT(RunOne(*model, Values({1, 4}, {-3, 0.25f, 0.75f, 9})).values(),
              ElementsAre(-1, 0.25f, 0.5f, 0.5f));
}

TEST(OnnxImporterOpsTest, ClipBoundThatIsNotAConstantIsAnError) {
  OnnxBuilder onnx(13);
  onnx.Input("x", {1, 4}, false);
  onnx.Node("Relu", {"x"}, "computed");
  onnx.Node("Clip", {"x", "computed"}, "y");
  onnx.Output("y");
  EXPECT_THAT(Import(onnx).status().message(),
              HasSubstr("ops.onnx: Clip node 'y_node': input 'computed' (min) must be a constant"));
}

TEST(OnnxImporterOpsTest, ActivationsTransposeLrnAndGlobalMaxPool) {
  OnnxBuilder onnx(13);
  onnx.Input("x", {1, 2, 1, 2}, true);
  onnx.Floats("slope", {2, 1, 1}, {0.5f, 0.25f}, true);
  onnx.Node("PRelu", {"x", "slope"}, "p");
  OnnxBuilder::Float(onnx.Node("LeakyRelu", {"p"}, "l"), "alpha", 0.5f);
  onnx.Node("Sigmoid", {"l"}, "s");
  onnx.Node("Tanh", {"s"}, "t");
  onnx::NodeProto& lrn = onnx.Node("LRN", {"t"}, "n");
  OnnxBuilder::Int(lrn, "size", 3);
  OnnxBuilder::Float(lrn, "alpha", 0.001f);
  OnnxBuilder::Ints(onnx.Node("Transpose", {"n"}, "tr"), "perm", {0, 3, 1, 2});
  onnx.Node("GlobalMaxPool", {"tr"}, "y");
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = Import(onnx);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("PRelu", "LeakyRelu", "Sigmoid", "Tanh", "LRN",
                                           "Transpose", "GlobalMaxPool"));
  EXPECT_FLOAT_EQ(FloatAttribute(model->node(1), "alpha", 0).value(), 0.5f);
  EXPECT_EQ(IntAttribute(model->node(4), "size", 0).value(), 3);
  EXPECT_FLOAT_EQ(FloatAttribute(model->node(4), "alpha", 0).value(), 0.001f);
  EXPECT_THAT(IntsAttribute(model->node(5), "perm", {}).value(), ElementsAre(0, 3, 1, 2));
  EXPECT_THAT(model->output(0).dims(), ElementsAre(1, 2, 1, 1));
  // PRelu then LeakyRelu: channel 0 {-2, 4} -> {-0.5, 4}, channel 1 {-4, 1} -> {-0.5, 1}. The
  // LRN changes these by under 1e-4; after the transpose each plane is one column of the image.
  auto sigmoid_tanh = [](double x) {
    return static_cast<float>(std::tanh(1 / (1 + std::exp(-x))));
  };
  EXPECT_THAT(RunOne(*model, Values({1, 2, 1, 2}, {-2, 4, -4, 1})).values(),
              Pointwise(FloatNear(1e-3), std::vector<float>{sigmoid_tanh(-0.5), sigmoid_tanh(4)}));
}

TEST(OnnxImporterOpsTest, PReluSlopeThatDoesNotBroadcastToXIsAnError) {
  OnnxBuilder onnx(9);
  onnx.Input("x", {1, 3, 2, 2}, false);
  onnx.Floats("slope", {3}, {1, 2, 3}, false);
  onnx.Node("PRelu", {"x", "slope"}, "y");
  onnx.Output("y");
  EXPECT_THAT(Import(onnx).status().message(),
              HasSubstr("ops.onnx: PRelu node 'y_node': slope [3] does not broadcast to X "
                        "[1,3,2,2]"));
}

TEST(OnnxImporterOpsTest, LrnNeedsASize) {
  OnnxBuilder onnx(13);
  onnx.Input("x", {1, 3, 2, 2}, false);
  onnx.Node("LRN", {"x"}, "y");
  onnx.Output("y");
  EXPECT_THAT(Import(onnx).status().message(), HasSubstr("LRN node 'y_node': attribute 'size' must be at least 1"));
}

// An input [1, 1, 2, 2] holding 1 2 / 3 4.
const Tensor kImage = Tensor::FromValues({1, 1, 2, 2}, {1, 2, 3, 4}).value();

TEST(OnnxImporterOpsTest, ResizeNearestBecomesUpsample) {
  OnnxBuilder onnx(11);
  onnx.Input("x", {1, 1, 2, 2}, false);
  onnx.Floats("roi", {0}, {}, false);
  onnx.Floats("scales", {4}, {1, 1, 2, 3}, true);
  onnx::NodeProto& resize = onnx.Node("Resize", {"x", "roi", "scales"}, "y");
  OnnxBuilder::String(resize, "mode", "nearest");
  OnnxBuilder::String(resize, "coordinate_transformation_mode", "asymmetric");
  OnnxBuilder::String(resize, "nearest_mode", "floor");
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = Import(onnx);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("Upsample"));
  EXPECT_EQ(model->node(0).input_size(), 1);
  EXPECT_THAT(IntsAttribute(model->node(0), "scales", {}).value(), ElementsAre(2, 3));
  EXPECT_EQ(model->initializer_size(), 0);
  EXPECT_THAT(RunOne(*model, kImage).values(),
              ElementsAre(1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4));
}

TEST(OnnxImporterOpsTest, ResizeFromSizesWithTheDefaultHalfPixelRounding) {
  OnnxBuilder onnx(13);
  onnx.Input("x", {1, 1, 2, 2}, false);
  onnx.Int64s("sizes", {4}, {1, 1, 6, 4});
  onnx.Node("Resize", {"x", "", "", "sizes"}, "y");  // half_pixel, round_prefer_floor
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = Import(onnx);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(IntsAttribute(model->node(0), "scales", {}).value(), ElementsAre(3, 2));
  EXPECT_THAT(model->output(0).dims(), ElementsAre(1, 1, 6, 4));
}

TEST(OnnxImporterOpsTest, UpsampleAndResize10ScaleByFloor) {
  OnnxBuilder opset7(7);
  opset7.Input("x", {1, 1, 2, 2}, false);
  onnx::NodeProto& upsample = opset7.Node("Upsample", {"x"}, "y");
  OnnxBuilder::String(upsample, "mode", "nearest");
  onnx::AttributeProto& scales = *upsample.add_attribute();
  scales.set_name("scales");
  scales.set_type(onnx::AttributeProto::FLOATS);
  for (float scale : {1.0f, 1.0f, 2.0f, 2.0f}) scales.add_floats(scale);
  opset7.Output("y");
  absl::StatusOr<cnn::Model> model = Import(opset7);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(IntsAttribute(model->node(0), "scales", {}).value(), ElementsAre(2, 2));

  for (const auto& [opset, op] : {std::pair<int, const char*>{9, "Upsample"}, {10, "Resize"}}) {
    OnnxBuilder onnx(opset);
    onnx.Input("x", {1, 1, 2, 2}, false);
    onnx.Floats("scales", {4}, {1, 1, 4, 1}, false);
    onnx.Node(op, {"x", "scales"}, "y");
    onnx.Output("y");
    model = Import(onnx);
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_THAT(IntsAttribute(model->node(0), "scales", {}).value(), ElementsAre(4, 1)) << op;
  }
}

// A Resize-11 node on a [1, 1, 2, 2] input with `scales`, and string attributes.
OnnxBuilder ResizeModel(const std::vector<float>& scales,
                        const std::vector<std::pair<std::string, std::string>>& attributes) {
  OnnxBuilder onnx(11);
  onnx.Input("x", {1, 1, 2, 2}, false);
  onnx.Floats("roi", {0}, {}, false);
  onnx.Floats("scales", {static_cast<int64_t>(scales.size())}, scales, false);
  onnx::NodeProto& resize = onnx.Node("Resize", {"x", "roi", "scales"}, "up");
  for (const auto& [name, value] : attributes) OnnxBuilder::String(resize, name, value);
  onnx.Output("up");
  return onnx;
}

// Integer nearest-neighbour upsampling of the spatial axes becomes the IR's Upsample (the CPU
// engine's fast path); everything else is the IR's Resize.
TEST(OnnxImporterOpsTest, ResizeThatIsNotIntegerNearestUpsamplingIsAResize) {
  const std::vector<std::pair<std::vector<float>, std::vector<std::pair<std::string, std::string>>>>
      cases = {{{1, 1, 2, 2}, {{"mode", "linear"}}},
               {{1, 1, 1.5f, 2}, {}},
               {{1, 1, 0.5f, 0.5f}, {}},
               {{1, 2, 2, 2}, {}},
               {{1, 1, 3, 3}, {{"coordinate_transformation_mode", "asymmetric"}}},
               {{1, 1, 2, 2}, {{"coordinate_transformation_mode", "align_corners"}}}};
  for (const auto& [scales, attributes] : cases) {
    absl::StatusOr<cnn::Model> model = Import(ResizeModel(scales, attributes));
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_THAT(OpTypes(*model), ElementsAre("Resize"));
  }
  absl::StatusOr<cnn::Model> upsample = Import(ResizeModel({1, 1, 2, 2}, {}));
  ASSERT_TRUE(upsample.ok()) << upsample.status();
  EXPECT_THAT(OpTypes(*upsample), ElementsAre("Upsample"));
}

TEST(OnnxImporterOpsTest, ResizeErrorsNameTheNodeAndAttribute) {
  const std::string prefix = "ops.onnx: Resize node 'up_node': ";
  EXPECT_THAT(Import(ResizeModel({2, 2}, {})).status().message(),
              HasSubstr(prefix + "attribute 'scales' has 2 values for 4 axes"));
  EXPECT_THAT(Import(ResizeModel({1, 1, 2, 2}, {{"nearest_mode", "banker"}})).status().message(),
              HasSubstr(prefix + "attribute 'nearest_mode' \"banker\""));
}

TEST(OnnxImporterOpsTest, ResizeWithComputedScalesIsAnError) {
  OnnxBuilder onnx(11);
  onnx.Input("x", {1, 1, 2, 2}, false);
  onnx.Input("s", {4}, false);
  onnx.Floats("roi", {0}, {}, false);
  onnx.Node("Resize", {"x", "roi", "s"}, "y");
  onnx.Output("y");
  EXPECT_THAT(Import(onnx).status().message(),
              HasSubstr("Resize node 'y_node': input 's' (scales) must be a constant"));

  OnnxBuilder neither(13);
  neither.Input("x", {1, 1, 2, 2}, false);
  neither.Node("Resize", {"x"}, "y");
  neither.Output("y");
  EXPECT_THAT(Import(neither).status().message(),
              HasSubstr("needs one of the attributes 'scales' and 'sizes'"));
}

}  // namespace
}  // namespace sentio::cnn::import
