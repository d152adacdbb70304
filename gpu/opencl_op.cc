#include "gpu/opencl_op.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "cnn/ir/half.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/clip.h"

namespace sentio::gpu {
namespace {

std::map<std::string, OpenClOpKernels>& Registry() {
  static auto* registry = new std::map<std::string, OpenClOpKernels>();
  return *registry;
}

// A float constant for OpenCL C source: exact (hexadecimal) or an infinity.
std::string FloatLiteral(float value) {
  if (std::isinf(value)) return value > 0 ? "INFINITY" : "(-INFINITY)";
  return absl::StrFormat("%af", value);
}

}  // namespace

const char kActivationSource[] = R"CLC(
#ifndef ACT
#define ACT 0
#endif
inline float activate(float x) {
#if ACT == 1
  return x > 0.0f ? x : 0.0f;
#elif ACT == 2
  return x < ACT_A ? ACT_A : (x > ACT_B ? ACT_B : x);
#elif ACT == 3
  return x < 0.0f ? ACT_A * x : x;
#elif ACT == 4
  return 1.0f / (1.0f + exp(-x));
#elif ACT == 5
  return fmax(0.0f, fmin(1.0f, ACT_A * x + ACT_B));
#elif ACT == 6
  return tanh(x);
#else
  return x;
#endif
}
)CLC";

absl::Status OpenClCallError(cl_int code, absl::string_view call) {
  return absl::InternalError(absl::StrCat(call, " failed: ", OpenClErrorName(code)));
}

absl::StatusOr<Activation> Activation::Of(const cnn::Node& node) {
  Activation activation;
  if (node.input_size() != 1) return activation;
  const std::string& op = node.op_type();
  if (op == "Relu") {
    activation.kind = kRelu;
  } else if (op == "Clip") {
    ASSIGN_OR_RETURN(cnn::ClipRange range, cnn::ParseClipRange(node));
    activation.kind = kClip;
    activation.alpha = range.min;
    activation.beta = range.max;
  } else if (op == "LeakyRelu") {
    activation.kind = kLeakyRelu;
    ASSIGN_OR_RETURN(activation.alpha, cnn::FloatAttribute(node, "alpha", 0.01f));
  } else if (op == "Sigmoid") {
    activation.kind = kSigmoid;
  } else if (op == "HardSigmoid") {
    activation.kind = kHardSigmoid;
    ASSIGN_OR_RETURN(activation.alpha, cnn::FloatAttribute(node, "alpha", 0.2f));
    ASSIGN_OR_RETURN(activation.beta, cnn::FloatAttribute(node, "beta", 0.5f));
  } else if (op == "Tanh") {
    activation.kind = kTanh;
  }
  return activation;
}

std::string Activation::BuildOptions() const {
  return absl::StrCat("-DACT=", static_cast<int>(kind), " -DACT_A=", FloatLiteral(alpha),
                      " -DACT_B=", FloatLiteral(beta));
}

std::string Activation::Name() const {
  switch (kind) {
    case kNone:
      return "";
    case kRelu:
      return "relu";
    case kClip:
      return "clip";
    case kLeakyRelu:
      return "leaky_relu";
    case kSigmoid:
      return "sigmoid";
    case kHardSigmoid:
      return "hard_sigmoid";
    case kTanh:
      return "tanh";
  }
  return "";
}

OpenClPrograms::~OpenClPrograms() {
  for (auto& [key, program] : programs_) clReleaseProgram(program);
}

absl::StatusOr<cl_kernel> OpenClPrograms::MakeKernel(const std::string& source,
                                                     const std::string& name,
                                                     const std::string& options) {
  auto key = std::make_pair(source, options);
  auto found = programs_.find(key);
  if (found == programs_.end()) {
    ASSIGN_OR_RETURN(cl_program program, cache_ != nullptr
                                             ? cache_->Build(runtime_, source, name, options)
                                             : runtime_.BuildProgram(source, name, options));
    found = programs_.emplace(std::move(key), program).first;
  }
  cl_int code = CL_SUCCESS;
  cl_kernel kernel = clCreateKernel(found->second, name.c_str(), &code);
  if (code != CL_SUCCESS) return OpenClCallError(code, absl::StrCat("clCreateKernel ", name));
  return kernel;
}

SingleKernelStep::~SingleKernelStep() {
  clReleaseKernel(kernel_);
  if (owned_ != nullptr) clReleaseMemObject(owned_);
}

int64_t BufferBytes(cl_mem buffer) {
  size_t size = 0;
  if (buffer == nullptr ||
      clGetMemObjectInfo(buffer, CL_MEM_SIZE, sizeof(size), &size, nullptr) != CL_SUCCESS) {
    return 0;
  }
  return static_cast<int64_t>(size);
}

const char kWeightSource[] = R"CLC(
#if HALF_WEIGHTS
#define WEIGHT_T half
#define WEIGHT(p, i) vload_half((i), (p))
#define WEIGHT8(p) vload_half8(0, (p))
#else
#define WEIGHT_T float
#define WEIGHT(p, i) ((p)[i])
#define WEIGHT8(p) vload8(0, (p))
#endif
)CLC";

absl::StatusOr<cl_mem> UploadWeightValues(const OpenClRuntime& runtime,
                                          const std::vector<float>& values, bool as_half,
                                          const std::string& what) {
  std::vector<uint16_t> halves;
  if (as_half) {
    halves.reserve(values.size());
    for (float value : values) halves.push_back(cnn::FloatToHalf(value));
  }
  // OpenCL has no empty buffers: at least one value.
  const size_t element = as_half ? sizeof(uint16_t) : sizeof(float);
  const size_t bytes = std::max<size_t>(1, values.size()) * element;
  std::vector<char> host(bytes, 0);
  if (!values.empty()) {
    std::memcpy(host.data(), as_half ? static_cast<const void*>(halves.data()) : values.data(),
                values.size() * element);
  }
  cl_int code = CL_SUCCESS;
  cl_mem buffer = clCreateBuffer(runtime.context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes,
                                 host.data(), &code);
  if (code != CL_SUCCESS) {
    return OpenClCallError(code, absl::StrCat("uploading the ", bytes, " bytes of ", what));
  }
  return buffer;
}

absl::Status SingleKernelStep::Bind(const std::vector<DeviceTensor>& inputs,
                                    const DeviceTensor& output) {
  ASSIGN_OR_RETURN(std::vector<size_t> global, binder_(kernel_, inputs, output));
  launch_ = PlanLaunch(kernel_, std::move(global));
  return absl::OkStatus();
}

absl::Status SingleKernelStep::Enqueue(cl_command_queue queue) {
  return EnqueueKernel(queue, kernel_, launch_, name_);
}

// Enough work-groups for the threads of a CPU device to share out.
constexpr size_t kMinWorkGroups = 16;

KernelLaunch PlanLaunch(cl_kernel kernel, std::vector<size_t> global) {
  KernelLaunch launch;
  launch.local.assign(global.size(), 1);
  size_t total = 1;
  for (size_t size : global) total *= size;
  size_t kernel_limit = kMaxWorkGroupItems;
  if (clGetKernelWorkGroupInfo(kernel, nullptr, CL_KERNEL_WORK_GROUP_SIZE, sizeof(kernel_limit),
                               &kernel_limit, nullptr) != CL_SUCCESS) {
    kernel_limit = 1;
  }
  size_t budget =
      std::max<size_t>(1, std::min({kMaxWorkGroupItems, kernel_limit, total / kMinWorkGroups}));
  for (size_t d = 0; d < global.size(); ++d) {
    for (size_t size = std::min(budget, global[d]); size >= 1; --size) {
      if (global[d] % size == 0) {
        launch.local[d] = size;
        break;
      }
    }
    budget /= launch.local[d];
  }
  launch.global = std::move(global);
  return launch;
}

absl::Status EnqueueKernel(cl_command_queue queue, cl_kernel kernel, const KernelLaunch& launch,
                           const std::string& name) {
  for (size_t size : launch.global) {
    if (size == 0) return absl::OkStatus();
  }
  const cl_int code =
      clEnqueueNDRangeKernel(queue, kernel, static_cast<cl_uint>(launch.global.size()), nullptr,
                             launch.global.data(), launch.local.data(), 0, nullptr, nullptr);
  if (code != CL_SUCCESS) return OpenClCallError(code, "clEnqueueNDRangeKernel " + name);
  return absl::OkStatus();
}

void KernelArgs::Set(size_t size, const void* value) {
  const cl_int code = clSetKernelArg(kernel_, index_, size, value);
  if (code != CL_SUCCESS && status_.ok()) {
    status_ = OpenClCallError(code, absl::StrCat("clSetKernelArg ", index_));
  }
  ++index_;
}

KernelArgs& KernelArgs::Buffer(cl_mem buffer) {
  Set(sizeof(cl_mem), &buffer);
  return *this;
}

KernelArgs& KernelArgs::Int(int64_t value) {
  const cl_int narrow = static_cast<cl_int>(value);
  Set(sizeof(cl_int), &narrow);
  return *this;
}

KernelArgs& KernelArgs::Float(float value) {
  Set(sizeof(float), &value);
  return *this;
}

bool RegisterOpenClOp(const std::string& op_type, OpenClOpKernels kernels) {
  if (!Registry().emplace(op_type, std::move(kernels)).second) {
    std::fprintf(stderr, "OpenCL kernels for op %s registered twice\n", op_type.c_str());
    std::abort();
  }
  return true;
}

const OpenClOpKernels* FindOpenClOp(absl::string_view op_type) {
  auto found = Registry().find(std::string(op_type));
  return found == Registry().end() ? nullptr : &found->second;
}

}  // namespace sentio::gpu
