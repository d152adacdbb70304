#include "gpu/opencl_runtime.h"

#include <CL/cl_half.h>

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(OpenClRuntimeTest, ListsAtLeastOneDevice) {
  auto devices = ListOpenClDevices();
  ASSERT_TRUE(devices.ok()) << devices.status();
  ASSERT_THAT(*devices, Not(IsEmpty()));
  for (const OpenClDeviceInfo& device : *devices) {
    EXPECT_THAT(device.name, Not(IsEmpty()));
    EXPECT_THAT(device.version, HasSubstr("OpenCL"));
    EXPECT_GT(device.max_work_group_size, 0u);
  }
}

// Half-precision storage with fp32 arithmetic, as the CNN engine keeps its tensors: it must work
// on devices without cl_khr_fp16 (PoCL, NVIDIA's OpenCL).
TEST(OpenClRuntimeTest, RunsAKernelOnHalfStorage) {
  auto runtime = OpenClRuntime::CreateDefault();
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  auto program = (*runtime)->BuildProgram(R"(
      __kernel void scale_half(__global const half* in, __global half* out, float factor) {
        const size_t i = get_global_id(0);
        vstore_half(vload_half(i, in) * factor, i, out);
      })",
                                          "scale_half");
  ASSERT_TRUE(program.ok()) << program.status();

  const std::vector<float> input = {0.5f, -1.25f, 3.0f, 1024.0f, 0.0f};
  std::vector<cl_half> half_input;
  for (float v : input) half_input.push_back(cl_half_from_float(v, CL_HALF_RTE));
  const size_t bytes = half_input.size() * sizeof(cl_half);
  cl_int code = CL_SUCCESS;
  cl_context context = (*runtime)->context();
  cl_mem in = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes,
                             half_input.data(), &code);
  ASSERT_EQ(code, CL_SUCCESS);
  cl_mem out = clCreateBuffer(context, CL_MEM_WRITE_ONLY, bytes, nullptr, &code);
  ASSERT_EQ(code, CL_SUCCESS);
  cl_kernel kernel = clCreateKernel(*program, "scale_half", &code);
  ASSERT_EQ(code, CL_SUCCESS) << OpenClErrorName(code);
  const float factor = 2.0f;
  clSetKernelArg(kernel, 0, sizeof(cl_mem), &in);
  clSetKernelArg(kernel, 1, sizeof(cl_mem), &out);
  clSetKernelArg(kernel, 2, sizeof(float), &factor);
  const size_t global_size = input.size();
  code = clEnqueueNDRangeKernel((*runtime)->queue(), kernel, 1, nullptr, &global_size, nullptr, 0,
                                nullptr, nullptr);
  ASSERT_EQ(code, CL_SUCCESS) << OpenClErrorName(code);
  std::vector<cl_half> half_output(input.size());
  code = clEnqueueReadBuffer((*runtime)->queue(), out, CL_TRUE, 0, bytes, half_output.data(), 0,
                             nullptr, nullptr);
  ASSERT_EQ(code, CL_SUCCESS) << OpenClErrorName(code);
  for (size_t i = 0; i < input.size(); ++i) {
    EXPECT_EQ(cl_half_to_float(half_output[i]), 2 * input[i]) << "element " << i;
  }
  clReleaseKernel(kernel);
  clReleaseMemObject(in);
  clReleaseMemObject(out);
  clReleaseProgram(*program);
}

TEST(OpenClRuntimeTest, BuildErrorNamesTheProgramAndCarriesTheLog) {
  auto runtime = OpenClRuntime::CreateDefault();
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  auto program = (*runtime)->BuildProgram("__kernel void broken( {", "broken_program");
  ASSERT_FALSE(program.ok());
  EXPECT_THAT(program.status().message(), HasSubstr("OpenCL program broken_program did not build"));
  EXPECT_THAT(program.status().message(), HasSubstr("CL_BUILD_PROGRAM_FAILURE"));
}

TEST(OpenClRuntimeTest, ErrorNames) {
  EXPECT_EQ(OpenClErrorName(CL_INVALID_KERNEL_NAME), "CL_INVALID_KERNEL_NAME");
  EXPECT_EQ(OpenClErrorName(-9999), "OpenCL error -9999");
}

}  // namespace
}  // namespace sentio
