// What the OpenCL engine's kernels for one op are made of, and where they register: each op family
// has one file in gpu/kernels/ that holds its OpenCL C source and a factory registered by op type
// (SENTIO_REGISTER_OPENCL_OP). At load the engine asks the factory of each node's op for a step;
// a factory that has no kernel for the node's configuration (a rank, an attribute, a data type)
// returns nullptr and the engine runs that node through the op's reference kernel on the host
// instead, with the transfers counted (gpu/opencl_engine.h). The op's meaning stays in cnn/ops/:
// shapes come from shape inference, and the reference kernel is the oracle the tests compare to.
#ifndef GPU_OPENCL_OP_H_
#define GPU_OPENCL_OP_H_

#include <CL/cl.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"
#include "gpu/opencl_runtime.h"
#include "gpu/program_binary_cache.h"

namespace sentio::gpu {

using cnn::Shape;
using cnn::Tensor;

// "clSetKernelArg failed: CL_INVALID_ARG_SIZE" and so on, as an Internal error.
absl::Status OpenClCallError(cl_int code, absl::string_view call);

// The element-wise activation applied to a kernel's result before it is stored: a Conv or Gemm
// with the Relu, Clip, LeakyRelu, Sigmoid, HardSigmoid or Tanh that alone reads its output, or the
// standalone op itself. Kernel sources start with kActivationSource, which defines
// `float activate(float)` from the macros of BuildOptions.
struct Activation {
  enum Kind { kNone, kRelu, kClip, kLeakyRelu, kSigmoid, kHardSigmoid, kTanh };
  Kind kind = kNone;
  float alpha = 0, beta = 0;  // kClip: min, max; kLeakyRelu: slope; kHardSigmoid: alpha, beta

  // The activation that `node` is; kNone when it is none of the kinds above or has inputs besides
  // its one operand. Errors are those of the node's attributes.
  static absl::StatusOr<Activation> Of(const cnn::Node& node);
  // "-DACT=2 -DACT_A=... -DACT_B=..." for clBuildProgram (the constants as exact hex floats).
  std::string BuildOptions() const;
  // "relu", "clip", ... ("" for kNone), for the profile's kernel names.
  std::string Name() const;
};

// OpenCL C: `float activate(float x)` for the macros of Activation::BuildOptions.
extern const char kActivationSource[];

// A value on the device: its buffer (a region of the activation arena, or a weight's own buffer)
// and its shape.
struct DeviceTensor {
  cl_mem buffer = nullptr;
  Shape shape;
};

// Programs by source and build options, built once per engine (through the on-disk binary cache
// when one is given); kernels made from them.
class OpenClPrograms {
 public:
  OpenClPrograms(const OpenClRuntime& runtime, ProgramBinaryCache* cache = nullptr)
      : runtime_(runtime), cache_(cache) {}
  ~OpenClPrograms();
  OpenClPrograms(const OpenClPrograms&) = delete;
  OpenClPrograms& operator=(const OpenClPrograms&) = delete;

  // A new kernel `name` of `source` built with `options` (each step owns its kernels, whose
  // arguments it sets); the error carries the build log. The caller releases it.
  absl::StatusOr<cl_kernel> MakeKernel(const std::string& source, const std::string& name,
                                       const std::string& options);
  const OpenClRuntime& runtime() const { return runtime_; }

 private:
  const OpenClRuntime& runtime_;
  ProgramBinaryCache* cache_;
  std::map<std::pair<std::string, std::string>, cl_program> programs_;
};

// One step of a run: a node (with its fused activation) as kernels on the device.
class OpenClStep {
 public:
  virtual ~OpenClStep() = default;
  // Sets the kernels' arguments for these tensors (one per node input, the output last); called
  // again when a run's input shapes differ from the last.
  virtual absl::Status Bind(const std::vector<DeviceTensor>& inputs,
                            const DeviceTensor& output) = 0;
  // Enqueues the bound kernels on `queue`.
  virtual absl::Status Enqueue(cl_command_queue queue) = 0;
  // Which kernel runs, for the profile ("conv2d+relu", ...).
  virtual std::string kernel_name() const = 0;
  // Whether the kernels read node input `index` from its device buffer; a step that keeps its own
  // (packed) copy of a weight says no, and the engine does not upload that weight for it.
  virtual bool ReadsInput(int index) const { return true; }
  // The device memory the step holds of its own (packed weights, scratch buffers), in bytes.
  virtual int64_t DeviceBytes() const { return 0; }
};

// The size of `buffer` in bytes (0 for nullptr).
int64_t BufferBytes(cl_mem buffer);

// How a kernel runs: its global range (1 to 3 dimensions) and work-groups of up to
// kMaxWorkGroupItems, each dimension's size the largest divisor of its global size that fits,
// dimension 0 first, within the kernel's own limit on the device and leaving enough groups for
// every core of a CPU device: PoCL runs a work-group's items as one loop, and groups of one item
// (its default for some ranges) cost more to schedule than they compute. Planned when a step binds,
// not at each run.
inline constexpr size_t kMaxWorkGroupItems = 64;
struct KernelLaunch {
  std::vector<size_t> global, local;
};
KernelLaunch PlanLaunch(cl_kernel kernel, std::vector<size_t> global);

// Enqueues `kernel` as `launch` plans (nothing when a global size is 0); errors name `name`.
absl::Status EnqueueKernel(cl_command_queue queue, cl_kernel kernel, const KernelLaunch& launch,
                           const std::string& name);

// A step of one kernel over a global range of work-items: the binder sets its arguments for the
// tensors and returns the range (1 to 3 dimensions; zero work-items enqueue nothing).
class SingleKernelStep : public OpenClStep {
 public:
  using Binder = std::function<absl::StatusOr<std::vector<size_t>>(
      cl_kernel, const std::vector<DeviceTensor>& inputs, const DeviceTensor& output)>;
  SingleKernelStep(cl_kernel kernel, std::string name, Binder binder)
      : kernel_(kernel), name_(std::move(name)), binder_(std::move(binder)) {}
  ~SingleKernelStep() override;

  absl::Status Bind(const std::vector<DeviceTensor>& inputs, const DeviceTensor& output) override;
  absl::Status Enqueue(cl_command_queue queue) override;
  std::string kernel_name() const override { return name_; }
  bool ReadsInput(int index) const override { return index != own_input_; }
  int64_t DeviceBytes() const override { return BufferBytes(owned_); }

  // The step keeps its own device copy of node input `index` (a weight in another precision or
  // layout), released with the step; the binder passes it instead of the input's buffer.
  void OwnInput(int index, cl_mem buffer) {
    own_input_ = index;
    owned_ = buffer;
  }

 private:
  cl_kernel kernel_;
  std::string name_;
  Binder binder_;
  KernelLaunch launch_;
  int own_input_ = -1;
  cl_mem owned_ = nullptr;
};

// OpenCL C: the type and the loads of weights stored as floats, or as halves with -DHALF_WEIGHTS=1
// (vload_half, which needs no cl_khr_fp16): WEIGHT_T, WEIGHT(p, i) and WEIGHT8(p) (eight from p).
extern const char kWeightSource[];

// Weights on the device: `values` as floats, or rounded to halves when `as_half` (half the
// memory and traffic); errors name `what`. The caller releases the buffer.
absl::StatusOr<cl_mem> UploadWeightValues(const OpenClRuntime& runtime,
                                          const std::vector<float>& values, bool as_half,
                                          const std::string& what);

// Sets kernel arguments 0, 1, ... in order: cl_mem buffers, int (as cl_int) and float values.
class KernelArgs {
 public:
  explicit KernelArgs(cl_kernel kernel) : kernel_(kernel) {}
  KernelArgs& Buffer(cl_mem buffer);
  KernelArgs& Int(int64_t value);
  KernelArgs& Float(float value);
  // The first failure of the calls so far, naming the argument.
  absl::Status status() const { return status_; }

 private:
  void Set(size_t size, const void* value);
  cl_kernel kernel_;
  cl_uint index_ = 0;
  absl::Status status_;
};

// What a factory gets besides the node: the node's constant inputs (weights; nullptr for the
// values computed at run time, in the node's input order), the shapes the model was checked with
// (declared input shapes; the batch may differ at run time), the activation fused into the node
// and the program cache.
struct OpenClOpContext {
  std::vector<const Tensor*> constants;
  std::vector<Shape> input_shapes;
  Activation activation;
  OpenClPrograms* programs = nullptr;
};

// Makes the step for `node`, or nullptr when this op's kernels do not cover the node (the engine
// then falls back to the reference kernel). An error is a failure of OpenCL (a kernel that did not
// build), never a node it does not cover.
using OpenClStepFactory = std::function<absl::StatusOr<std::unique_ptr<OpenClStep>>(
    const cnn::Node& node, const OpenClOpContext& context)>;

struct OpenClOpKernels {
  OpenClStepFactory make_step;
  // Whether the factory takes a fused activation (Conv, Gemm, MatMul): the engine fuses only
  // into those.
  bool fuses_activation = false;
};

// Adds the kernels of `op_type`; a second registration of an op type is a programming error.
bool RegisterOpenClOp(const std::string& op_type, OpenClOpKernels kernels);
// The kernels registered for `op_type`, or nullptr.
const OpenClOpKernels* FindOpenClOp(absl::string_view op_type);

}  // namespace sentio::gpu

#define SENTIO_OPENCL_CONCAT_INNER(a, b) a##b
#define SENTIO_OPENCL_CONCAT(a, b) SENTIO_OPENCL_CONCAT_INNER(a, b)
// Registers `kernels` (an OpenClOpKernels expression) for op `op_type` at static initialisation;
// the file must be in a library with alwayslink = 1.
#define SENTIO_REGISTER_OPENCL_OP(op_type, kernels)                                      \
  [[maybe_unused]] static const bool SENTIO_OPENCL_CONCAT(sentio_opencl_op_, __LINE__) = \
      ::sentio::gpu::RegisterOpenClOp(op_type, kernels)

#endif  // GPU_OPENCL_OP_H_
