#include "cnn/import/onnx_constant_folding.h"

#include <cstdint>
#include <limits>

#include "cnn/engine/reference_engine.h"
#include "cnn/import/onnx_builder_for_test.h"
#include "cnn/import/onnx_importer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {

using engine::ReferenceEngine;
using engine::TensorMap;

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> OpTypes(const cnn::Model& model) {
  std::vector<std::string> ops;
  for (const cnn::Node& node : model.node()) ops.push_back(node.op_type());
  return ops;
}

Tensor RunModel(const cnn::Model& model, const Tensor& x) {
  ReferenceEngine engine;
  absl::Status loaded = engine.Load(model);
  EXPECT_TRUE(loaded.ok()) << loaded;
  absl::StatusOr<TensorMap> outputs = engine.Run({{model.input(0).name(), x}});
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  return outputs.ok() ? outputs->at(model.output(0).name()) : Tensor();
}

Tensor Ramp(const Shape& shape) {
  std::vector<float> values(NumElements(shape).value());
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
  return Tensor::FromValues(shape, values).value();
}

// Unsqueeze with `axes`: an attribute before opset 13, a constant input from 13.
onnx::NodeProto& Unsqueeze(OnnxBuilder& onnx, int64_t opset, const std::string& input,
                           const std::vector<int64_t>& axes, const std::string& output) {
  if (opset < 13) {
    onnx::NodeProto& node = onnx.Node("Unsqueeze", {input}, output);
    OnnxBuilder::Ints(node, "axes", axes);
    return node;
  }
  onnx.IntConstant(output + "_axes", axes);
  return onnx.Node("Unsqueeze", {input, output + "_axes"}, output);
}

// What PyTorch writes for `x.view(x.size(0), -1)` on x [N, 2, 3, 2]:
// Shape -> Gather(0) -> Unsqueeze -> Concat with [-1] -> Reshape.
OnnxBuilder ViewBatchMinusOne(int64_t opset) {
  OnnxBuilder onnx(opset);
  onnx.Input("x", {1, 2, 3, 2}, true);
  onnx.Node("Shape", {"x"}, "shape");
  onnx::TensorProto zero;
  zero.set_data_type(onnx::TensorProto::INT64);
  zero.add_int64_data(0);  // a scalar index: Gather drops the axis
  OnnxBuilder::TensorAttribute(onnx.Node("Constant", {}, "zero"), "value", zero);
  OnnxBuilder::Int(onnx.Node("Gather", {"shape", "zero"}, "batch"), "axis", 0);
  Unsqueeze(onnx, opset, "batch", {0}, "batch_1d");
  onnx.IntConstant("minus_one", {-1});
  OnnxBuilder::Int(onnx.Node("Concat", {"batch_1d", "minus_one"}, "new_shape"), "axis", 0);
  onnx.Node("Reshape", {"x", "new_shape"}, "flat");
  onnx.Node("Relu", {"flat"}, "y");
  onnx.Output("y");
  return onnx;
}

TEST(OnnxConstantFoldingTest, PyTorchViewOfBatchSizeImportsAtEveryOpset) {
  for (int64_t opset : {7, 9, 11, 13, 15, 17}) {
    SCOPED_TRACE(opset);
    absl::StatusOr<cnn::Model> model =
        ImportOnnxModel(ViewBatchMinusOne(opset).model(), "view.onnx");
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_THAT(OpTypes(*model), ElementsAre("Reshape", "Relu"));
    EXPECT_THAT(model->output(0).dims(), ElementsAre(1, 12));
    const Tensor y = RunModel(*model, Ramp({1, 2, 3, 2}));
    EXPECT_THAT(y.shape(), ElementsAre(1, 12));
    EXPECT_EQ(y.values(), Ramp({1, 12}).values());
  }
}

TEST(OnnxConstantFoldingTest, SizeArithmeticFolds) {
  // x.view(-1, x.size(1) * x.size(2) * x.size(3)) with int64 Mul, and Cast to float and back.
  OnnxBuilder onnx(11);
  onnx.Input("x", {1, 2, 3, 2}, false);
  onnx.Node("Shape", {"x"}, "shape");
  onnx.IntConstant("one_to_four", {1});
  onnx.IntConstant("end", {4});
  onnx.Node("Slice", {"shape", "one_to_four", "end"}, "dims");  // [2, 3, 2]
  onnx.IntConstant("first", {0});
  onnx.IntConstant("second", {1});
  onnx.IntConstant("third", {2});
  onnx.Node("Gather", {"dims", "first"}, "d1");
  onnx.Node("Gather", {"dims", "second"}, "d2");
  onnx.Node("Gather", {"dims", "third"}, "d3");
  onnx.Node("Mul", {"d1", "d2"}, "d12");
  onnx.Node("Mul", {"d12", "d3"}, "d123");
  OnnxBuilder::Int(onnx.Node("Cast", {"d123"}, "d123_float"), "to", onnx::TensorProto::FLOAT);
  OnnxBuilder::Int(onnx.Node("Cast", {"d123_float"}, "d123_int"), "to", onnx::TensorProto::INT64);
  onnx.IntConstant("minus_one", {-1});
  OnnxBuilder::Int(onnx.Node("Concat", {"minus_one", "d123_int"}, "new_shape"), "axis", 0);
  onnx.Node("Reshape", {"x", "new_shape"}, "y");
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "size.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("Reshape"));
  EXPECT_THAT(model->output(0).dims(), ElementsAre(1, 12));
}

TEST(OnnxConstantFoldingTest, SqueezeAndUnsqueezeOfGraphValuesBecomeReshapes) {
  for (int64_t opset : {11, 13}) {
    SCOPED_TRACE(opset);
    OnnxBuilder onnx(opset);
    onnx.Input("x", {1, 3, 1, 1}, false);
    onnx::NodeProto* squeeze = nullptr;
    if (opset < 13) {
      squeeze = &onnx.Node("Squeeze", {"x"}, "squeezed");
      OnnxBuilder::Ints(*squeeze, "axes", {-1, 2});
    } else {
      onnx.IntConstant("axes", {-1, 2});
      squeeze = &onnx.Node("Squeeze", {"x", "axes"}, "squeezed");
    }
    Unsqueeze(onnx, opset, "squeezed", {-1}, "y");  // [1, 3] -> [1, 3, 1]
    onnx.Output("y");
    absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "squeeze.onnx");
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_THAT(OpTypes(*model), ElementsAre("Reshape", "Reshape"));
    EXPECT_THAT(model->value_info(0).dims(), ElementsAre(1, 3));
    EXPECT_THAT(model->output(0).dims(), ElementsAre(1, 3, 1));
    EXPECT_EQ(RunModel(*model, Ramp({1, 3, 1, 1})).values(), Ramp({1, 3, 1}).values());
  }
}

TEST(OnnxConstantFoldingTest, SliceAttributesBeforeOpset10InputsWithStepsFrom10) {
  // A float weight [4, 3] sliced to rows 1..3, then used by MatMul.
  const std::vector<float> w = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  for (int64_t opset : {9, 10, 17}) {
    SCOPED_TRACE(opset);
    OnnxBuilder onnx(opset);
    onnx.Input("x", {1, 2}, false);
    onnx.Floats("w", {4, 3}, w, true);
    if (opset < 10) {
      onnx::NodeProto& slice = onnx.Node("Slice", {"w"}, "rows");
      OnnxBuilder::Ints(slice, "starts", {1});
      OnnxBuilder::Ints(slice, "ends", {3});
      OnnxBuilder::Ints(slice, "axes", {0});
    } else {
      // Rows 2 and 1 (step -1 from row 2, ending before row 0), then reversed back with an end
      // of INT64_MIN, as exporters write "to the start".
      onnx.IntConstant("starts", {2});
      onnx.IntConstant("ends", {0});
      onnx.IntConstant("axes", {-2});
      onnx.IntConstant("steps", {-1});
      onnx.Node("Slice", {"w", "starts", "ends", "axes", "steps"}, "reversed");
      onnx.IntConstant("starts2", {-1});
      onnx.IntConstant("ends2", {std::numeric_limits<int64_t>::min()});
      onnx.IntConstant("axes2", {0});
      onnx.Node("Slice", {"reversed", "starts2", "ends2", "axes2", "steps"}, "rows");
    }
    onnx.Node("MatMul", {"x", "rows"}, "y");
    onnx.Output("y");
    absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "slice.onnx");
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_THAT(OpTypes(*model), ElementsAre("MatMul"));
    ASSERT_EQ(model->initializer_size(), 1);
    EXPECT_THAT(model->initializer(0).values(), ElementsAre(3, 4, 5, 6, 7, 8));
  }
}

TEST(OnnxConstantFoldingTest, ConstantOfShapeAndShapeStartEnd) {
  OnnxBuilder onnx(15);
  onnx.Input("x", {1, 4, 2, 2}, false);
  onnx::NodeProto& shape = onnx.Node("Shape", {"x"}, "channels");  // [4]
  OnnxBuilder::Int(shape, "start", 1);
  OnnxBuilder::Int(shape, "end", -2);
  onnx::TensorProto half;
  half.set_data_type(onnx::TensorProto::FLOAT);
  half.add_dims(1);
  half.add_float_data(0.5f);
  OnnxBuilder::TensorAttribute(onnx.Node("ConstantOfShape", {"channels"}, "bias"), "value", half);
  onnx.IntConstant("bias_shape", {4, 1, 1});
  onnx.Node("Reshape", {"bias", "bias_shape"}, "bias_chw");
  onnx.Node("Add", {"x", "bias_chw"}, "y");
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "fill.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("Add"));
  ASSERT_EQ(model->initializer_size(), 1);
  EXPECT_THAT(model->initializer(0).dims(), ElementsAre(4, 1, 1));
  EXPECT_THAT(model->initializer(0).values(), ElementsAre(0.5f, 0.5f, 0.5f, 0.5f));
}

TEST(OnnxConstantFoldingTest, CastOfAGraphValueToFloatIsDropped) {
  OnnxBuilder onnx(13);
  onnx.Input("x", {1, 4}, false);
  OnnxBuilder::Int(onnx.Node("Cast", {"x"}, "same"), "to", onnx::TensorProto::FLOAT);
  onnx.Node("Relu", {"same"}, "y");
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "cast.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("Relu"));
  EXPECT_EQ(model->node(0).input(0), "x");
}

// Size folds to the element count; CastLike casts to its second input's type: an integer
// constant's (here the size, then back to float through a graph value), dropped for a graph value.
TEST(OnnxConstantFoldingTest, SizeAndCastLikeFold) {
  OnnxBuilder onnx(15);
  onnx.Input("x", {1, 4, 2, 3}, false);
  onnx.Node("Size", {"x"}, "count");                       // 24, int64
  onnx.Node("CastLike", {"count", "x"}, "count_float");    // 24.0
  onnx.Node("Div", {"x", "count_float"}, "scaled");        // x / 24
  onnx.Node("CastLike", {"scaled", "x"}, "y");             // a graph value to float: dropped
  onnx.Output("y");
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(onnx.model(), "size.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(OpTypes(*model), ElementsAre("Div", "Identity"));
  ASSERT_EQ(model->initializer_size(), 1);
  EXPECT_THAT(model->initializer(0).values(), ElementsAre(24.0f));

  OnnxBuilder to_integer(15);
  to_integer.Input("x", {1, 4}, false);
  to_integer.Int64s("index", {}, {0});
  to_integer.Node("CastLike", {"x", "index"}, "y");
  to_integer.Output("y");
  EXPECT_THAT(ImportOnnxModel(to_integer.model(), "like.onnx").status().message(),
              HasSubstr("like.onnx: CastLike node 'y_node': only a cast of a graph value to float"));
}

absl::Status ImportError(const OnnxBuilder& onnx) {
  return ImportOnnxModel(onnx.model(), "bad.onnx").status();
}

TEST(OnnxConstantFoldingTest, ErrorsNameTheNodeAndFile) {
  {
    OnnxBuilder onnx(13);
    onnx.Input("x", {1, 4}, false);
    onnx.Node("Shape", {"x"}, "shape");
    onnx.IntConstant("index", {2});
    onnx.Node("Gather", {"shape", "index"}, "y");
    onnx.Output("y");
    EXPECT_THAT(ImportError(onnx).message(),
                HasSubstr("bad.onnx: Gather node 'y_node': index 2 out of range for dimension 2"));
  }
  {
    OnnxBuilder onnx(13);
    onnx.Input("x", {1, 4}, false);
    onnx.IntConstant("huge", {1 << 20, 1 << 20});
    onnx.Node("ConstantOfShape", {"huge"}, "y");
    onnx.Output("y");
    EXPECT_THAT(ImportError(onnx).message(),
                HasSubstr("ConstantOfShape node 'y_node': shape [1048576,1048576] is too large"));
  }
  {
    OnnxBuilder onnx(11);
    onnx.Input("x", {1, 4}, false);
    OnnxBuilder::Ints(onnx.Node("Squeeze", {"x"}, "y"), "axes", {1});
    onnx.Output("y");
    EXPECT_THAT(ImportError(onnx).message(),
                HasSubstr("Squeeze node 'y_node': cannot squeeze axis 1 of [1,4]"));
  }
  {
    OnnxBuilder onnx(13);
    onnx.Input("x", {1, 4, 1}, false);
    onnx.Input("axes", {1}, false);
    onnx.Node("Squeeze", {"x", "axes"}, "y");
    onnx.Output("y");
    EXPECT_THAT(ImportError(onnx).message(),
                HasSubstr("input 'axes' (axes) must be a constant integer tensor"));
  }
  {
    OnnxBuilder onnx(13);
    onnx.Input("x", {1, 4}, false);
    OnnxBuilder::Int(onnx.Node("Cast", {"x"}, "y"), "to", onnx::TensorProto::INT64);
    onnx.Output("y");
    EXPECT_THAT(ImportError(onnx).message(),
                HasSubstr("Cast node 'y_node': only a cast of a graph value to float"));
  }
  {
    OnnxBuilder onnx(13);
    onnx.Input("x", {1, 4}, false);
    onnx.IntConstant("a", {7});
    onnx.IntConstant("zero", {0});
    onnx.Node("Div", {"a", "zero"}, "y");
    onnx.Output("y");
    EXPECT_THAT(ImportError(onnx).message(),
                HasSubstr("Div node 'y_node': integer division by zero"));
  }
}

TEST(SqueezedShapeTest, FollowsTheOnnxRules) {
  EXPECT_THAT(SqueezedShape({1, 3, 1, 2}, {}, false).value(), ElementsAre(3, 2));
  EXPECT_THAT(SqueezedShape({1, 3, 1, 2}, {-2}, false).value(), ElementsAre(1, 3, 2));
  EXPECT_THAT(SqueezedShape({3, 2}, {0, 3}, true).value(), ElementsAre(1, 3, 2, 1));
  EXPECT_THAT(SqueezedShape({3, 2}, {-1}, true).value(), ElementsAre(3, 2, 1));
  EXPECT_FALSE(SqueezedShape({3, 2}, {1, 1}, true).ok());
  EXPECT_FALSE(SqueezedShape({3, 2}, {3}, false).ok());
}

}  // namespace
}  // namespace sentio::cnn::import
