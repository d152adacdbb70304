// The OpenCL runtime the GPU engine runs on: finds a device (a GPU when one is registered, else
// the CPU through PoCL), owns its context and queue, and builds programs with the compiler log in
// the error when a kernel does not compile.
#ifndef GPU_OPENCL_RUNTIME_H_
#define GPU_OPENCL_RUNTIME_H_

#include <CL/cl.h>
#include <CL/cl_ext.h>  // CL_PLATFORM_NOT_FOUND_KHR, what the ICD loader returns with no platform

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio {

struct OpenClDeviceInfo {
  std::string platform;
  std::string name;
  std::string version;  // e.g. "OpenCL 3.0 PoCL ..."
  std::string driver_version;  // CL_DRIVER_VERSION
  bool is_gpu = false;
  uint64_t global_memory_bytes = 0;
  size_t max_work_group_size = 0;
  bool has_fp16 = false;  // cl_khr_fp16; half *storage* (vload_half) works without it
  // CL_DEVICE_MEM_BASE_ADDR_ALIGN in bytes: where sub-buffers may start.
  int64_t base_address_alignment = 0;
  // CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT: 16 on AVX-512 CPUs under PoCL, 1 on NVIDIA GPUs.
  int preferred_float_vector_width = 1;
};

// Every device of every registered platform. Fails with the OpenCL error name when no platform is
// registered (install an ICD, e.g. pocl-opencl-icd).
absl::StatusOr<std::vector<OpenClDeviceInfo>> ListOpenClDevices();

// "CL_BUILD_PROGRAM_FAILURE" for -11, and so on; "OpenCL error N" for codes it does not know.
std::string OpenClErrorName(cl_int code);

class OpenClRuntime {
 public:
  // The first GPU of any platform, else the first device of any kind.
  static absl::StatusOr<std::unique_ptr<OpenClRuntime>> CreateDefault();
  ~OpenClRuntime();
  OpenClRuntime(const OpenClRuntime&) = delete;
  OpenClRuntime& operator=(const OpenClRuntime&) = delete;

  const OpenClDeviceInfo& device() const { return info_; }
  cl_context context() const { return context_; }
  cl_command_queue queue() const { return queue_; }

  // Compiles `source`; on failure an Internal error names `program_name` and carries the build
  // log.
  // The caller owns the returned program (clReleaseProgram).
  absl::StatusOr<cl_program> BuildProgram(const std::string& source,
                                          const std::string& program_name,
                                          const std::string& options = "") const;
  // The same from a binary of this device (ProgramBinary); an error when the driver refuses it.
  absl::StatusOr<cl_program> BuildProgramFromBinary(const std::string& binary,
                                                    const std::string& program_name,
                                                    const std::string& options = "") const;
  // The device binary of a program built for this device.
  absl::StatusOr<std::string> ProgramBinary(cl_program program) const;

 private:
  OpenClRuntime() = default;

  OpenClDeviceInfo info_;
  cl_device_id device_ = nullptr;
  cl_context context_ = nullptr;
  cl_command_queue queue_ = nullptr;
};

}  // namespace sentio

#endif  // GPU_OPENCL_RUNTIME_H_
