#include "apps/cnn_decompose_command.h"

#include <cstdlib>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "apps/command_runner_for_test.h"
#include "cnn/import/model_io.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {

using cnn::import::ReadModelFile;
using cnn::import::WriteModelFile;

namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return std::string(getenv("TEST_TMPDIR")) + "/" + name;
}

// x [1, 4, 10, 10] -> Conv 3x3 (16 channels, pads 1, random weights) -> Conv 1x1 (2) -> y.
std::string WriteConvModel() {
  cnn::Model model;
  model.set_name("convs");
  cnn::AddInput(model, "x", {1, 4, 10, 10});
  std::mt19937 random(1);
  std::normal_distribution<float> normal;
  std::vector<float> w(16 * 4 * 9), w1(2 * 16);
  for (float& v : w) v = normal(random);
  for (float& v : w1) v = normal(random);
  cnn::AddWeights(model, "w", {16, 4, 3, 3}, w);
  cnn::SetIntsAttribute(cnn::AddNode(model, "Conv", {"x", "w"}, "conv"), "pads", {1, 1, 1, 1});
  cnn::AddWeights(model, "w1", {2, 16, 1, 1}, w1);
  cnn::AddNode(model, "Conv", {"conv", "w1"}, "y");
  cnn::AddOutput(model, "y");
  const std::string path = TempPath("convs.model");
  EXPECT_TRUE(WriteModelFile(model, path).ok());
  return path;
}

TEST(CnnDecomposeCommandTest, ReportsEachLayerAndTheFlopsRatioLast) {
  const std::string model = WriteConvModel();
  const std::string out = TempPath("decomposed.model");
  std::string output;
  absl::Status status = RunCommandForTest(
      &RunCnnDecomposeCommand, {"--model=" + model, "--out=" + out, "--ranks=2,4"}, output);
  ASSERT_TRUE(status.ok()) << status;
  // 3x3: 2 x 100 x 16 x 4 x 9 = 115200; after: 1x1 4->2 (1600), 3x3 2->4 (14400), 1x1 4->16
  // (12800); the 1x1 convolution to 2 channels (6400) is counted on both sides.
  EXPECT_THAT(output, HasSubstr("conv: 4->16 channels 3x3, ranks 2,4: flops 115200 -> 28800 "
                                "(0.250), parameters 576 -> 144, weight error 0."));
  EXPECT_THAT(
      output,
      HasSubstr("Convolutions: 1 of 1 decomposed, 121600 -> 35200 FLOPs, 608 -> 176 parameters\n"));
  EXPECT_THAT(output, EndsWith("\nflops_ratio=0.2895\n"));
  absl::StatusOr<cnn::Model> read = ReadModelFile(out);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->node_size(), 4);
  EXPECT_EQ(read->node(2).name(), "conv_tucker_out");
  EXPECT_EQ(read->node(2).output(0), "conv");
}

TEST(CnnDecomposeCommandTest, AutomaticRanksOnRandomWeightsKeepTheLayer) {
  const std::string model = WriteConvModel();
  std::string output;
  absl::Status status = RunCommandForTest(
      &RunCnnDecomposeCommand,
      {"--model=" + model, "--out=" + TempPath("kept.model"), "--ranks=energy:0.999"}, output);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(output, HasSubstr("conv: 4->16 channels 3x3, ranks 4,16: kept (full ranks)\n"));
  EXPECT_THAT(output, EndsWith("\nflops_ratio=1.0000\n"));
}

TEST(CnnDecomposeCommandTest, ErrorsNameTheFlagOrLayer) {
  const std::string model = "--model=" + WriteConvModel();
  const std::string out = "--out=" + TempPath("x.model");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{model, out}, "--ranks"},
      {{model, "--ranks=vbmf"}, "--out"},
      {{model, out, "--ranks=2"}, "expected vbmf, energy:X or R1,R2"},
      {{model, out, "--ranks=energy:2"}, "must be in (0, 1]"},
      {{model, out, "--ranks=5,4"}, "convs.model: Conv node 'conv': ranks 5,4 exceed its 4 input"},
      {{model, out, "--ranks=2,2", "--layers=y"},
       "Conv node 'y': cannot be Tucker-2 decomposed: a 1x1 convolution"},
      {{model, out, "--ranks=2,2", "--layers=conv,nothing"}, "no node named 'nothing'"},
      {{model, "--out=/nonexistent/dir/x.model", "--ranks=2,2"}, "/nonexistent/dir/x.model"},
      {{model, out, "--ranks=2,2", "--cache=1"}, "cache"},
  };
  for (const auto& [args, message] : cases) {
    std::string output;
    absl::Status status = RunCommandForTest(&RunCnnDecomposeCommand, args, output);
    ASSERT_FALSE(status.ok()) << message;
    EXPECT_THAT(status.message(), HasSubstr(message));
  }
}

}  // namespace
}  // namespace sentio
