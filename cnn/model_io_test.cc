#include "cnn/model_io.h"

#include <fstream>
#include <string>

#include "cnn/model_builder_for_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
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

}  // namespace
}  // namespace sentio
