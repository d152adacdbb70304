// Fault injection for the tests of the OpenCL engine's failure handling: the environment variable
// SENTIO_OPENCL_FAULT names, comma-separated, the OpenCL steps that fail as a driver would fail
// them: "platforms" (no platform registered), "context" (clCreateContext: CL_OUT_OF_HOST_MEMORY),
// "build" (clBuildProgram: CL_BUILD_PROGRAM_FAILURE), "allocate" (the activation buffer:
// CL_MEM_OBJECT_ALLOCATION_FAILURE) and "enqueue" (every kernel launch: CL_OUT_OF_RESOURCES, as
// from a lost device). Unset, nothing fails.
#ifndef GPU_OPENCL_FAULT_H_
#define GPU_OPENCL_FAULT_H_

#include "absl/strings/string_view.h"

namespace sentio {

// Whether SENTIO_OPENCL_FAULT names `step` (read at each call, so tests can change it).
bool OpenClFaultInjected(absl::string_view step);

}  // namespace sentio

#endif  // GPU_OPENCL_FAULT_H_
