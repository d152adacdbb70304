#include "apps/cnn_command.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cnn/import/model_io.h"
#include "cnn/import/onnx_builder_for_test.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/npy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {

using cnn::ReadNpyFile;
using cnn::Shape;
using cnn::Tensor;
using cnn::WriteNpyFile;
using cnn::import::OnnxBuilder;
using cnn::import::WriteModelFile;

namespace {

using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;

std::string TempPath(const std::string& name) { return std::string(getenv("TEST_TMPDIR")) + "/" + name; }

// A native model whose four class scores are the pixels of a 2x2 image (batch of 2).
std::string WritePixelModel() {
  cnn::Model model;
  AddInput(model, "image", {2, 1, 2, 2});
  AddNode(model, "Flatten", {"image"}, "scores/flat");
  AddOutput(model, "scores/flat");
  const std::string path = TempPath("pixels.model");
  EXPECT_TRUE(WriteModelFile(model, path).ok());
  return path;
}

// Three 2x2 unsigned-byte images whose brightest pixels are 1, 3 and 0, and labels 1, 3, 2.
void WriteImagesAndLabels() {
  const unsigned char images[] = {0, 0, 0x08, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2,
                                  1, 9, 2, 3, 0, 1, 2, 8, 7, 6, 5, 4};
  const unsigned char labels[] = {0, 0, 0x08, 1, 0, 0, 0, 3, 1, 3, 2};
  std::ofstream(TempPath("images.idx"), std::ios::binary)
      .write(reinterpret_cast<const char*>(images), sizeof(images));
  std::ofstream(TempPath("labels.idx"), std::ios::binary)
      .write(reinterpret_cast<const char*>(labels), sizeof(labels));
}

absl::Status RunCommand(absl::Status (*command)(CommandLine&, std::ostream&),
                 const std::vector<std::string>& args, std::string& output) {
  absl::StatusOr<CommandLine> flags = CommandLine::Parse(args);
  EXPECT_TRUE(flags.ok()) << flags.status();
  std::ostringstream out;
  absl::Status status = command(*flags, out);
  output = out.str();
  return status;
}

TEST(CnnCommandTest, EvalPrintsTheReportAndAccuracyLast) {
  const std::string model = WritePixelModel();
  WriteImagesAndLabels();
  for (const char* engine : {"cpu", "opencl", "reference"}) {
    std::string output;
    absl::Status status = RunCommand(&RunCnnEvalCommand,
                              {"--model=" + model, "--images=" + TempPath("images.idx"),
                               "--labels=" + TempPath("labels.idx"), std::string("--engine=") + engine},
                              output);
    ASSERT_TRUE(status.ok()) << status;
    EXPECT_THAT(output, HasSubstr("3 images of 2x2"));
    EXPECT_THAT(output, HasSubstr("Engine: " + std::string(engine)));
    EXPECT_THAT(output, EndsWith("\naccuracy=0.6667\n"));
  }
}

TEST(CnnCommandTest, EvalScalesPixels) {
  const std::string model = WritePixelModel();
  WriteImagesAndLabels();
  std::string output;
  // (pixel - 10) * -1 makes the darkest pixel win: 0, 0, 3 against labels 1, 3, 2.
  ASSERT_TRUE(RunCommand(&RunCnnEvalCommand,
                  {"--model=" + model, "--images=" + TempPath("images.idx"),
                   "--labels=" + TempPath("labels.idx"), "--mean=10", "--scale=-1"},
                  output)
                  .ok());
  EXPECT_THAT(output, HasSubstr("Input: (pixel - 10) * -1"));
  EXPECT_THAT(output, EndsWith("\naccuracy=0.0000\n"));
}

TEST(CnnCommandTest, EvalErrorsNameTheProblem) {
  const std::string model = WritePixelModel();
  WriteImagesAndLabels();
  const std::vector<std::string> base = {"--model=" + model, "--images=" + TempPath("images.idx"),
                                         "--labels=" + TempPath("labels.idx")};
  std::string output;
  std::vector<std::string> args = base;
  args.push_back("--engine=tpu");
  EXPECT_THAT(RunCommand(&RunCnnEvalCommand, args, output).message(),
              HasSubstr("--engine=tpu: unknown engine 'tpu' (cpu, opencl, reference)"));
  args = base;
  args.push_back("--scael=2");
  EXPECT_THAT(RunCommand(&RunCnnEvalCommand, args, output).message(), HasSubstr("scael"));
  args = {"--model=" + TempPath("net.prototxt"), "--images=x", "--labels=y"};
  EXPECT_THAT(RunCommand(&RunCnnEvalCommand, args, output).message(),
              HasSubstr("net.prototxt: a Caffe model needs its weights"));
  args = {"--model=" + model, "--images=" + TempPath("images.idx"),
          "--labels=" + TempPath("images.idx")};
  EXPECT_THAT(RunCommand(&RunCnnEvalCommand, args, output).message(), HasSubstr("labels for the 3 images"));
}

TEST(CnnCommandTest, RunWritesEachOutputAsNpy) {
  const std::string model = WritePixelModel();
  ASSERT_TRUE(WriteNpyFile(Tensor::FromValues({1, 1, 2, 2}, {1, 2, 3, 4}).value(),
                           TempPath("in.npy"))
                  .ok());
  std::string output;
  absl::Status status = RunCommand(&RunCnnRunCommand,
                            {"--model=" + model, "--input=" + TempPath("in.npy"),
                             "--output_dir=" + TempPath("run_out")},
                            output);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(output, EndsWith("\noutputs=1\n"));
  absl::StatusOr<Tensor> written = ReadNpyFile(TempPath("run_out/scores_flat.npy"));
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_THAT(written->shape(), ElementsAre(1, 4));
  EXPECT_THAT(written->values(), ElementsAre(1, 2, 3, 4));
}

TEST(CnnCommandTest, RunRejectsAnInputOfTheWrongShape) {
  const std::string model = WritePixelModel();
  ASSERT_TRUE(WriteNpyFile(Tensor::Zeros({1, 3}).value(), TempPath("wrong.npy")).ok());
  std::string output;
  EXPECT_THAT(RunCommand(&RunCnnRunCommand,
                  {"--model=" + model, "--input=" + TempPath("wrong.npy"),
                   "--output_dir=" + TempPath("run_wrong")},
                  output)
                  .message(),
              HasSubstr("wrong.npy: graph input 'image' has shape [1,3]"));
}

// An ONNX model with symbolic height and width: y = Identity(Relu(x)), x [1, 1, H, W].
std::string WriteDynamicOnnxModel() {
  OnnxBuilder onnx(17);
  onnx.Input("x", {1, 1, 1, 1}, false);
  onnx.Node("Relu", {"x"}, "r");
  onnx.Node("Identity", {"r"}, "y");
  onnx.Output("y");
  onnx::ModelProto model = onnx.model();
  onnx::TensorShapeProto& dims =
      *model.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
  dims.mutable_dim(2)->set_dim_param("height");
  dims.mutable_dim(3)->set_dim_param("width");
  const std::string path = TempPath("dynamic.onnx");
  std::ofstream(path, std::ios::binary) << model.SerializeAsString();
  return path;
}

TEST(CnnCommandTest, RunTakesTheInputsShapeAndNamesFilesAfterGraphOutputs) {
  const std::string model = WriteDynamicOnnxModel();
  for (const Shape& shape : {Shape{1, 1, 2, 3}, Shape{1, 1, 4, 1}}) {
    Tensor input = Tensor::Zeros(shape).value();
    for (int64_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(i) - 2;
    ASSERT_TRUE(WriteNpyFile(input, TempPath("dynamic_in.npy")).ok());
    std::string output;
    absl::Status status = RunCommand(&RunCnnRunCommand,
                                     {"--model=" + model, "--input=" + TempPath("dynamic_in.npy"),
                                      "--output_dir=" + TempPath("dynamic_out")},
                                     output);
    ASSERT_TRUE(status.ok()) << status;
    // The graph output is Identity's: written as y.npy, not under Relu's output name.
    absl::StatusOr<Tensor> written = ReadNpyFile(TempPath("dynamic_out/y.npy"));
    ASSERT_TRUE(written.ok()) << written.status();
    EXPECT_EQ(written->shape(), shape);
    for (int64_t i = 0; i < input.size(); ++i) EXPECT_EQ((*written)[i], std::max(input[i], 0.0f));
  }
}

TEST(CnnCommandTest, ADirectoryAsTheModelIsNamed) {
  std::string output;
  EXPECT_THAT(RunCommand(&RunCnnRunCommand,
                         {"--model=" + TempPath(""), "--input=" + TempPath("in.npy"),
                          "--output_dir=" + TempPath("dir_out")},
                         output)
                  .message(),
              HasSubstr("is a directory, not a model file"));
}

}  // namespace
}  // namespace sentio
