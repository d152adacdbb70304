// The OpenCL engine's failure handling, by fault injection (gpu/opencl_fault.h): each failure of
// the device hands the model to the CPU engine with a one-line warning naming the cause and the
// results stay right; with the fallback off the cause is the error; errors of the model or the
// inputs are not failures of the device.
#include "gpu/opencl_or_cpu_engine.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>

#include "cnn/engine/reference_engine.h"
#include "cnn/ir/model_builder_for_test.h"
#include "cnn/ir/node_attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::gpu {
namespace {

using cnn::engine::EngineOptions;
using cnn::engine::ReferenceEngine;
using cnn::engine::TensorMap;
using ::testing::HasSubstr;

// Sets SENTIO_OPENCL_FAULT for the lifetime of the object.
class InjectedFault {
 public:
  explicit InjectedFault(const char* steps) { setenv("SENTIO_OPENCL_FAULT", steps, 1); }
  ~InjectedFault() { unsetenv("SENTIO_OPENCL_FAULT"); }
};

cnn::Model SmallNetwork() {
  cnn::Model model;
  AddInput(model, "x", {1, 2, 5, 5});
  AddWeights(model, "w", {3, 2, 3, 3}, std::vector<float>(54, 0.25f));
  AddWeights(model, "b", {3}, {0.5f, -1.0f, 2.0f});
  cnn::Node& conv = AddNode(model, "Conv", {"x", "w", "b"}, "conv");
  SetIntsAttribute(conv, "pads", {1, 1, 1, 1});
  AddNode(model, "Relu", {"conv"}, "y");
  AddOutput(model, "y");
  return model;
}

Tensor Input() {
  std::vector<float> values(50);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 7) - 3.0f;
  return Tensor::FromValues({1, 2, 5, 5}, values).value();
}

TensorMap Expected() {
  ReferenceEngine reference;
  EXPECT_TRUE(reference.Load(SmallNetwork()).ok());
  return reference.Run({{"x", Input()}}).value();
}

void ExpectSameOutputs(const TensorMap& actual, const TensorMap& expected) {
  const Tensor& got = actual.at("y");
  const Tensor& want = expected.at("y");
  ASSERT_EQ(got.shape(), want.shape());
  for (int64_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << i;
}

struct FaultCase {
  const char* fault;
  const char* cause;  // what the warning and the error say
};

class OpenClFaultTest : public ::testing::TestWithParam<FaultCase> {};

TEST_P(OpenClFaultTest, TheCpuEngineTakesOverWithAWarning) {
  const InjectedFault fault(GetParam().fault);
  std::ostringstream warnings;
  OpenClOrCpuEngine engine(EngineOptions{}, warnings);
  ASSERT_TRUE(engine.Load(SmallNetwork()).ok());
  absl::StatusOr<TensorMap> outputs = engine.Run({{"x", Input()}});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  ExpectSameOutputs(*outputs, Expected());
  EXPECT_TRUE(engine.on_cpu());
  const std::string warning = warnings.str();
  EXPECT_THAT(warning, HasSubstr(GetParam().cause));
  EXPECT_THAT(warning, HasSubstr("the CPU engine runs it instead\n"));
  EXPECT_EQ(std::count(warning.begin(), warning.end(), '\n'), 1) << warning;
}

TEST_P(OpenClFaultTest, WithoutFallbackTheCauseIsTheError) {
  const InjectedFault fault(GetParam().fault);
  std::ostringstream warnings;
  EngineOptions options;
  options.cpu_fallback = false;
  OpenClOrCpuEngine engine(options, warnings);
  absl::Status status = engine.Load(SmallNetwork());
  if (status.ok()) status = engine.Run({{"x", Input()}}).status();
  EXPECT_THAT(status.message(), HasSubstr(GetParam().cause));
  EXPECT_FALSE(engine.on_cpu());
  EXPECT_EQ(warnings.str(), "");
}

INSTANTIATE_TEST_SUITE_P(
    Faults, OpenClFaultTest,
    ::testing::Values(FaultCase{"platforms", "no device: no OpenCL platform is registered"},
                      FaultCase{"context", "clCreateContext on"},
                      FaultCase{"build", "did not build"},
                      FaultCase{"allocate", "CL_MEM_OBJECT_ALLOCATION_FAILURE"},
                      FaultCase{"enqueue", "CL_OUT_OF_RESOURCES"}),
    [](const ::testing::TestParamInfo<FaultCase>& info) { return std::string(info.param.fault); });

TEST(OpenClOrCpuEngineTest, RunsOnOpenClWhenNothingFails) {
  std::ostringstream warnings;
  OpenClOrCpuEngine engine(EngineOptions{}, warnings);
  ASSERT_TRUE(engine.Load(SmallNetwork()).ok());
  absl::StatusOr<TensorMap> outputs = engine.Run({{"x", Input()}});
  ASSERT_TRUE(outputs.ok()) << outputs.status();
  ExpectSameOutputs(*outputs, Expected());
  EXPECT_FALSE(engine.on_cpu());
  EXPECT_EQ(warnings.str(), "");
}

TEST(OpenClOrCpuEngineTest, ErrorsOfTheInputsAreNotDeviceFailures) {
  std::ostringstream warnings;
  OpenClOrCpuEngine engine(EngineOptions{}, warnings);
  ASSERT_TRUE(engine.Load(SmallNetwork()).ok());
  EXPECT_THAT(engine.Run({{"x", Tensor::Zeros({1, 2, 4, 4}).value()}}).status().message(),
              HasSubstr("graph input 'x' has shape [1,2,4,4]"));
  EXPECT_FALSE(engine.on_cpu());
  EXPECT_EQ(warnings.str(), "");
}

}  // namespace
}  // namespace sentio::gpu
