// ONNX's backend node tests (onnx 1.16.0, all opsets; tools/fetch_onnx_node_tests.sh unpacks them
// into @onnx_node_tests) for the CNN op set of issue 12, run through the ONNX importer and the
// reference engine, then, where the reference engine passed, the CPU engine (1 thread).
//
// A test counts when its model has one node, of an op of the set, and its first graph input and
// all its graph outputs are float32. Its other graph inputs (weights, indices, shapes, ...) become
// initializers holding the stored input values, as importers see them in real models; the first
// input is fed to the engine, and each graph output is compared by position with the stored one:
// same shape and |a - b| <= 1e-4 + 1e-3 * |b| for every element (NaN equals NaN).
//
// The test prints one line per node test and a summary per op, fails when fewer than 95 % pass on
// the reference engine or when the CPU engine gets wrong what the reference engine got right, and
// writes every node test's result as tab-separated lines (test, op, reference, cpu, reason) to the
// file that the environment variable SENTIO_NODE_TEST_REPORT names, or else to Bazel's undeclared
// outputs folder (tools/onnx_node_failures.sh makes docs/ONNX_CONFORMANCE.md from it).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "cnn/cpu/cpu_engine.h"
#include "cnn/engine/engine_registry.h"
#include "cnn/engine/reference_engine.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/import/onnx_values.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"
#include "gtest/gtest.h"
#include "third_party/onnx/onnx.pb.h"

namespace sentio {

using cnn::NumElements;
using cnn::Shape;
using cnn::ShapeString;
using cnn::Tensor;
using cnn::engine::Engine;
using cnn::engine::EngineOptions;
using cnn::engine::MakeEngine;
using cnn::engine::ReferenceEngine;
using cnn::engine::TensorMap;
using cnn::import::FloatTensor;
using cnn::import::ImportOnnxModel;

namespace {

using ::sentio::cnn::cpu::CpuEngine;

namespace fs = std::filesystem;

constexpr char kNodeTestsDir[] = "external/onnx_node_tests/node";
constexpr char kFetchHint[] = "run tools/fetch_onnx_node_tests.sh (tools/test.sh does)";
// How many node tests of onnx 1.16.0 pass the filter: fewer means tests went missing unseen.
constexpr int kExpectedNodeTests = 392;
constexpr double kRequiredPassRate = 0.95;
constexpr double kAbsoluteTolerance = 1e-4;
constexpr double kRelativeTolerance = 1e-3;

// Issue 12's op set.
const std::set<std::string>& OpSet() {
  static const auto* const ops = new std::set<std::string>{
      "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
      "LpPool", "BatchNormalization", "InstanceNormalization", "LayerNormalization", "LRN", "Relu",
      "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
      "Softplus", "Softsign", "Mish", "Gelu", "Erf", "Clip", "Softmax", "LogSoftmax", "Gemm",
      "MatMul", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Exp", "Log", "Abs", "Neg",
      "Reciprocal", "Floor", "Ceil", "Round", "Min", "Max", "Sum", "Mean", "ReduceMean",
      "ReduceMax", "ReduceMin", "ReduceSum", "ReduceProd", "ReduceL2", "ReduceLogSumExp", "ArgMax",
      "ArgMin", "Concat", "Split", "Slice", "Pad", "Reshape", "Flatten", "Transpose", "Squeeze",
      "Unsqueeze", "Expand", "Tile", "Gather", "Resize", "Upsample", "DepthToSpace",
      "SpaceToDepth", "Shape", "Size", "Cast", "CastLike", "Constant", "ConstantOfShape",
      "Identity", "Dropout", "Where", "Equal", "Greater", "Less", "Not"};
  return *ops;
}

template <typename Proto>
absl::StatusOr<Proto> ReadProtoFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot open ", path.string()));
  std::ostringstream bytes;
  bytes << file.rdbuf();
  Proto proto;
  if (!proto.ParseFromString(bytes.str())) {
    return absl::InvalidArgumentError(absl::StrCat(path.string(), " is not a valid protobuf"));
  }
  return proto;
}

bool IsFloatTensor(const onnx::ValueInfoProto& value) {
  return value.type().has_tensor_type() &&
         value.type().tensor_type().elem_type() == onnx::TensorProto::FLOAT;
}

// A stored float tensor; unlike FloatTensor, an empty one is fine (e.g. a zero-length split).
absl::StatusOr<Tensor> StoredFloatTensor(const onnx::TensorProto& proto) {
  const Shape shape(proto.dims().begin(), proto.dims().end());
  ASSIGN_OR_RETURN(int64_t count, NumElements(shape));
  if (count == 0) return Tensor::Zeros(shape);
  return FloatTensor(proto);
}

// One node test that passes the filter.
struct NodeTest {
  std::string name;
  std::string op;
  fs::path dir;
  onnx::ModelProto model;
};

// What became of one node test.
struct Outcome {
  std::string name;
  std::string op;
  bool reference_passed = false;
  bool cpu_ran = false;  // only where the reference engine passed
  bool cpu_passed = false;
  std::string reason;  // the first error of the engine that failed; empty when both passed
};

// One stored example: the first graph input's value, the model with the other inputs' values as
// initializers, and the expected outputs.
struct Example {
  Tensor input;
  onnx::ModelProto model;
  std::vector<Tensor> expected;
};

absl::StatusOr<Example> LoadExample(const NodeTest& test, const fs::path& data_set) {
  Example example;
  example.model = test.model;
  onnx::GraphProto& graph = *example.model.mutable_graph();
  for (int i = 0; i < graph.input_size(); ++i) {
    ASSIGN_OR_RETURN(onnx::TensorProto value, ReadProtoFile<onnx::TensorProto>(
                                                  data_set / absl::StrCat("input_", i, ".pb")));
    if (i == 0) {
      ASSIGN_OR_RETURN(example.input, StoredFloatTensor(value));
    } else {
      value.set_name(graph.input(i).name());
      *graph.add_initializer() = std::move(value);
    }
  }
  graph.mutable_input()->DeleteSubrange(1, graph.input_size() - 1);
  for (int i = 0; i < graph.output_size(); ++i) {
    ASSIGN_OR_RETURN(onnx::TensorProto value, ReadProtoFile<onnx::TensorProto>(
                                                  data_set / absl::StrCat("output_", i, ".pb")));
    ASSIGN_OR_RETURN(Tensor expected, StoredFloatTensor(value));
    example.expected.push_back(std::move(expected));
  }
  return example;
}

// `tolerance_scale` widens both tolerances (an engine that stores values in half precision).
bool Close(float actual, float expected, double tolerance_scale) {
  if (std::isnan(actual) || std::isnan(expected)) return std::isnan(actual) && std::isnan(expected);
  if (actual == expected) return true;  // also equal infinities
  return std::fabs(double{actual} - expected) <=
         tolerance_scale * (kAbsoluteTolerance + kRelativeTolerance * std::fabs(double{expected}));
}

// OK when every output matches; else the first output that does not, and how.
absl::Status CompareOutputs(const std::vector<std::string>& output_names, const TensorMap& outputs,
                            const std::vector<Tensor>& expected, double tolerance_scale) {
  if (output_names.size() != expected.size()) {
    return absl::InternalError(absl::StrCat("the imported model has ", output_names.size(),
                                            " outputs, ONNX's ", expected.size()));
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    auto found = outputs.find(output_names[i]);
    if (found == outputs.end()) {
      return absl::InternalError(absl::StrCat("output ", i, " '", output_names[i], "' missing"));
    }
    const Tensor& actual = found->second;
    if (actual.shape() != expected[i].shape()) {
      return absl::InternalError(absl::StrCat("output ", i, " has shape ",
                                              ShapeString(actual.shape()), ", expected ",
                                              ShapeString(expected[i].shape())));
    }
    int64_t mismatches = 0;
    int64_t worst = -1;
    double worst_error = -1;
    for (int64_t j = 0; j < actual.size(); ++j) {
      if (Close(actual[j], expected[i][j], tolerance_scale)) continue;
      ++mismatches;
      const double error = std::fabs(double{actual[j]} - expected[i][j]);
      if (worst < 0 || !(error <= worst_error)) {  // a NaN error is the worst
        worst = j;
        worst_error = error;
      }
    }
    if (mismatches > 0) {
      return absl::InternalError(absl::StrFormat(
          "output %d: %d of %d values differ, max |a-b| %g at %d (got %g, expected %g)", i,
          mismatches, actual.size(), worst_error, worst, actual[worst], expected[i][worst]));
    }
  }
  return absl::OkStatus();
}

// Loads the imported `model` into `engine`, runs it on `input` and compares the outputs.
absl::Status RunAndCompare(Engine& engine, cnn::Model model, const Tensor& input,
                           const std::vector<Tensor>& expected, double tolerance_scale = 1) {
  if (model.input_size() != 1) {
    return absl::InternalError(
        absl::StrCat("the imported model has ", model.input_size(), " inputs, not 1"));
  }
  const std::string input_name = model.input(0).name();
  std::vector<std::string> output_names;
  for (const cnn::ValueInfo& output : model.output()) output_names.push_back(output.name());
  if (absl::Status loaded = engine.Load(std::move(model)); !loaded.ok()) {
    return absl::InternalError(absl::StrCat("load: ", loaded.message()));
  }
  absl::StatusOr<TensorMap> outputs = engine.Run({{input_name, input}});
  if (!outputs.ok()) return absl::InternalError(absl::StrCat("run: ", outputs.status().message()));
  return CompareOutputs(output_names, *outputs, expected, tolerance_scale);
}

std::string OneLine(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"\n", " "}, {"\t", " "}, {"\r", " "}});
}

Outcome RunNodeTest(const NodeTest& test) {
  Outcome outcome;
  outcome.name = test.name;
  outcome.op = test.op;
  std::vector<fs::path> data_sets;
  for (const fs::directory_entry& entry : fs::directory_iterator(test.dir)) {
    if (entry.path().filename().string().rfind("test_data_set_", 0) == 0) {
      data_sets.push_back(entry.path());
    }
  }
  std::sort(data_sets.begin(), data_sets.end());
  if (data_sets.empty()) {
    outcome.reason = "no test_data_set_* folder";
    return outcome;
  }
  // Every data set must pass; the first failure is the reason.
  for (const fs::path& data_set : data_sets) {
    const std::string prefix =
        data_sets.size() > 1 ? absl::StrCat(data_set.filename().string(), ": ") : "";
    absl::StatusOr<Example> example = LoadExample(test, data_set);
    if (!example.ok()) {
      outcome.reason = OneLine(absl::StrCat(prefix, "data: ", example.status().message()));
      return outcome;
    }
    absl::StatusOr<cnn::Model> model = ImportOnnxModel(std::move(example->model), test.name);
    if (!model.ok()) {
      // The importer's errors start with the file name, which here is the test's.
      absl::string_view message = model.status().message();
      absl::ConsumePrefix(&message, absl::StrCat(test.name, ": "));
      outcome.reason = OneLine(absl::StrCat(prefix, "import: ", message));
      return outcome;
    }
    ReferenceEngine reference;
    if (absl::Status status = RunAndCompare(reference, *model, example->input, example->expected);
        !status.ok()) {
      outcome.reason = OneLine(absl::StrCat(prefix, status.message()));
      return outcome;
    }
    CpuEngine cpu(/*threads=*/1);
    outcome.cpu_ran = true;
    if (absl::Status status =
            RunAndCompare(cpu, *std::move(model), example->input, example->expected);
        !status.ok()) {
      outcome.reference_passed = true;
      outcome.reason = OneLine(absl::StrCat(prefix, "CPU engine: ", status.message()));
      return outcome;
    }
  }
  outcome.reference_passed = true;
  outcome.cpu_passed = true;
  return outcome;
}

// The node tests under `dir` that pass the filter, by name; a model that cannot be read is an
// error (it would otherwise vanish from the count).
absl::StatusOr<std::vector<NodeTest>> FindNodeTests(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    return absl::NotFoundError(
        absl::StrCat("no ONNX node tests in ", dir.string(), ": ", kFetchHint));
  }
  std::vector<fs::path> test_dirs;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory()) test_dirs.push_back(entry.path());
  }
  std::sort(test_dirs.begin(), test_dirs.end());
  std::vector<NodeTest> tests;
  for (const fs::path& test_dir : test_dirs) {
    ASSIGN_OR_RETURN(onnx::ModelProto model,
                     ReadProtoFile<onnx::ModelProto>(test_dir / "model.onnx"));
    const onnx::GraphProto& graph = model.graph();
    if (graph.node_size() != 1 || OpSet().count(graph.node(0).op_type()) == 0) continue;
    if (graph.input_size() == 0 || !IsFloatTensor(graph.input(0))) continue;
    if (!std::all_of(graph.output().begin(), graph.output().end(), IsFloatTensor)) continue;
    NodeTest test;
    test.name = test_dir.filename().string();
    test.op = graph.node(0).op_type();
    test.dir = test_dir;
    test.model = std::move(model);
    tests.push_back(std::move(test));
  }
  if (tests.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no node test of the op set in ", dir.string(), ": ",
                     test_dirs.empty() ? kFetchHint : "the filter is wrong"));
  }
  return tests;
}

// The path the report goes to, or empty for none.
std::string ReportPath() {
  if (const char* path = std::getenv("SENTIO_NODE_TEST_REPORT"); path != nullptr && *path) {
    return path;
  }
  if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR"); dir != nullptr && *dir) {
    return absl::StrCat(dir, "/onnx_node_tests.tsv");
  }
  return "";
}

void WriteReport(const std::vector<Outcome>& outcomes) {
  const std::string path = ReportPath();
  if (path.empty()) return;
  std::ofstream report(path);
  report << "test\top\treference\tcpu\treason\n";
  for (const Outcome& outcome : outcomes) {
    report << outcome.name << '\t' << outcome.op << '\t'
           << (outcome.reference_passed ? "pass" : "fail") << '\t'
           << (!outcome.cpu_ran ? "-" : outcome.cpu_passed ? "pass" : "fail") << '\t'
           << outcome.reason << '\n';
  }
  if (!report) {
    std::printf("could not write the report to %s\n", path.c_str());
  } else {
    std::printf("report: %s\n", path.c_str());
  }
}

void PrintTables(const std::vector<Outcome>& outcomes) {
  std::printf("%-58s %-22s %-4s %-4s %s\n", "test", "op", "ref", "cpu", "first error");
  for (const Outcome& outcome : outcomes) {
    std::printf("%-58s %-22s %-4s %-4s %s\n", outcome.name.c_str(), outcome.op.c_str(),
                outcome.reference_passed ? "pass" : "FAIL",
                !outcome.cpu_ran ? "-" : outcome.cpu_passed ? "pass" : "FAIL",
                outcome.reason.c_str());
  }
  struct Counts {
    int tests = 0, reference = 0, cpu = 0;
  };
  std::map<std::string, Counts> by_op;
  for (const Outcome& outcome : outcomes) {
    Counts& counts = by_op[outcome.op];
    ++counts.tests;
    counts.reference += outcome.reference_passed;
    counts.cpu += outcome.cpu_passed;
  }
  std::printf("\n%-22s %5s %5s %5s\n", "op", "tests", "ref", "cpu");
  for (const auto& [op, counts] : by_op) {
    std::printf("%-22s %5d %5d %5d\n", op.c_str(), counts.tests, counts.reference, counts.cpu);
  }
}

class OnnxNodeConformanceTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::vector<NodeTest>> tests = FindNodeTests(kNodeTestsDir);
    if (!tests.ok()) {
      outcomes_ = new absl::StatusOr<std::vector<Outcome>>(tests.status());
      return;
    }
    std::vector<Outcome> outcomes;
    for (const NodeTest& test : *tests) outcomes.push_back(RunNodeTest(test));
    PrintTables(outcomes);
    WriteReport(outcomes);
    outcomes_ = new absl::StatusOr<std::vector<Outcome>>(std::move(outcomes));
    tests_ = new std::vector<NodeTest>(*std::move(tests));
  }

  static void TearDownTestSuite() {
    delete outcomes_;
    outcomes_ = nullptr;
    delete tests_;
    tests_ = nullptr;
  }

  static absl::StatusOr<std::vector<Outcome>>* outcomes_;
  static std::vector<NodeTest>* tests_;
};

absl::StatusOr<std::vector<Outcome>>* OnnxNodeConformanceTest::outcomes_ = nullptr;
std::vector<NodeTest>* OnnxNodeConformanceTest::tests_ = nullptr;

TEST_F(OnnxNodeConformanceTest, ReferenceEnginePassesTheNodeTests) {
  ASSERT_TRUE(outcomes_->ok()) << outcomes_->status().message();
  const std::vector<Outcome>& outcomes = **outcomes_;
  EXPECT_EQ(outcomes.size(), kExpectedNodeTests)
      << "node tests of the op set with float32 inputs and outputs in onnx 1.16.0";
  const int passed = std::count_if(outcomes.begin(), outcomes.end(),
                                   [](const Outcome& outcome) { return outcome.reference_passed; });
  const double rate = static_cast<double>(passed) / outcomes.size();
  std::printf("reference engine: %d of %zu node tests pass (%.1f %%)\n", passed, outcomes.size(),
              100 * rate);
  EXPECT_GE(rate, kRequiredPassRate) << passed << " of " << outcomes.size()
                                     << " node tests pass on the reference engine";
}

// The op suite every engine runs: each registered engine (cnn/engine/engine_registry.h) made with
// one thread must pass every node test the reference engine passes, within the comparison's
// tolerances times its own scale. An engine joins by adding a line to the instantiation below.
struct EngineUnderTest {
  const char* name;
  double tolerance_scale;
};

class NodeTestsOnEngine : public OnnxNodeConformanceTest,
                          public testing::WithParamInterface<EngineUnderTest> {};

TEST_P(NodeTestsOnEngine, PassesWhatTheReferenceEnginePasses) {
  ASSERT_TRUE(outcomes_->ok()) << outcomes_->status().message();
  const std::vector<Outcome>& outcomes = **outcomes_;
  ASSERT_EQ(outcomes.size(), tests_->size());
  int ran = 0, passed = 0;
  for (size_t t = 0; t < outcomes.size(); ++t) {
    if (!outcomes[t].reference_passed) continue;
    const NodeTest& test = (*tests_)[t];
    ++ran;
    absl::Status result;
    for (const fs::directory_entry& entry : fs::directory_iterator(test.dir)) {
      if (entry.path().filename().string().rfind("test_data_set_", 0) != 0) continue;
      absl::StatusOr<Example> example = LoadExample(test, entry.path());
      ASSERT_TRUE(example.ok()) << test.name << ": " << example.status().message();
      absl::StatusOr<cnn::Model> model = ImportOnnxModel(std::move(example->model), test.name);
      ASSERT_TRUE(model.ok()) << test.name << ": " << model.status().message();
      EngineOptions options;
      options.threads = 1;
      absl::StatusOr<std::unique_ptr<Engine>> engine = MakeEngine(GetParam().name, options);
      ASSERT_TRUE(engine.ok()) << engine.status().message();
      result.Update(RunAndCompare(**engine, *std::move(model), example->input, example->expected,
                                  GetParam().tolerance_scale));
    }
    EXPECT_TRUE(result.ok()) << test.name << " on " << GetParam().name << ": " << result.message();
    passed += result.ok();
  }
  std::printf("%s engine: %d of the %d node tests the reference engine passes\n",
              GetParam().name, passed, ran);
}

INSTANTIATE_TEST_SUITE_P(Engines, NodeTestsOnEngine,
                         testing::Values(EngineUnderTest{"reference", 1}, EngineUnderTest{"cpu", 1},
                                         EngineUnderTest{"opencl", 1}),
                         [](const testing::TestParamInfo<EngineUnderTest>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace sentio
