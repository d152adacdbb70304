#include "cnn/import/model_io.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cnn/ir/half.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/transforms/half_weights.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {

using transforms::StoreWeightsAsHalf;

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return std::string(getenv("TEST_TMPDIR")) + "/" + name;
}

TEST(ModelIoTest, WriteThenReadKeepsTheGraphAndInfersShapes) {
  cnn::Model model;
  model.set_name("tiny");
  AddInput(model, "x", {1, 2, 3, 3});
  AddNode(model, "Relu", {"x"}, "y");
  AddOutput(model, "y");
  const std::string path = TempPath("tiny.model");
  ASSERT_TRUE(WriteModelFile(model, path).ok());
  absl::StatusOr<cnn::Model> read = ReadModelFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->name(), "tiny");
  ASSERT_EQ(read->node_size(), 1);
  EXPECT_EQ(read->node(0).op_type(), "Relu");
  EXPECT_THAT(read->output(0).dims(), ElementsAre(1, 2, 3, 3));
}

TEST(ModelIoTest, MissingFileIsNamed) {
  absl::StatusOr<cnn::Model> read = ReadModelFile("/nonexistent/model.pb");
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("/nonexistent/model.pb"));
}

TEST(ModelIoTest, GarbageIsRejectedNamingTheFile) {
  const std::string path = TempPath("garbage.model");
  std::ofstream(path) << "\xff\xff\xff\xff not a protobuf";
  absl::StatusOr<cnn::Model> read = ReadModelFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("garbage.model"));
}

TEST(ModelIoTest, InconsistentGraphIsRejectedNamingFileAndNode) {
  cnn::Model model;
  AddInput(model, "x", {1, 2, 3, 3});
  AddNode(model, "Relu", {"missing"}, "y");
  AddOutput(model, "y");
  const std::string path = TempPath("dangling.model");
  ASSERT_TRUE(WriteModelFile(model, path).ok());
  absl::StatusOr<cnn::Model> read = ReadModelFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("dangling.model: Relu node 'y': reads 'missing'"));
}

// x [1, 2] -> MatMul with w [2, 3] -> y [1, 3].
cnn::Model MatMulModel(const std::vector<float>& weights) {
  cnn::Model model;
  AddInput(model, "x", {1, 2});
  AddWeights(model, "w", {2, 3}, weights);
  AddNode(model, "MatMul", {"x", "w"}, "y");
  AddOutput(model, "y");
  return model;
}

TEST(ModelIoTest, TextFormatWhenThePathEndsInPbtxt) {
  const std::string path = TempPath("matmul.pbtxt");
  ASSERT_TRUE(WriteModelFile(MatMulModel({1, 2, 3, 4, 5, 6.5}), path).ok());
  std::ifstream file(path);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, HasSubstr("op_type: \"MatMul\""));
  absl::StatusOr<cnn::Model> read = ReadModelFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->initializer(0).values(), ElementsAre(1, 2, 3, 4, 5, 6.5));
  EXPECT_THAT(read->output(0).dims(), ElementsAre(1, 3));
}

TEST(ModelIoTest, TextSyntaxErrorNamesFileAndLine) {
  const std::string path = TempPath("broken.pbtxt");
  std::ofstream(path) << "name: \"x\"\nnode { op_type: }\n";
  absl::StatusOr<cnn::Model> read = ReadModelFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("broken.pbtxt:2:"));
}

TEST(ModelIoTest, HalfPrecisionWeightsStayHalfWhenRead) {
  cnn::Model model = MatMulModel({1, 0.1f, -3, 4, 5, 65504});
  ASSERT_TRUE(StoreWeightsAsHalf(model).ok());
  for (const char* name : {"half.model", "half.pbtxt"}) {
    const std::string path = TempPath(name);
    ASSERT_TRUE(WriteModelFile(model, path).ok());
    absl::StatusOr<cnn::Model> read = ReadModelFile(path);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->initializer(0).values_size(), 0) << name;
    EXPECT_EQ(read->initializer(0).half_values(), model.initializer(0).half_values()) << name;
    absl::StatusOr<std::vector<float>> values = DecodeHalfValues(read->initializer(0).half_values());
    ASSERT_TRUE(values.ok());
    EXPECT_THAT(*values, ElementsAre(1, HalfToFloat(0x2e66), -3, 4, 5, 65504)) << name;
  }
}

TEST(ModelIoTest, InfiniteHalfWeightsAreRejected) {
  cnn::Model model = MatMulModel({1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(StoreWeightsAsHalf(model).ok());
  std::string bytes = model.initializer(0).half_values();
  bytes[6] = '\x00';
  bytes[7] = '\x7c';  // +infinity at index 3
  model.mutable_initializer(0)->set_half_values(bytes);
  const std::string path = TempPath("inf_half.model");
  ASSERT_TRUE(WriteModelFile(model, path).ok());
  absl::StatusOr<cnn::Model> read = ReadModelFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("initializer 'w' holds inf at index 3"));
}

TEST(ModelIoTest, HalfWeightsOfTheWrongSizeAreRejectedNamingFileAndInitializer) {
  cnn::Model model = MatMulModel({1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(StoreWeightsAsHalf(model).ok());
  cnn::TensorData& weights = *model.mutable_initializer(0);
  weights.set_half_values(weights.half_values().substr(0, 11));
  const std::string odd_path = TempPath("odd_half.model");
  ASSERT_TRUE(WriteModelFile(model, odd_path).ok());
  absl::StatusOr<cnn::Model> read = ReadModelFile(odd_path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("odd_half.model: initializer 'w': 11 bytes"));

  weights.set_half_values(weights.half_values().substr(0, 10));
  const std::string short_path = TempPath("short_half.model");
  ASSERT_TRUE(WriteModelFile(model, short_path).ok());
  read = ReadModelFile(short_path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("short_half.model: initializer 'w'"));
}

}  // namespace
}  // namespace sentio::cnn::import
