#include "apps/cnn_convert_command.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "apps/command_runner_for_test.h"
#include "cnn/import/model_io.h"
#include "cnn/ir/half.h"
#include "cnn/ir/model_builder_for_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {

using cnn::DecodeHalfValues;
using cnn::FloatToHalf;
using cnn::HalfToFloat;
using cnn::import::ReadModelFile;
using cnn::import::WriteModelFile;

namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Pointwise;
using ::testing::FloatEq;

std::string TempPath(const std::string& name) { return std::string(getenv("TEST_TMPDIR")) + "/" + name; }

// x [1, 100] -> MatMul with w [100, 50] (values i / 7) -> y [1, 50].
cnn::Model MatMulModel() {
  cnn::Model model;
  model.set_name("matmul");
  AddInput(model, "x", {1, 100});
  std::vector<float> weights(100 * 50);
  for (size_t i = 0; i < weights.size(); ++i) weights[i] = static_cast<float>(i) / 7;
  AddWeights(model, "w", {100, 50}, weights);
  AddNode(model, "MatMul", {"x", "w"}, "y");
  AddOutput(model, "y");
  return model;
}

std::string WriteMatMulModel() {
  const std::string path = TempPath("matmul.model");
  EXPECT_TRUE(WriteModelFile(MatMulModel(), path).ok());
  return path;
}

TEST(CnnConvertCommandTest, Fp32KeepsTheWeightsAndReportsTheFileSizeLast) {
  const std::string model = WriteMatMulModel();
  for (const char* name : {"copy.model", "copy.pbtxt"}) {
    const std::string out = TempPath(name);
    std::string output;
    absl::Status status = RunCommandForTest(&RunCnnConvertCommand, {"--model=" + model, "--out=" + out}, output);
    ASSERT_TRUE(status.ok()) << status;
    EXPECT_THAT(output, HasSubstr("Weights: 5000 in 1 tensors, stored as fp32\n"));
    EXPECT_THAT(output, EndsWith("\nbytes=" + std::to_string(std::filesystem::file_size(out)) + "\n"));
    absl::StatusOr<cnn::Model> read = ReadModelFile(out);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->name(), "matmul");
    EXPECT_THAT(read->initializer(0).values(), Pointwise(FloatEq(), MatMulModel().initializer(0).values()));
  }
}

TEST(CnnConvertCommandTest, Fp16HalvesTheFileAndRoundsTheWeights) {
  const std::string model = WriteMatMulModel();
  const std::string out = TempPath("half.model");
  std::string output;
  absl::Status status = RunCommandForTest(
      &RunCnnConvertCommand, {"--model=" + model, "--out=" + out, "--precision=fp16"}, output);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(output, HasSubstr("stored as half precision (fp16)"));
  const double ratio =
      static_cast<double>(std::filesystem::file_size(out)) / std::filesystem::file_size(model);
  EXPECT_NEAR(ratio, 0.5, 0.02);
  absl::StatusOr<cnn::Model> read = ReadModelFile(out);
  ASSERT_TRUE(read.ok()) << read.status();
  const cnn::Model source = MatMulModel();  // kept: `original` refers into it
  const cnn::TensorData& original = source.initializer(0);
  // The file's weights stay half when read.
  EXPECT_EQ(read->initializer(0).values_size(), 0);
  absl::StatusOr<std::vector<float>> values = DecodeHalfValues(read->initializer(0).half_values());
  ASSERT_TRUE(values.ok()) << values.status();
  ASSERT_EQ(static_cast<int>(values->size()), original.values_size());
  for (int i = 0; i < original.values_size(); ++i) {
    ASSERT_EQ((*values)[i], HalfToFloat(FloatToHalf(original.values(i)))) << i;
  }

  // Converting the fp16 file back to fp32 expands its halves exactly.
  const std::string back = TempPath("back.model");
  status = RunCommandForTest(&RunCnnConvertCommand, {"--model=" + out, "--out=" + back}, output);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(output, HasSubstr("Weights: " + std::to_string(original.values_size())));
  EXPECT_THAT(output, HasSubstr("stored as fp32"));
  absl::StatusOr<cnn::Model> expanded = ReadModelFile(back);
  ASSERT_TRUE(expanded.ok()) << expanded.status();
  EXPECT_TRUE(expanded->initializer(0).half_values().empty());
  ASSERT_EQ(expanded->initializer(0).values_size(), original.values_size());
  for (int i = 0; i < original.values_size(); ++i) {
    ASSERT_EQ(expanded->initializer(0).values(i), (*values)[i]) << i;
  }
}

TEST(CnnConvertCommandTest, ErrorsNameTheFlagOrFile) {
  const std::string model = "--model=" + WriteMatMulModel();
  cnn::Model huge = MatMulModel();
  huge.mutable_initializer(0)->set_values(7, 1e5f);
  ASSERT_TRUE(WriteModelFile(huge, TempPath("huge.model")).ok());
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{model}, "--out"},
      {{"--out=" + TempPath("x.model")}, "--model"},
      {{model, "--out=" + TempPath("x.model"), "--precision=int8"}, "--precision: unknown precision 'int8'"},
      {{model, "--out=/nonexistent/dir/x.model"}, "/nonexistent/dir/x.model"},
      {{model, "--out=" + TempPath("x.model"), "--weights=w.caffemodel"}, "only read for Caffe"},
      {{"--model=" + TempPath("huge.model"), "--out=" + TempPath("x.model"), "--precision=fp16"},
       "huge.model: initializer 'w': value 7 (100000) is beyond the half-precision range"},
      {{model, "--out=" + TempPath("x.model"), "--engine=cpu"}, "engine"},
  };
  for (const auto& [args, message] : cases) {
    std::string output;
    absl::Status status = RunCommandForTest(&RunCnnConvertCommand, args, output);
    ASSERT_FALSE(status.ok()) << message;
    EXPECT_THAT(status.message(), HasSubstr(message));
  }
}

}  // namespace
}  // namespace sentio
