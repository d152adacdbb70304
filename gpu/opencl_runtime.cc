#include "gpu/opencl_runtime.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gpu/opencl_fault.h"

namespace sentio {
namespace {

absl::Status OpenClError(cl_int code, const std::string& what) {
  return absl::InternalError(absl::StrCat(what, " failed: ", OpenClErrorName(code)));
}

std::string PlatformString(cl_platform_id platform, cl_platform_info what) {
  size_t size = 0;
  if (clGetPlatformInfo(platform, what, 0, nullptr, &size) != CL_SUCCESS) return "";
  std::string value(size, '\0');
  clGetPlatformInfo(platform, what, size, value.data(), nullptr);
  return std::string(value.c_str());  // drop the terminating NUL
}

std::string DeviceString(cl_device_id device, cl_device_info what) {
  size_t size = 0;
  if (clGetDeviceInfo(device, what, 0, nullptr, &size) != CL_SUCCESS) return "";
  std::string value(size, '\0');
  clGetDeviceInfo(device, what, size, value.data(), nullptr);
  return std::string(value.c_str());
}

template <typename T>
T DeviceValue(cl_device_id device, cl_device_info what) {
  T value{};
  clGetDeviceInfo(device, what, sizeof(value), &value, nullptr);
  return value;
}

struct FoundDevice {
  cl_device_id id;
  OpenClDeviceInfo info;
};

absl::StatusOr<std::vector<FoundDevice>> FindDevices() {
  cl_uint num_platforms = 0;
  cl_int code = OpenClFaultInjected("platforms") ? CL_PLATFORM_NOT_FOUND_KHR
                                                 : clGetPlatformIDs(0, nullptr, &num_platforms);
  if (code == CL_PLATFORM_NOT_FOUND_KHR || (code == CL_SUCCESS && num_platforms == 0)) {
    return absl::NotFoundError(
        "no OpenCL platform is registered (install an ICD such as pocl-opencl-icd, or point "
        "OCL_ICD_VENDORS at a folder of .icd files)");
  }
  if (code != CL_SUCCESS) return OpenClError(code, "clGetPlatformIDs");
  std::vector<cl_platform_id> platforms(num_platforms);
  clGetPlatformIDs(num_platforms, platforms.data(), nullptr);

  std::vector<FoundDevice> found;
  for (cl_platform_id platform : platforms) {
    cl_uint num_devices = 0;
    if (clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, nullptr, &num_devices) != CL_SUCCESS) {
      continue;  // a platform without devices reports CL_DEVICE_NOT_FOUND
    }
    std::vector<cl_device_id> devices(num_devices);
    clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, num_devices, devices.data(), nullptr);
    for (cl_device_id device : devices) {
      OpenClDeviceInfo info;
      info.platform = PlatformString(platform, CL_PLATFORM_NAME);
      info.name = DeviceString(device, CL_DEVICE_NAME);
      info.version = DeviceString(device, CL_DEVICE_VERSION);
      info.driver_version = DeviceString(device, CL_DRIVER_VERSION);
      info.is_gpu = DeviceValue<cl_device_type>(device, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_GPU;
      info.global_memory_bytes = DeviceValue<cl_ulong>(device, CL_DEVICE_GLOBAL_MEM_SIZE);
      info.max_work_group_size = DeviceValue<size_t>(device, CL_DEVICE_MAX_WORK_GROUP_SIZE);
      info.has_fp16 = absl::StrContains(DeviceString(device, CL_DEVICE_EXTENSIONS), "cl_khr_fp16");
      info.base_address_alignment = DeviceValue<cl_uint>(device, CL_DEVICE_MEM_BASE_ADDR_ALIGN) / 8;
      info.preferred_float_vector_width =
          DeviceValue<cl_uint>(device, CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT);
      found.push_back({device, std::move(info)});
    }
  }
  if (found.empty()) return absl::NotFoundError("no OpenCL device on any registered platform");
  return found;
}

}  // namespace

std::string OpenClErrorName(cl_int code) {
  switch (code) {
    case CL_SUCCESS: return "CL_SUCCESS";
    case CL_DEVICE_NOT_FOUND: return "CL_DEVICE_NOT_FOUND";
    case CL_DEVICE_NOT_AVAILABLE: return "CL_DEVICE_NOT_AVAILABLE";
    case CL_COMPILER_NOT_AVAILABLE: return "CL_COMPILER_NOT_AVAILABLE";
    case CL_MEM_OBJECT_ALLOCATION_FAILURE: return "CL_MEM_OBJECT_ALLOCATION_FAILURE";
    case CL_OUT_OF_RESOURCES: return "CL_OUT_OF_RESOURCES";
    case CL_OUT_OF_HOST_MEMORY: return "CL_OUT_OF_HOST_MEMORY";
    case CL_BUILD_PROGRAM_FAILURE: return "CL_BUILD_PROGRAM_FAILURE";
    case CL_INVALID_VALUE: return "CL_INVALID_VALUE";
    case CL_INVALID_PLATFORM: return "CL_INVALID_PLATFORM";
    case CL_INVALID_DEVICE: return "CL_INVALID_DEVICE";
    case CL_INVALID_CONTEXT: return "CL_INVALID_CONTEXT";
    case CL_INVALID_COMMAND_QUEUE: return "CL_INVALID_COMMAND_QUEUE";
    case CL_INVALID_MEM_OBJECT: return "CL_INVALID_MEM_OBJECT";
    case CL_INVALID_BUILD_OPTIONS: return "CL_INVALID_BUILD_OPTIONS";
    case CL_INVALID_PROGRAM: return "CL_INVALID_PROGRAM";
    case CL_INVALID_KERNEL_NAME: return "CL_INVALID_KERNEL_NAME";
    case CL_INVALID_KERNEL_ARGS: return "CL_INVALID_KERNEL_ARGS";
    case CL_INVALID_ARG_INDEX: return "CL_INVALID_ARG_INDEX";
    case CL_INVALID_ARG_SIZE: return "CL_INVALID_ARG_SIZE";
    case CL_INVALID_WORK_GROUP_SIZE: return "CL_INVALID_WORK_GROUP_SIZE";
    case CL_INVALID_GLOBAL_WORK_SIZE: return "CL_INVALID_GLOBAL_WORK_SIZE";
    case CL_INVALID_BUFFER_SIZE: return "CL_INVALID_BUFFER_SIZE";
    case CL_PLATFORM_NOT_FOUND_KHR: return "CL_PLATFORM_NOT_FOUND_KHR";
    default: return absl::StrCat("OpenCL error ", code);
  }
}

absl::StatusOr<std::vector<OpenClDeviceInfo>> ListOpenClDevices() {
  absl::StatusOr<std::vector<FoundDevice>> found = FindDevices();
  if (!found.ok()) return found.status();
  std::vector<OpenClDeviceInfo> infos;
  for (const FoundDevice& device : *found) infos.push_back(device.info);
  return infos;
}

absl::StatusOr<std::unique_ptr<OpenClRuntime>> OpenClRuntime::CreateDefault() {
  absl::StatusOr<std::vector<FoundDevice>> found = FindDevices();
  if (!found.ok()) return found.status();
  const FoundDevice* chosen = &found->front();
  for (const FoundDevice& device : *found) {
    if (device.info.is_gpu) {
      chosen = &device;
      break;
    }
  }
  std::unique_ptr<OpenClRuntime> runtime(new OpenClRuntime());
  runtime->info_ = chosen->info;
  runtime->device_ = chosen->id;
  cl_int code = CL_SUCCESS;
  runtime->context_ = OpenClFaultInjected("context")
                          ? (code = CL_OUT_OF_HOST_MEMORY, nullptr)
                          : clCreateContext(nullptr, 1, &runtime->device_, nullptr, nullptr, &code);
  if (code != CL_SUCCESS) return OpenClError(code, "clCreateContext on " + chosen->info.name);
  runtime->queue_ = clCreateCommandQueue(runtime->context_, runtime->device_, 0, &code);
  if (code != CL_SUCCESS) return OpenClError(code, "clCreateCommandQueue on " + chosen->info.name);
  return runtime;
}

OpenClRuntime::~OpenClRuntime() {
  if (queue_ != nullptr) clReleaseCommandQueue(queue_);
  if (context_ != nullptr) clReleaseContext(context_);
}

absl::StatusOr<cl_program> OpenClRuntime::BuildProgram(const std::string& source,
                                                       const std::string& program_name,
                                                       const std::string& options) const {
  const char* text = source.c_str();
  const size_t length = source.size();
  cl_int code = CL_SUCCESS;
  cl_program program = clCreateProgramWithSource(context_, 1, &text, &length, &code);
  if (code != CL_SUCCESS) return OpenClError(code, "creating program " + program_name);
  code = OpenClFaultInjected("build")
             ? CL_BUILD_PROGRAM_FAILURE
             : clBuildProgram(program, 1, &device_, options.c_str(), nullptr, nullptr);
  if (code == CL_SUCCESS) return program;

  size_t log_size = 0;
  clGetProgramBuildInfo(program, device_, CL_PROGRAM_BUILD_LOG, 0, nullptr, &log_size);
  std::string log(log_size, '\0');
  clGetProgramBuildInfo(program, device_, CL_PROGRAM_BUILD_LOG, log_size, log.data(), nullptr);
  clReleaseProgram(program);
  return absl::InternalError(absl::StrCat("OpenCL program ", program_name, " did not build on ",
                                          info_.name, " (", OpenClErrorName(code), "):\n",
                                          log.c_str()));
}

absl::StatusOr<cl_program> OpenClRuntime::BuildProgramFromBinary(const std::string& binary,
                                                                 const std::string& program_name,
                                                                 const std::string& options) const {
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(binary.data());
  const size_t length = binary.size();
  cl_int binary_status = CL_SUCCESS, code = CL_SUCCESS;
  cl_program program =
      clCreateProgramWithBinary(context_, 1, &device_, &length, &bytes, &binary_status, &code);
  if (code != CL_SUCCESS || binary_status != CL_SUCCESS) {
    if (program != nullptr) clReleaseProgram(program);
    return OpenClError(code != CL_SUCCESS ? code : binary_status,
                       "loading the binary of program " + program_name);
  }
  code = clBuildProgram(program, 1, &device_, options.c_str(), nullptr, nullptr);
  if (code != CL_SUCCESS) {
    clReleaseProgram(program);
    return OpenClError(code, "building the binary of program " + program_name);
  }
  return program;
}

absl::StatusOr<std::string> OpenClRuntime::ProgramBinary(cl_program program) const {
  size_t size = 0;
  cl_int code = clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, sizeof(size), &size, nullptr);
  if (code != CL_SUCCESS) return OpenClError(code, "clGetProgramInfo(CL_PROGRAM_BINARY_SIZES)");
  std::string binary(size, '\0');
  unsigned char* data = reinterpret_cast<unsigned char*>(binary.data());
  code = clGetProgramInfo(program, CL_PROGRAM_BINARIES, sizeof(data), &data, nullptr);
  if (code != CL_SUCCESS) return OpenClError(code, "clGetProgramInfo(CL_PROGRAM_BINARIES)");
  return binary;
}

}  // namespace sentio
