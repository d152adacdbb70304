// Resize against values from ONNX's reference implementation (onnx 1.16,
// onnx.reference.ReferenceEvaluator, and the node tests test_resize_*) written in as literals.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/tensor.h"
#include "cnn/ops/op_registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::ops {
namespace {

using ::testing::ElementsAre;
using ::testing::FloatNear;
using ::testing::HasSubstr;
using ::testing::Pointwise;

Node ResizeNode(const std::string& mode) {
  Node node;
  node.set_op_type("Resize");
  node.set_name("r");
  node.add_input("x");
  node.add_output("y");
  SetStringAttribute(node, "mode", mode);
  return node;
}

Tensor MakeTensor(const Shape& shape, std::vector<float> values) {
  return Tensor::FromValues(shape, std::move(values)).value();
}

// 1, 2, ..., n in `shape`.
Tensor Counting(const Shape& shape) {
  std::vector<float> values(NumElements(shape).value());
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i + 1);
  return MakeTensor(shape, std::move(values));
}

// The output of `node` on `x`; fails the test on an error.
Tensor Resized(const Node& node, const Tensor& x) {
  absl::StatusOr<std::vector<Tensor>> outputs = RunOpReference(node, {&x});
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  return outputs.ok() ? (*outputs)[0] : Tensor();
}

std::string ShapeError(const Node& node, const Shape& input) {
  absl::StatusOr<std::vector<Shape>> shapes = InferOpShapes(node, {input});
  EXPECT_FALSE(shapes.ok());
  return std::string(shapes.status().message());
}

constexpr float kTolerance = 1e-5f;

::testing::Matcher<std::vector<float>> Near(const std::vector<float>& expected) {
  return Pointwise(FloatNear(kTolerance), expected);
}

TEST(ResizeTest, NearestUpsamplesByScales) {  // test_resize_upsample_scales_nearest
  Node node = ResizeNode("nearest");
  SetFloatsAttribute(node, "scales", {1, 1, 2, 3});
  Tensor y = Resized(node, Counting({1, 1, 2, 2}));
  EXPECT_EQ(y.shape(), Shape({1, 1, 4, 6}));
  EXPECT_THAT(y.values(),
              ElementsAre(1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4));
}

TEST(ResizeTest, NearestModesUnderEachCoordinateTransformation) {
  struct Case {
    const char* coordinates;
    const char* nearest_mode;
    std::vector<float> expected;
  };
  const std::vector<Case> cases = {
      {"half_pixel", "round_prefer_floor", {1, 1, 2, 2, 3, 4, 4}},
      {"half_pixel", "round_prefer_ceil", {1, 1, 2, 3, 3, 4, 4}},
      {"half_pixel", "floor", {1, 1, 1, 2, 3, 3, 4}},
      {"half_pixel", "ceil", {1, 2, 2, 3, 4, 4, 4}},
      {"asymmetric", "round_prefer_floor", {1, 2, 2, 3, 3, 4, 4}},
      {"asymmetric", "floor", {1, 1, 2, 2, 3, 3, 4}},
      {"asymmetric", "ceil", {1, 2, 3, 3, 4, 4, 4}},
      {"align_corners", "round_prefer_floor", {1, 1, 2, 2, 3, 3, 4}},
      {"align_corners", "round_prefer_ceil", {1, 2, 2, 3, 3, 4, 4}},
      {"pytorch_half_pixel", "floor", {1, 1, 1, 2, 3, 3, 4}},
      {"half_pixel_symmetric", "round_prefer_ceil", {1, 1, 2, 3, 3, 4, 4}},
  };
  for (const Case& c : cases) {
    Node node = ResizeNode("nearest");
    SetIntsAttribute(node, "sizes", {7});
    SetStringAttribute(node, "coordinate_transformation_mode", c.coordinates);
    SetStringAttribute(node, "nearest_mode", c.nearest_mode);
    EXPECT_THAT(Resized(node, Counting({4})).values(), Pointwise(FloatNear(0), c.expected))
        << c.coordinates << " " << c.nearest_mode;
  }
  // Resize-11's tf_half_pixel_for_nn, (x + 0.5) / scale (worked by hand: onnx.reference lacks it).
  Node tf_nearest = ResizeNode("nearest");
  SetFloatsAttribute(tf_nearest, "scales", {2});
  SetStringAttribute(tf_nearest, "coordinate_transformation_mode", "tf_half_pixel_for_nn");
  EXPECT_THAT(Resized(tf_nearest, Counting({4})).values(), ElementsAre(1, 2, 2, 3, 3, 4, 4, 4));
  // The default is half_pixel with round_prefer_floor (test_resize_downsample_sizes_nearest).
  Node node = ResizeNode("nearest");
  SetIntsAttribute(node, "sizes", {1, 1, 1, 3});
  EXPECT_THAT(Resized(node, Counting({1, 1, 2, 4})).values(), ElementsAre(1, 2, 4));
}

TEST(ResizeTest, LinearAndCubicUnderEachCoordinateTransformation) {
  struct Case {
    const char* mode;
    const char* coordinates;
    float scale;
    std::vector<float> expected;
  };
  const std::vector<Case> cases = {
      {"linear", "half_pixel", 1.5f, {1, 1.5f, 2.16666675f, 2.83333325f, 3.5f, 4}},
      {"linear", "half_pixel", 0.7f, {1.21428573f, 2.64285707f}},
      {"linear", "asymmetric", 1.5f, {1, 1.66666663f, 2.33333325f, 3, 3.66666675f, 4}},
      {"linear", "asymmetric", 0.7f, {1, 2.42857146f}},
      {"linear", "align_corners", 1.5f, {1, 1.60000002f, 2.20000005f, 2.79999995f, 3.4000001f, 4}},
      // The fractional output length 2.8 enters align_corners.
      {"linear", "align_corners", 0.7f, {1, 2.66666675f}},
      {"linear", "pytorch_half_pixel", 0.7f, {1.21428573f, 2.64285707f}},
      {"linear", "half_pixel_symmetric", 0.7f, {1.78571427f, 3.21428561f}},
      {"cubic",
       "half_pixel",
       1.5f,
       {0.913194418f, 1.40625f, 2.21296287f, 2.78703713f, 3.59375f, 4.08680534f}},
      {"cubic", "asymmetric", 1.5f, {1, 1.57407403f, 2.37037039f, 3, 3.74074078f, 4.11111116f}},
      {"cubic", "align_corners", 1.5f, {1, 1.50399995f, 2.24799991f, 2.75200009f, 3.49600005f, 4}},
  };
  for (const Case& c : cases) {
    Node node = ResizeNode(c.mode);
    SetFloatsAttribute(node, "scales", {c.scale});
    SetStringAttribute(node, "coordinate_transformation_mode", c.coordinates);
    EXPECT_THAT(Resized(node, Counting({4})).values(), Pointwise(FloatNear(kTolerance), c.expected))
        << c.mode << " " << c.coordinates << " " << c.scale;
  }
}

TEST(ResizeTest, BilinearAndBicubicOnImages) {
  Node linear = ResizeNode("linear");  // test_resize_upsample_scales_linear
  SetFloatsAttribute(linear, "scales", {1, 1, 2, 2});
  EXPECT_THAT(Resized(linear, Counting({1, 1, 2, 2})).values(),
              Near({1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3,
                    3.25f, 3.75f, 4}));
  Node cubic = ResizeNode("cubic");  // test_resize_downsample_scales_cubic
  SetFloatsAttribute(cubic, "scales", {1, 1, 0.8f, 0.8f});
  EXPECT_THAT(Resized(cubic, Counting({1, 1, 4, 4})).values(),
              Near({1.47119140625f, 2.78125f, 4.08251953125f, 6.71142578125f, 8.021484375f,
                    9.32275390625f, 11.91650390625f, 13.2265625f, 14.52783203125f}));
  // test_resize_upsample_scales_linear_half_pixel_symmetric: fractional output lengths.
  Node symmetric = ResizeNode("linear");
  SetFloatsAttribute(symmetric, "scales", {1, 1, 2.3f, 2.94f});
  SetStringAttribute(symmetric, "coordinate_transformation_mode", "half_pixel_symmetric");
  Tensor y = Resized(symmetric, Counting({1, 1, 2, 2}));
  EXPECT_EQ(y.shape(), Shape({1, 1, 4, 5}));
  EXPECT_THAT(y.values(), Near({1,           1.15986395f, 1.5f,        1.84013605f, 2,
                                1.56521738f, 1.72508132f, 2.06521749f, 2.40535355f, 2.56521749f,
                                2.43478251f, 2.59464645f, 2.93478251f, 3.27491856f, 3.43478251f,
                                3,           3.15986395f, 3.5f,        3.84013605f, 4}));
}

TEST(ResizeTest, InterpolatesOverEveryAxisThatChanges) {
  Node trilinear = ResizeNode("linear");
  SetIntsAttribute(trilinear, "sizes", {3, 2, 3});
  EXPECT_THAT(Resized(trilinear, Counting({2, 2, 2})).values(),
              Near({1, 1.5f, 2, 3, 3.5f, 4, 3, 3.5f, 4, 5, 5.5f, 6, 5, 5.5f, 6, 7, 7.5f, 8}));
  Node tricubic = ResizeNode("cubic");
  SetFloatsAttribute(tricubic, "scales", {1.5f, 1, 1.5f});
  EXPECT_THAT(Resized(tricubic, Counting({2, 2, 2})).values(),
              Near({0.565972209f, 1.15277779f, 1.73958337f, 2.56597233f, 3.15277767f, 3.73958325f,
                    2.91319442f, 3.5f, 4.08680534f, 4.91319466f, 5.5f, 6.08680534f, 5.26041651f,
                    5.84722233f, 6.43402767f, 7.26041651f, 7.84722233f, 8.43402767f}));
  Node five_d = ResizeNode("linear");
  SetFloatsAttribute(five_d, "scales", {1, 1, 1, 2, 1});
  EXPECT_THAT(Resized(five_d, Counting({1, 1, 1, 2, 2})).values(),
              Near({1, 2, 1.5f, 2.5f, 2.5f, 3.5f, 3, 4}));
}

TEST(ResizeTest, CubicCoefficientAndExcludeOutside) {
  Node node = ResizeNode("cubic");
  SetFloatsAttribute(node, "scales", {0.6f});
  SetFloatAttribute(node, "cubic_coeff_a", -0.5f);
  SetIntAttribute(node, "exclude_outside", 1);
  const Tensor x = MakeTensor({8}, {3, 1, 4, 1, 5, 9, 2, 6});
  EXPECT_THAT(Resized(node, x).values(), Near({2.34482765f, 4, 3.40740657f, 7.07407618f}));
  Node up = ResizeNode("cubic");
  SetFloatsAttribute(up, "scales", {1.75f});
  SetIntAttribute(up, "exclude_outside", 1);
  EXPECT_THAT(
      Resized(up, x).values(),
      Near({3.24504948f, 2.22032642f, 0.983023167f, 2.59375f, 3.95271492f, 1.7639395f, 1.35504735f,
            3.761024f, 7.23624277f, 9.10869122f, 5.5f, 1.9200182f, 4.38528442f, 6.49009895f}));
}

TEST(ResizeTest, AntialiasWidensTheFilterWhenDownsampling) {
  const Tensor x = MakeTensor({8}, {3, 1, 4, 1, 5, 9, 2, 6});
  Node linear = ResizeNode("linear");
  SetFloatsAttribute(linear, "scales", {0.4f});
  SetIntAttribute(linear, "antialias", 1);
  EXPECT_THAT(Resized(linear, x).values(), Near({2.4000001f, 3.67999983f, 5.28000021f}));
  SetIntAttribute(linear, "exclude_outside", 1);
  EXPECT_THAT(Resized(linear, x).values(), Near({2.31818175f, 3.67999983f, 5.25f}));
  Node cubic = ResizeNode("cubic");
  SetIntsAttribute(cubic, "sizes", {3});
  SetIntAttribute(cubic, "antialias", 1);
  EXPECT_THAT(Resized(cubic, x).values(), Near({2.12076664f, 4.1018939f, 5.44183493f}));
  // Upsampling is not affected.
  Node up = ResizeNode("linear");
  SetFloatsAttribute(up, "scales", {1.5f});
  SetIntAttribute(up, "antialias", 1);
  EXPECT_THAT(Resized(up, Counting({4})).values(),
              Near({1, 1.5f, 2.16666675f, 2.83333325f, 3.5f, 4}));
  // test_resize_downsample_scales_linear_antialias
  Node image = ResizeNode("linear");
  SetFloatsAttribute(image, "scales", {1, 1, 0.6f, 0.6f});
  SetIntAttribute(image, "antialias", 1);
  EXPECT_THAT(Resized(image, Counting({1, 1, 4, 4})).values(), Near({2.875f, 4.5f, 9.375f, 11}));
}

TEST(ResizeTest, TfCropAndResizeExtrapolatesOutsideTheInput) {
  Node node = ResizeNode("linear");  // test_resize_tf_crop_and_resize
  SetStringAttribute(node, "coordinate_transformation_mode", "tf_crop_and_resize");
  SetFloatsAttribute(node, "roi", {0, 0, 0.4f, 0.6f, 1, 1, 1.2f, 1.7f});
  SetIntsAttribute(node, "sizes", {1, 1, 3, 3});
  SetFloatAttribute(node, "extrapolation_value", 10);
  EXPECT_THAT(Resized(node, Counting({1, 1, 4, 4})).values(),
              Near({7.6f, 10, 10, 12.4f, 10, 10, 10, 10, 10}));
  SetStringAttribute(node, "mode", "nearest");
  EXPECT_THAT(Resized(node, Counting({1, 1, 4, 4})).values(),
              ElementsAre(7, 10, 10, 11, 10, 10, 10, 10, 10));

  Node scaled = ResizeNode("linear");
  SetStringAttribute(scaled, "coordinate_transformation_mode", "tf_crop_and_resize");
  SetIntsAttribute(scaled, "axes", {2, 3});
  SetFloatsAttribute(scaled, "roi", {0.25f, 0.5f, 0.75f, 1.25f});
  SetFloatsAttribute(scaled, "scales", {1.5f, 0.5f});
  SetFloatAttribute(scaled, "extrapolation_value", -1);
  Tensor y = Resized(scaled, Counting({1, 1, 4, 4}));
  EXPECT_EQ(y.shape(), Shape({1, 1, 6, 2}));
  EXPECT_THAT(y.values(), Near({5.5f, -1, 6.7f, -1, 7.9f, -1, 9.1f, -1, 10.3f, -1, 11.5f, -1}));
}

TEST(ResizeTest, AxesListTheResizedAxesInAnyOrder) {
  Node node = ResizeNode("linear");
  SetStringAttribute(node, "coordinate_transformation_mode", "tf_crop_and_resize");
  SetIntsAttribute(node, "axes", {-1});
  SetFloatsAttribute(node, "roi", {0.2f, 0.9f});
  SetIntsAttribute(node, "sizes", {3});
  Tensor y = Resized(node, Counting({1, 1, 4, 4}));
  EXPECT_EQ(y.shape(), Shape({1, 1, 4, 3}));
  EXPECT_THAT(y.values(), Near({1.6f, 2.65f, 3.7f, 5.6f, 6.65f, 7.7f, 9.6f, 10.65f, 11.7f, 13.6f,
                                14.65f, 15.7f}));
  // test_resize_upsample_scales_nearest_axes_3_2
  Node nearest = ResizeNode("nearest");
  SetIntsAttribute(nearest, "axes", {3, 2});
  SetFloatsAttribute(nearest, "scales", {3, 2});
  y = Resized(nearest, Counting({1, 1, 2, 2}));
  EXPECT_EQ(y.shape(), Shape({1, 1, 4, 6}));
  EXPECT_THAT(y.values(),
              ElementsAre(1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4));
}

TEST(ResizeTest, SizesWithKeepAspectRatioPolicy) {
  Node node = ResizeNode("nearest");
  SetIntsAttribute(node, "axes", {2, 3});
  SetIntsAttribute(node, "sizes", {1, 3});
  SetStringAttribute(node, "keep_aspect_ratio_policy", "not_larger");
  Tensor y = Resized(node, Counting({1, 1, 2, 4}));
  EXPECT_EQ(y.shape(), Shape({1, 1, 1, 2}));
  EXPECT_THAT(y.values(), ElementsAre(1, 3));
  SetStringAttribute(node, "keep_aspect_ratio_policy", "not_smaller");
  y = Resized(node, Counting({1, 1, 2, 4}));
  EXPECT_EQ(y.shape(), Shape({1, 1, 2, 3}));
  EXPECT_THAT(y.values(), ElementsAre(1, 2, 4, 5, 6, 8));
  SetStringAttribute(node, "keep_aspect_ratio_policy", "stretch");
  EXPECT_EQ(InferOpShapes(node, {{1, 1, 2, 4}}).value()[0], Shape({1, 1, 1, 3}));

  Node linear = ResizeNode("linear");
  SetIntsAttribute(linear, "axes", {3, 2});
  SetIntsAttribute(linear, "sizes", {5, 5});
  SetStringAttribute(linear, "keep_aspect_ratio_policy", "not_larger");
  y = Resized(linear, Counting({1, 1, 2, 4}));
  EXPECT_EQ(y.shape(), Shape({1, 1, 3, 5}));
  EXPECT_THAT(y.values(),
              Near({1, 1.70000005f, 2.5f, 3.29999995f, 4, 3.79999995f, 4.5f, 5.30000019f,
                    6.0999999f, 6.80000019f, 5, 5.69999981f, 6.5f, 7.30000019f, 8}));
}

TEST(ResizeTest, OutputLengthIsTheFloorOfInputTimesScale) {
  Node node = ResizeNode("nearest");
  SetFloatsAttribute(node, "scales", {1, 1, 0.6f, 0.6f});
  EXPECT_EQ(InferOpShapes(node, {{1, 1, 2, 4}}).value()[0], Shape({1, 1, 1, 2}));
  EXPECT_THAT(Resized(node, Counting({1, 1, 2, 4})).values(), ElementsAre(1, 3));
  SetFloatsAttribute(node, "scales", {1, 1, 2.3f, 2.94f});
  EXPECT_EQ(InferOpShapes(node, {{1, 1, 2, 2}}).value()[0], Shape({1, 1, 4, 5}));
  // An empty `scales` (ONNX's placeholder for an unused input) is absent.
  SetFloatsAttribute(node, "scales", {});
  SetIntsAttribute(node, "sizes", {2, 3, 4, 5});
  EXPECT_EQ(InferOpShapes(node, {{1, 1, 2, 2}}).value()[0], Shape({2, 3, 4, 5}));
}

TEST(ResizeTest, BeforeOpset11CoordinatesAreAsymmetric) {
  // Upsample-7 linear: the output pixel x reads input x / scale.
  Node upsample = ResizeNode("linear");
  SetIntAttribute(upsample, "onnx_opset", 7);
  SetFloatsAttribute(upsample, "scales", {1, 1, 2, 2});
  EXPECT_THAT(Resized(upsample, Counting({1, 1, 2, 2})).values(),
              Near({1, 1.5f, 2, 2, 2, 2.5f, 3, 3, 3, 3.5f, 4, 4, 3, 3.5f, 4, 4}));
  // Nearest rounds down where an axis grows (test_upsample_nearest) and up where it shrinks.
  Node nearest = ResizeNode("nearest");
  SetIntAttribute(nearest, "onnx_opset", 9);
  SetFloatsAttribute(nearest, "scales", {1, 1, 2, 3});
  EXPECT_THAT(Resized(nearest, Counting({1, 1, 2, 2})).values(),
              ElementsAre(1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4));
  SetIntAttribute(nearest, "onnx_opset", 10);
  SetFloatsAttribute(nearest, "scales", {0.6f});
  EXPECT_THAT(Resized(nearest, Counting({5})).values(), ElementsAre(1, 3, 5));
  // Explicit attributes still apply.
  SetStringAttribute(nearest, "nearest_mode", "floor");
  EXPECT_THAT(Resized(nearest, Counting({5})).values(), ElementsAre(1, 2, 4));
}

TEST(ResizeTest, BadAttributesAreErrorsNamingThem) {
  const Shape input = {1, 1, 2, 2};
  Node node = ResizeNode("bilinear");
  SetFloatsAttribute(node, "scales", {1, 1, 2, 2});
  EXPECT_THAT(ShapeError(node, input),
              HasSubstr("Resize node 'r': attribute 'mode' \"bilinear\" is not nearest"));

  node = ResizeNode("linear");
  SetFloatsAttribute(node, "scales", {1, 1, 2, 2});
  SetStringAttribute(node, "coordinate_transformation_mode", "corners");
  EXPECT_THAT(ShapeError(node, input),
              HasSubstr("attribute 'coordinate_transformation_mode' \"corners\""));

  node = ResizeNode("nearest");
  SetFloatsAttribute(node, "scales", {1, 1, 2, 2});
  SetStringAttribute(node, "nearest_mode", "banker");
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'nearest_mode' \"banker\""));

  node = ResizeNode("nearest");
  SetIntsAttribute(node, "sizes", {1, 1, 4, 4});
  SetStringAttribute(node, "keep_aspect_ratio_policy", "fit");
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'keep_aspect_ratio_policy' \"fit\""));

  for (float bad : {0.0f, -2.0f, std::numeric_limits<float>::quiet_NaN(),
                    std::numeric_limits<float>::infinity(), 1e30f}) {
    node = ResizeNode("nearest");
    SetFloatsAttribute(node, "scales", {1, 1, bad, 2});
    EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'scales' value")) << bad;
  }

  node = ResizeNode("nearest");
  SetFloatsAttribute(node, "scales", {2, 2});
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'scales' has 2 values for 4 axes"));
  SetIntsAttribute(node, "axes", {2, 3, 1});
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'scales' has 2 values for 3 axes"));

  node = ResizeNode("nearest");
  SetIntsAttribute(node, "axes", {2, 3});
  SetIntsAttribute(node, "sizes", {4, 4, 4});
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'sizes' has 3 values for 2 axes"));
  SetIntsAttribute(node, "sizes", {4, -1});
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'sizes' value -1"));
  SetIntsAttribute(node, "sizes", {4, 4});
  SetIntsAttribute(node, "axes", {2, 4});
  EXPECT_THAT(ShapeError(node, input), HasSubstr("axis 4 is out of range"));
  SetIntsAttribute(node, "axes", {2, -2});
  EXPECT_THAT(ShapeError(node, input), HasSubstr("axis -2 is given twice"));

  node = ResizeNode("nearest");
  EXPECT_THAT(ShapeError(node, input),
              HasSubstr("needs one of the attributes 'scales' and 'sizes'"));
  SetFloatsAttribute(node, "scales", {1, 1, 2, 2});
  SetIntsAttribute(node, "sizes", {1, 1, 4, 4});
  EXPECT_THAT(ShapeError(node, input), HasSubstr("has both attributes 'scales' and 'sizes'"));

  node = ResizeNode("linear");
  SetIntsAttribute(node, "sizes", {1, 1, 4, 4});
  SetStringAttribute(node, "coordinate_transformation_mode", "tf_crop_and_resize");
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'roi' has 0 values"));
  SetFloatsAttribute(node, "roi", {0, 0, 1, 1});
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'roi' has 4 values"));

  node = ResizeNode("cubic");
  SetFloatsAttribute(node, "scales", {1, 1, 2, 2});
  SetIntAttribute(node, "exclude_outside", 2);
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'exclude_outside' is 2, not 0 or 1"));
  node = ResizeNode("cubic");
  SetFloatsAttribute(node, "scales", {1, 1, 2, 2});
  SetIntAttribute(node, "antialias", -1);
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'antialias' is -1, not 0 or 1"));

  // An attribute of the wrong type.
  node = ResizeNode("nearest");
  SetIntsAttribute(node, "scales", {1, 1, 2, 2});
  EXPECT_THAT(ShapeError(node, input), HasSubstr("attribute 'scales'"));
}

}  // namespace
}  // namespace sentio::cnn::ops
