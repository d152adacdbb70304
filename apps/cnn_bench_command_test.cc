#include "apps/cnn_bench_command.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "apps/command_runner_for_test.h"
#include "cnn/import/model_io.h"
#include "cnn/ir/model_builder_for_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {

using cnn::import::WriteModelFile;

namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

std::string TempPath(const std::string& name) { return std::string(getenv("TEST_TMPDIR")) + "/" + name; }

// A 3x3 convolution with bias, then ReLU, on a 1x1x5x5 image; `weight` is every kernel value.
std::string WriteConvModel(const std::string& name, float weight = 0.5f) {
  cnn::Model model;
  AddInput(model, "image", {1, 1, 5, 5});
  AddWeights(model, "kernel", {2, 1, 3, 3}, std::vector<float>(18, weight));
  AddWeights(model, "bias", {2}, {0.25f, -0.25f});
  AddNode(model, "Conv", {"image", "kernel", "bias"}, "features");
  AddNode(model, "Relu", {"features"}, "activations");
  AddOutput(model, "activations");
  const std::string path = TempPath(name);
  EXPECT_TRUE(WriteModelFile(model, path).ok());
  return path;
}

// The lines of `text`.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

TEST(CnnBenchCommandTest, PrintsTheTimingsAndTheMedianLast) {
  const std::string model = WriteConvModel("conv.model");
  for (const char* engine : {"cpu", "reference"}) {
    std::string output;
    absl::Status status = RunCommandForTest(
        &RunCnnBenchCommand,
        {"--model=" + model, std::string("--engine=") + engine, "--iters=5", "--warmup=2"}, output);
    ASSERT_TRUE(status.ok()) << status;
    EXPECT_THAT(output, HasSubstr(": 2 nodes, "));
    EXPECT_THAT(output, HasSubstr("input 'image' [1,1,5,5]"));
    EXPECT_THAT(output, HasSubstr(std::string("Engine: ") + engine + ", 1 thread\n"));
    EXPECT_THAT(output, HasSubstr("Precision: fp32\n"));
    EXPECT_THAT(output, HasSubstr("Runs: 2 warm-up, 5 timed\n"));
    EXPECT_THAT(output, ContainsRegex("Latency: min [0-9.]+ ms, median [0-9.]+ ms, mean [0-9.]+ ms"));
    const std::vector<std::string> lines = Lines(output);
    ASSERT_FALSE(lines.empty());
    EXPECT_THAT(lines.back(), MatchesRegex("median_ms=[0-9]+\\.[0-9]{4}"));
    double min = 0, median = 0, mean = 0;
    for (const std::string& line : lines) {
      std::sscanf(line.c_str(), "Latency: min %lf ms, median %lf ms, mean %lf ms", &min, &median, &mean);
    }
    EXPECT_GT(min, 0);
    EXPECT_LE(min, median);
    EXPECT_LE(min, mean);
    EXPECT_NEAR(std::atof(lines.back().c_str() + std::string("median_ms=").size()), median, 1e-4);
  }
}

// `cnn profile` on each engine that profiles: a row per step with GFLOPS, the fused op, the
// output shape and the node, the last line total_ms=, and the same steps as JSON. The Conv's 324
// floating-point operations (2 x 18 outputs x 9 taps) make its GFLOPS 324 / (ms x 1e6).
TEST(CnnBenchCommandTest, ProfilePrintsGflopsAndShapesAndWritesJson) {
  const std::string model = WriteConvModel("profile.model");
  for (const char* engine : {"cpu", "opencl"}) {
    const std::string json = TempPath(std::string("profile_") + engine + ".json");
    std::string output;
    absl::Status status = RunCommandForTest(
        &RunCnnProfileCommand,
        {"--model=" + model, std::string("--engine=") + engine, "--iters=3", "--json=" + json},
        output);
    ASSERT_TRUE(status.ok()) << status;
    EXPECT_THAT(output, ContainsRegex("ms +share +GFLOPS +op +kernel +output +node\n"));
    EXPECT_THAT(output, ContainsRegex("\n +[0-9.]+ +[0-9.]+% +[0-9.]+ +Conv\\+Relu +.* +"
                                      "\\[1,2,3,3\\] +features\n"));
    EXPECT_THAT(Lines(output).back(), MatchesRegex("total_ms=[0-9]+\\.[0-9]{4}"));
    std::ifstream file(json);
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    EXPECT_THAT(text, HasSubstr(std::string("\"engine\": \"") + engine + "\""));
    EXPECT_THAT(text, ContainsRegex("\\{\"node\": \"features\", \"op\": \"Conv\\+Relu\", "
                                    "\"kernel\": \"[^\"]+\", \"output_shape\": \\[1, 2, 3, 3\\], "
                                    "\"ms\": [0-9.]+, \"gflops\": [0-9.]+, \"share\": [0-9.]+\\}"));
    double ms = 0, gflops = 0;
    const size_t at = text.find("\"ms\": ");
    ASSERT_NE(at, std::string::npos);
    std::sscanf(text.c_str() + at, "\"ms\": %lf, \"gflops\": %lf", &ms, &gflops);
    ASSERT_GT(ms, 0) << engine;
    EXPECT_NEAR(gflops, 324 / (ms * 1e6), 1e-6 + 0.001 * gflops) << engine;
  }
}

TEST(CnnBenchCommandTest, CpuEngineRunsOnTheThreadsAskedForAndReportsItsMemory) {
  const std::string model = WriteConvModel("conv.model");
  std::string output;
  absl::Status status = RunCommandForTest(
      &RunCnnBenchCommand, {"--model=" + model, "--threads=2", "--iters=2", "--warmup=1"}, output);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(output, HasSubstr("Engine: cpu, 2 threads\n"));
  EXPECT_THAT(output, ContainsRegex("Engine memory: [0-9.]+ MiB \\([1-9][0-9]* bytes"));
}

TEST(CnnBenchCommandTest, HalfPrecisionRoundsTheWeightsAndSaysSo) {
  const std::string model = WriteConvModel("conv.model");
  std::string output;
  absl::Status status = RunCommandForTest(
      &RunCnnBenchCommand, {"--model=" + model, "--precision=fp16", "--iters=1", "--warmup=0"}, output);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(output, HasSubstr("Precision: fp16 weight storage (weights rounded to half precision"));
  EXPECT_THAT(output, HasSubstr("Runs: 0 warm-up, 1 timed\n"));
}

TEST(CnnBenchCommandTest, WeightsBeyondTheHalfRangeAreAnErrorNamingFileAndInitializer) {
  const std::string model = WriteConvModel("huge.model", 1e6f);
  std::string output;
  absl::Status status =
      RunCommandForTest(&RunCnnBenchCommand, {"--model=" + model, "--precision=fp16"}, output);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("huge.model: initializer 'kernel': value 0 (1e+06)"));
}

TEST(CnnBenchCommandTest, BadFlagsAreErrorsNamingTheFlag) {
  const std::string model = "--model=" + WriteConvModel("conv.model");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{model, "--engine=gpu"}, "--engine=gpu: unknown engine 'gpu' (cpu, opencl, reference)"},
      {{model, "--precision=fp8"}, "--precision: unknown precision 'fp8'"},
      {{model, "--iters=0"}, "--iters: 0 is not positive"},
      {{model, "--warmup=-1"}, "--warmup: -1 is negative"},
      {{model, "--threads=0"}, "--threads: 0 is not 1 to 1024"},
      {{model, "--threads=two"}, "--threads"},
      {{model, "--engine=reference", "--threads=2"}, "the reference engine runs on one thread"},
      {{model, "--iterations=3"}, "iterations"},
      {{model, "--engine=opencl", "--no_fallback=maybe"}, "--no_fallback takes no value"},
      {{"--iters=3"}, "--model"},
      {{"--model=" + TempPath("missing.model")}, "missing.model"},
  };
  for (const auto& [args, message] : cases) {
    std::string output;
    absl::Status status = RunCommandForTest(&RunCnnBenchCommand, args, output);
    ASSERT_FALSE(status.ok()) << args.back();
    EXPECT_THAT(status.message(), HasSubstr(message)) << args.back();
  }
}

}  // namespace
}  // namespace sentio
