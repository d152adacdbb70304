// PyTorch's `x.view(x.size(0), -1)` exported at opsets 9, 11, 13 and 17 with a symbolic batch
// (tools/make_onnx_view_models.py): the Shape -> Gather -> Unsqueeze -> Concat subgraph that
// computes the Reshape's shape is folded at import, and the imported model gives PyTorch's output.
#include <string>

#include "absl/strings/str_cat.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/ir/npy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {

using engine::ReferenceEngine;
using engine::TensorMap;

namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::FloatNear;
using ::testing::Pointwise;

constexpr char kTestData[] = "cnn/import/testdata/";

class OnnxViewFlattenTest : public ::testing::TestWithParam<int> {};

TEST_P(OnnxViewFlattenTest, FoldsTheShapeSubgraphAndMatchesPyTorch) {
  const std::string path = absl::StrCat(kTestData, "view_flatten_opset", GetParam(), ".onnx");
  absl::StatusOr<cnn::Model> model = ImportOnnxFile(path);
  ASSERT_TRUE(model.ok()) << model.status();
  std::vector<std::string> ops;
  for (const cnn::Node& node : model->node()) ops.push_back(node.op_type());
  EXPECT_THAT(ops, Contains("Reshape"));
  EXPECT_THAT(model->output(0).dims(), ElementsAre(1, 3));

  absl::StatusOr<Tensor> input = ReadNpyFile(absl::StrCat(kTestData, "view_flatten_input.npy"));
  absl::StatusOr<Tensor> expected = ReadNpyFile(absl::StrCat(kTestData, "view_flatten_output.npy"));
  ASSERT_TRUE(input.ok()) << input.status();
  ASSERT_TRUE(expected.ok()) << expected.status();
  ReferenceEngine engine;
  ASSERT_TRUE(engine.Load(*model).ok());
  absl::StatusOr<TensorMap> outputs = engine.Run({{model->input(0).name(), *input}});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  const Tensor& y = outputs->at(model->output(0).name());
  EXPECT_EQ(y.shape(), expected->shape());
  EXPECT_THAT(y.values(), Pointwise(FloatNear(1e-6), expected->values()));
}

INSTANTIATE_TEST_SUITE_P(Opsets, OnnxViewFlattenTest, ::testing::Values(9, 11, 13, 17));

}  // namespace
}  // namespace sentio::cnn::import
