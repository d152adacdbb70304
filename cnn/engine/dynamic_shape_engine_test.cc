#include "cnn/engine/dynamic_shape_engine.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "cnn/engine/reference_engine.h"
#include "cnn/import/onnx_builder_for_test.h"
#include "cnn/import/onnx_importer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::engine {

using import::ImportOnnxModel;
using import::InputShapes;
using import::OnnxBuilder;

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// y = Relu(Reshape(x, [N, -1])) with x [N, 2, H, W], the shape worked out as PyTorch's
// x.view(x.size(0), -1) writes it: Shape -> Gather -> Unsqueeze -> Concat.
onnx::ModelProto FlattenModel() {
  OnnxBuilder onnx(13);
  onnx.Input("x", {1, 2, 1, 1}, true);
  onnx.Int64s("zero", {}, {0});
  onnx.Int64s("axes", {1}, {0});
  onnx.Int64s("rest", {1}, {-1});
  onnx.Node("Shape", {"x"}, "x_shape");
  onnx.Node("Gather", {"x_shape", "zero"}, "batch");
  onnx.Node("Unsqueeze", {"batch", "axes"}, "batch_1d");
  OnnxBuilder::Int(onnx.Node("Concat", {"batch_1d", "rest"}, "target"), "axis", 0);
  onnx.Node("Reshape", {"x", "target"}, "flat");
  onnx.Node("Relu", {"flat"}, "y");
  onnx.Output("y");
  onnx::ModelProto model = onnx.model();
  onnx::TensorShapeProto& dims =
      *model.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
  dims.mutable_dim(2)->set_dim_param("H");
  dims.mutable_dim(3)->set_dim_param("W");
  return model;
}

std::unique_ptr<DynamicShapeEngine> MakeEngine(int max_plans) {
  const onnx::ModelProto model = FlattenModel();
  return std::make_unique<DynamicShapeEngine>(
      [model](const InputShapes& shapes) { return ImportOnnxModel(model, "dynamic.onnx", shapes); },
      []() -> absl::StatusOr<std::unique_ptr<Engine>> {
        return std::unique_ptr<Engine>(new ReferenceEngine());
      },
      max_plans);
}

Tensor Ramp(const Shape& shape) {
  Tensor tensor = Tensor::Zeros(shape).value();
  for (int64_t i = 0; i < tensor.size(); ++i) tensor[i] = static_cast<float>(i % 7) - 3;
  return tensor;
}

TEST(DynamicShapeEngineTest, ImportRecordsTheSymbolicDimensions) {
  absl::StatusOr<cnn::Model> model = ImportOnnxModel(FlattenModel(), "dynamic.onnx");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_THAT(model->input(0).dims(), ElementsAre(1, 2, 1, 1));
  EXPECT_THAT(model->input(0).dim_params(), ElementsAre("N", "", "H", "W"));
  absl::StatusOr<cnn::Model> at_shape =
      ImportOnnxModel(FlattenModel(), "dynamic.onnx", {{"x", {3, 2, 4, 5}}});
  ASSERT_TRUE(at_shape.ok()) << at_shape.status();
  EXPECT_THAT(at_shape->output(0).dims(), ElementsAre(3, 40));
}

TEST(DynamicShapeEngineTest, RunsAtEachInputsShapeAndKeepsThePlans) {
  std::unique_ptr<DynamicShapeEngine> engine = MakeEngine(2);
  ASSERT_TRUE(engine->Load(ImportOnnxModel(FlattenModel(), "dynamic.onnx").value()).ok());
  for (const Shape& shape : {Shape{1, 2, 3, 4}, Shape{2, 2, 5, 5}, Shape{1, 2, 3, 4}}) {
    const Tensor x = Ramp(shape);
    absl::StatusOr<TensorMap> outputs = engine->Run({{"x", x}});
    ASSERT_TRUE(outputs.ok()) << outputs.status();
    const Tensor& y = outputs->at("y");
    EXPECT_THAT(y.shape(), ElementsAre(shape[0], shape[1] * shape[2] * shape[3]));
    for (int64_t i = 0; i < y.size(); ++i) ASSERT_EQ(y[i], std::max(x[i], 0.0f));
  }
  EXPECT_EQ(engine->plan_count(), 2);  // [1,2,1,1] dropped, [1,2,3,4] reused
}

TEST(DynamicShapeEngineTest, AShapeThatDoesNotFitNamesTheInput) {
  std::unique_ptr<DynamicShapeEngine> engine = MakeEngine(4);
  ASSERT_TRUE(engine->Load(ImportOnnxModel(FlattenModel(), "dynamic.onnx").value()).ok());
  EXPECT_THAT(engine->Run({{"x", Ramp({1, 3, 2, 2})}}).status().message(),
              HasSubstr("graph input 'x' has the fixed dimension 2 at axis 1"));
  EXPECT_THAT(engine->Run({{"x", Ramp({1, 2, 2})}}).status().message(),
              HasSubstr("graph input 'x' has rank 4, the shape given for it is [1,2,2]"));
  EXPECT_THAT(engine->Run({{"z", Ramp({1, 2, 2, 2})}}).status().message(),
              HasSubstr("'z', which is not a graph input"));
}

}  // namespace
}  // namespace sentio::cnn::engine
