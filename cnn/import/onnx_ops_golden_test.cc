// A torch model with PRelu, LRN, nearest Upsample, Clip (Hardtanh 0..6), Transpose, Sigmoid,
// Tanh, LeakyRelu and GlobalMaxPool, exported to ONNX at opsets 9, 11, 13 and 17 by
// tools/make_ops_onnx_golden.py: both engines must reproduce torch's output.
#include <string>

#include "cnn/cpu/cpu_engine.h"
#include "cnn/cpu/engine_comparison_for_test.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/ir/npy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {

using engine::Engine;
using engine::ReferenceEngine;
using engine::TensorMap;

namespace {

using ::sentio::cnn::cpu::CpuEngine;
using ::sentio::cnn::cpu::MaxRelativeError;

using ::testing::Contains;

class OnnxOpsGoldenTest : public ::testing::TestWithParam<int> {};

TEST_P(OnnxOpsGoldenTest, EnginesMatchTorch) {
  const std::string path = "cnn/import/testdata/ops_opset" + std::to_string(GetParam()) + ".onnx";
  absl::StatusOr<cnn::Model> model = ImportOnnxFile(path);
  ASSERT_TRUE(model.ok()) << model.status();
  std::vector<std::string> ops;
  for (const cnn::Node& node : model->node()) ops.push_back(node.op_type());
  for (const char* op : {"PRelu", "LRN", "Upsample", "Clip", "Transpose", "Sigmoid", "Tanh",
                         "LeakyRelu", "GlobalMaxPool"}) {
    EXPECT_THAT(ops, Contains(op));
  }
  absl::StatusOr<Tensor> x = ReadNpyFile("cnn/import/testdata/ops_input.npy");
  absl::StatusOr<Tensor> expected = ReadNpyFile("cnn/import/testdata/ops_expected.npy");
  ASSERT_TRUE(x.ok()) << x.status();
  ASSERT_TRUE(expected.ok()) << expected.status();
  ReferenceEngine reference;
  CpuEngine cpu;
  for (Engine* engine : std::vector<Engine*>{&reference, &cpu}) {
    ASSERT_TRUE(engine->Load(*model).ok());
    absl::StatusOr<TensorMap> outputs = engine->Run({{model->input(0).name(), *x}});
    ASSERT_TRUE(outputs.ok()) << outputs.status();
    const Tensor& y = outputs->at(model->output(0).name());
    ASSERT_EQ(y.shape(), expected->shape());
    EXPECT_LT(MaxRelativeError(y, *expected), 1e-4) << (engine == &cpu ? "cpu" : "reference");
  }
}

INSTANTIATE_TEST_SUITE_P(Opsets, OnnxOpsGoldenTest, ::testing::Values(9, 11, 13, 17));

}  // namespace
}  // namespace sentio::cnn::import
