// torchvision's ResNet-18/50, MobileNetV3-small/large, SqueezeNet 1.1, ShuffleNetV2 x1.0,
// EfficientNet-B0, DenseNet-121, GoogLeNet and MNASNet 1.0 with random weights, exported to ONNX at
// opsets 11, 13 and 17 with dynamic height and width by tools/make_torchvision_goldens.py: the CPU
// engine (one thread), the reference engine and the OpenCL engine (on PoCL in the README's test
// command; no CPU fallback) must reproduce ONNX Runtime's output on a fixed 1x3x64x80 input.
//
// The files carry no weights: each parameter initializer names its fill rule in its doc_string,
// and the test refills it with the generator the script used, bit for bit. The graph input's height
// and width are symbolic; the test fixes them to the input's shape, as a user of a dynamic-size
// model does.
//
// The error is max |actual - expected| / max |expected| over the output (the 1000 logits): the
// largest absolute error relative to the output's scale, which must be at most 1e-4.
#include <cstdint>
#include <fstream>
#include <memory>
#include <iostream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "cnn/cpu/cpu_engine.h"
#include "cnn/cpu/engine_comparison_for_test.h"
#include "cnn/engine/reference_engine.h"
#include "gpu/opencl_engine.h"
#include "cnn/import/onnx_importer.h"
#include "cnn/ir/npy.h"
#include "gtest/gtest.h"
#include "third_party/onnx/onnx.pb.h"

namespace sentio {

using cnn::ReadNpyFile;
using cnn::Tensor;
using cnn::engine::Engine;
using cnn::engine::ReferenceEngine;
using cnn::engine::TensorMap;
using cnn::import::ImportOnnxModel;

namespace {

using ::sentio::cnn::cpu::CpuEngine;
using ::sentio::cnn::cpu::MaxRelativeError;
using ::sentio::gpu::OpenClEngine;

constexpr char kDataDir[] = "tests/testdata/torchvision/";
constexpr double kMaxRelativeError = 1e-4;

// The script's generator: element k of a fill is offset + scale * u_k in float32, u_k uniform in
// [-1, 1) from the top 24 bits of splitmix64 at counter seed + (k + 1) * golden.
float UniformValue(uint64_t seed, uint64_t k) {
  uint64_t z = seed + (k + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<float>(static_cast<int64_t>(z >> 40) - (int64_t{1} << 23)) * 0x1p-23f;
}

// Refills the initializers whose doc_string reads
// "sentio_fill splitmix64 seed=<uint64> scale=<float> offset=<float>"; returns how many.
absl::StatusOr<int> RefillInitializers(onnx::ModelProto& model) {
  int filled = 0;
  for (onnx::TensorProto& tensor : *model.mutable_graph()->mutable_initializer()) {
    const std::string& doc = tensor.doc_string();
    if (doc.empty()) continue;
    std::vector<absl::string_view> words = absl::StrSplit(doc, ' ');
    uint64_t seed = 0;
    float scale = 0, offset = 0;
    if (words.size() != 5 || words[0] != "sentio_fill" || words[1] != "splitmix64" ||
        !absl::ConsumePrefix(&words[2], "seed=") || !absl::SimpleAtoi(words[2], &seed) ||
        !absl::ConsumePrefix(&words[3], "scale=") || !absl::SimpleAtof(words[3], &scale) ||
        !absl::ConsumePrefix(&words[4], "offset=") || !absl::SimpleAtof(words[4], &offset)) {
      return absl::InvalidArgumentError(
          absl::StrCat("initializer '", tensor.name(), "': bad fill rule '", doc, "'"));
    }
    int64_t count = 1;
    for (int64_t dim : tensor.dims()) count *= dim;
    std::vector<float> values(count);
    for (int64_t k = 0; k < count; ++k) {
      // Two roundings, as numpy does; the scale is a power of two wherever offset is not zero, so
      // a fused multiply-add gives the same bits.
      values[k] = offset + scale * UniformValue(seed, k);
    }
    tensor.set_raw_data(
        std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
    ++filled;
  }
  return filled;
}

absl::StatusOr<onnx::ModelProto> ReadOnnx(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  onnx::ModelProto model;
  if (!file || !model.ParseFromString(bytes.str())) {
    return absl::NotFoundError(absl::StrCat("cannot read ONNX model ", path));
  }
  return model;
}

struct Case {
  std::string model;
  int opset;
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.model << " opset " << c.opset; }

class TorchvisionConformanceTest : public ::testing::TestWithParam<Case> {};

TEST_P(TorchvisionConformanceTest, EnginesMatchOnnxRuntime) {
  const Case& c = GetParam();
  const std::string stem = absl::StrCat(kDataDir, c.model, "_opset", c.opset);
  absl::StatusOr<onnx::ModelProto> onnx_model = ReadOnnx(stem + ".onnx");
  ASSERT_TRUE(onnx_model.ok()) << onnx_model.status();
  absl::StatusOr<int> filled = RefillInitializers(*onnx_model);
  ASSERT_TRUE(filled.ok()) << filled.status();
  EXPECT_GT(*filled, 0);
  absl::StatusOr<Tensor> input = ReadNpyFile(absl::StrCat(kDataDir, "input.npy"));
  absl::StatusOr<Tensor> expected = ReadNpyFile(stem + "_output.npy");
  ASSERT_TRUE(input.ok()) << input.status();
  ASSERT_TRUE(expected.ok()) << expected.status();
  // Exported with symbolic height and width: imported at the input's shape.
  const std::string input_name = onnx_model->graph().input(0).name();
  absl::StatusOr<cnn::Model> model =
      ImportOnnxModel(*std::move(onnx_model), stem + ".onnx", {{input_name, input->shape()}});
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ(model->input(0).dim_params_size(), 4);
  EXPECT_NE(model->input(0).dim_params(2), "");
  EXPECT_NE(model->input(0).dim_params(3), "");
  CpuEngine cpu(/*threads=*/1);
  ReferenceEngine reference;
  absl::StatusOr<std::unique_ptr<OpenClEngine>> opencl = OpenClEngine::Create();
  ASSERT_TRUE(opencl.ok()) << opencl.status();
  const std::vector<std::pair<const char*, Engine*>> engines = {
      {"cpu", &cpu}, {"reference", &reference}, {"opencl", opencl->get()}};
  for (const auto& [engine_name, engine] : engines) {
    absl::Status loaded = engine->Load(*model);
    ASSERT_TRUE(loaded.ok()) << engine_name << ": " << loaded;
    absl::StatusOr<TensorMap> outputs = engine->Run({{model->input(0).name(), *input}});
    ASSERT_TRUE(outputs.ok()) << engine_name << ": " << outputs.status();
    const Tensor& actual = outputs->at(model->output(0).name());
    ASSERT_EQ(actual.shape(), expected->shape()) << engine_name;
    const double error = MaxRelativeError(actual, *expected);
    std::cout << c.model << " opset " << c.opset << " " << engine_name << ": max relative error "
              << error << "\n";
    EXPECT_LE(error, kMaxRelativeError) << engine_name;
  }
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (const char* model :
       {"resnet18", "resnet50", "mobilenet_v3_small", "mobilenet_v3_large", "squeezenet1_1",
        "shufflenet_v2_x1_0", "efficientnet_b0", "densenet121", "googlenet", "mnasnet1_0"}) {
    for (int opset : {11, 13, 17}) cases.push_back({model, opset});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Models, TorchvisionConformanceTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return absl::StrCat(info.param.model, "_opset", info.param.opset);
                         });

}  // namespace
}  // namespace sentio
