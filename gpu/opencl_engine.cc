#include "gpu/opencl_engine.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/engine/memory_plan.h"
#include "cnn/ir/shape_inference.h"
#include "cnn/ops/op_registry.h"
#include "gpu/opencl_fault.h"

namespace sentio::gpu {

using cnn::engine::BufferLifetime;
using cnn::engine::MemoryPlan;
using cnn::engine::NodeTiming;
using cnn::engine::PlanMemory;
using cnn::engine::TensorMap;

namespace {

// Ops whose output is their input's values under another shape: the output shares the buffer.
bool IsAlias(const cnn::Node& node) {
  const std::string& op = node.op_type();
  if (node.output_size() != 1) return false;
  if (op == "Reshape" || op == "Squeeze" || op == "Unsqueeze") return node.input_size() == 1;
  return op == "Flatten" || op == "Identity" || op == "Dropout";
}

int64_t ElementCount(const Shape& shape) {
  int64_t count = 1;
  for (int64_t d : shape) count *= d;
  return count;
}

// What a kernel may read past the end of a tensor in the arena: one 16-float vector.
constexpr int64_t kReadSlackBytes = 64;

int64_t RoundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

}  // namespace

struct OpenClEngine::Value {
  std::string name;
  const Tensor* weights = nullptr;  // the host tensor of an initializer
  cl_mem weight_buffer = nullptr;   // its device copy, when a kernel reads it
  bool graph_input = false, graph_output = false;
  int last_reader = -1;  // the last step that reads it
};

struct OpenClEngine::Step {
  const cnn::Node* node = nullptr;
  std::string op_type;  // with a fused activation after '+'
  std::vector<int> inputs, outputs;
  std::unique_ptr<OpenClStep> kernel;  // nullptr: the reference kernel on the host
  bool alias = false;
  int64_t transfer_bytes = 0;  // of a fallback step, in the latest run
  int transfers = 0;
};

struct OpenClEngine::Plan {
  std::map<std::string, Shape> input_shapes;
  std::vector<Shape> shapes;        // per value
  std::vector<cl_mem> buffers;      // per value: a region of the arena, or its weight buffer
  std::vector<cl_mem> sub_buffers;  // owned regions of the arena
  cl_mem arena = nullptr;
  int64_t arena_bytes = 0;

  ~Plan() {
    for (cl_mem buffer : sub_buffers) clReleaseMemObject(buffer);
    if (arena != nullptr) clReleaseMemObject(arena);
  }
};

absl::StatusOr<std::unique_ptr<OpenClEngine>> OpenClEngine::Create() {
  ASSIGN_OR_RETURN(std::unique_ptr<OpenClRuntime> runtime, OpenClRuntime::CreateDefault());
  return std::make_unique<OpenClEngine>(std::move(runtime));
}

OpenClEngine::OpenClEngine(std::unique_ptr<OpenClRuntime> runtime)
    : runtime_(std::move(runtime)),
      programs_(std::make_unique<OpenClPrograms>(*runtime_, &binary_cache_)) {}

OpenClEngine::~OpenClEngine() { ReleaseDeviceMemory(); }

void OpenClEngine::ReleaseDeviceMemory() {
  plan_.reset();
  steps_.clear();
  for (Value& value : values_) {
    if (value.weight_buffer != nullptr) clReleaseMemObject(value.weight_buffer);
  }
  values_.clear();
  value_ids_.clear();
  weight_bytes_ = 0;
}

absl::Status OpenClEngine::Load(cnn::Model model) {
  ReleaseDeviceMemory();
  RETURN_IF_ERROR(runner_.Load(std::move(model)));
  const cnn::Model& checked = runner_.model();
  auto add_value = [&](const std::string& name) {
    if (value_ids_.count(name) > 0) return;
    value_ids_[name] = static_cast<int>(values_.size());
    Value value;
    value.name = name;
    value.weights = runner_.FindWeights(name);
    values_.push_back(std::move(value));
  };
  for (const cnn::ValueInfo& input : checked.input()) {
    add_value(input.name());
    values_[value_ids_[input.name()]].graph_input = true;
  }
  for (const cnn::Node& node : checked.node()) {
    for (const std::string& name : node.input()) add_value(name);
    for (const std::string& name : node.output()) add_value(name);
  }
  for (const cnn::ValueInfo& output : checked.output()) {
    values_[value_ids_.at(output.name())].graph_output = true;
  }
  // The shapes the model was checked with (value_info holds every inferred shape), for the
  // kernels' factories.
  std::map<std::string, Shape> checked_shapes;
  for (const cnn::ValueInfo& info : checked.value_info()) {
    checked_shapes[info.name()] = Shape(info.dims().begin(), info.dims().end());
  }
  for (const cnn::ValueInfo& info : checked.input()) {
    checked_shapes[info.name()] = Shape(info.dims().begin(), info.dims().end());
  }
  std::vector<bool> fused_away(checked.node_size(), false);
  for (int i = 0; i < checked.node_size(); ++i) {
    if (!fused_away[i]) RETURN_IF_ERROR(AddStep(i, checked_shapes, fused_away));
  }
  for (size_t s = 0; s < steps_.size(); ++s) {
    for (int id : steps_[s].inputs) values_[id].last_reader = static_cast<int>(s);
  }
  std::map<std::string, Shape> declared;
  for (const cnn::ValueInfo& input : checked.input()) {
    declared[input.name()] = Shape(input.dims().begin(), input.dims().end());
  }
  return MakePlan(declared);
}

absl::Status OpenClEngine::AddStep(int node_index,
                                   const std::map<std::string, Shape>& checked_shapes,
                                   std::vector<bool>& fused_away) {
  const cnn::Model& model = runner_.model();
  const cnn::Node& node = model.node(node_index);
  Step step;
  step.node = &node;
  step.op_type = node.op_type();
  for (const std::string& name : node.input()) step.inputs.push_back(value_ids_.at(name));
  for (const std::string& name : node.output()) step.outputs.push_back(value_ids_.at(name));
  const OpenClOpKernels* kernels = FindOpenClOp(node.op_type());
  step.alias = IsAlias(node);
  if (step.alias) RETURN_IF_ERROR(UploadWeights(step));
  if (step.alias || kernels == nullptr || node.output_size() != 1) {
    steps_.push_back(std::move(step));
    return absl::OkStatus();
  }
  OpenClOpContext context;
  context.programs = programs_.get();
  for (const std::string& name : node.input()) {
    const Value& value = values_[value_ids_.at(name)];
    context.constants.push_back(value.weights);
  }
  for (const std::string& name : node.input()) {
    const Value& value = values_[value_ids_.at(name)];
    if (value.weights != nullptr) {
      context.input_shapes.push_back(value.weights->shape());
    } else {
      auto shape = checked_shapes.find(name);
      context.input_shapes.push_back(shape != checked_shapes.end() ? shape->second : Shape{});
    }
  }
  // Fuse the activation that alone reads this node's output.
  int fused_reader = -1;
  if (kernels->fuses_activation && !values_[step.outputs[0]].graph_output) {
    int reader = -1, reads = 0;
    for (int i = node_index + 1; i < model.node_size(); ++i) {
      for (const std::string& name : model.node(i).input()) {
        if (name == node.output(0)) {
          ++reads;
          reader = i;
        }
      }
    }
    if (reads == 1) {
      ASSIGN_OR_RETURN(Activation activation, Activation::Of(model.node(reader)));
      if (activation.kind != Activation::kNone) {
        context.activation = activation;
        step.op_type += "+" + model.node(reader).op_type();
        step.outputs = {value_ids_.at(model.node(reader).output(0))};
        fused_away[reader] = true;
        fused_reader = reader;
      }
    }
  }
  ASSIGN_OR_RETURN(step.kernel, kernels->make_step(node, context));
  if (step.kernel == nullptr && fused_reader >= 0) {
    // The node falls back after all: its activation runs as its own step again (and only that
    // one: activations fused into earlier nodes stay fused).
    step.op_type = node.op_type();
    step.outputs = {value_ids_.at(node.output(0))};
    fused_away[fused_reader] = false;
  }
  if (step.kernel != nullptr) RETURN_IF_ERROR(UploadWeights(step));
  steps_.push_back(std::move(step));
  return absl::OkStatus();
}

absl::Status OpenClEngine::UploadWeights(const Step& step) {
  for (size_t i = 0; i < step.inputs.size(); ++i) {
    if (step.kernel != nullptr && !step.kernel->ReadsInput(static_cast<int>(i))) continue;
    Value& value = values_[step.inputs[i]];
    if (value.weights == nullptr || value.weight_buffer != nullptr) continue;
    const Tensor floats = value.weights->ToFloat32();
    // Slack past the end as for the arena's values (a Reshape of a weight may feed a kernel that
    // reads a vector past a row's end); at least that much, as OpenCL has no empty buffers.
    std::vector<float> host(floats.size() + kReadSlackBytes / sizeof(float), 0.0f);
    std::copy(floats.data(), floats.data() + floats.size(), host.begin());
    const size_t bytes = host.size() * sizeof(float);
    cl_int code = CL_SUCCESS;
    value.weight_buffer = clCreateBuffer(
        runtime_->context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, host.data(), &code);
    if (code != CL_SUCCESS) {
      return OpenClCallError(code, absl::StrCat("uploading weights '", value.name, "' (", bytes,
                                                " bytes) with clCreateBuffer"));
    }
    weight_bytes_ += static_cast<int64_t>(bytes);
  }
  return absl::OkStatus();
}

absl::Status OpenClEngine::MakePlan(const std::map<std::string, Shape>& input_shapes) {
  auto plan = std::make_unique<Plan>();
  plan->input_shapes = input_shapes;
  plan->shapes.resize(values_.size());
  plan->buffers.assign(values_.size(), nullptr);
  for (size_t id = 0; id < values_.size(); ++id) {
    if (values_[id].weights != nullptr) plan->shapes[id] = values_[id].weights->shape();
  }
  std::vector<BufferLifetime> lifetimes;
  std::vector<int> buffer_of(values_.size(), -1);
  // Sub-buffers must start at multiples of the device's base address alignment.
  const int64_t alignment =
      std::max<int64_t>(cnn::engine::kArenaAlignment, runtime_->device().base_address_alignment);
  auto add_lifetime = [&](int id, int first_step) {
    const Value& value = values_[id];
    BufferLifetime lifetime;
    // Slack past the end: vector loads of a tensor's last row may read that far (gpu/kernels/).
    lifetime.size = RoundUp(ElementCount(plan->shapes[id]) * 4 + kReadSlackBytes, alignment);
    lifetime.first_step = first_step;
    lifetime.last_step = value.graph_output ? static_cast<int>(steps_.size())
                                            : std::max(value.last_reader, first_step);
    buffer_of[id] = static_cast<int>(lifetimes.size());
    lifetimes.push_back(lifetime);
  };
  for (const auto& [name, shape] : input_shapes) {
    const int id = value_ids_.at(name);
    plan->shapes[id] = shape;
    add_lifetime(id, 0);
  }
  for (size_t s = 0; s < steps_.size(); ++s) {
    const Step& step = steps_[s];
    std::vector<Shape> shapes_in;
    for (int id : step.inputs) shapes_in.push_back(plan->shapes[id]);
    ASSIGN_OR_RETURN(std::vector<Shape> shapes_out,
                     cnn::InferNodeOutputShapes(*step.node, shapes_in));
    for (size_t i = 0; i < step.outputs.size(); ++i) {
      const int id = step.outputs[i];
      plan->shapes[id] = shapes_out[std::min(i, shapes_out.size() - 1)];
      if (ElementCount(plan->shapes[id]) > INT_MAX) {
        return absl::InvalidArgumentError(absl::StrCat(
            "value '", values_[id].name, "' of shape ", cnn::ShapeString(plan->shapes[id]),
            " has more elements than the OpenCL kernels' 32-bit indices reach"));
      }
      const int input_buffer = step.inputs.empty() ? -1 : buffer_of[step.inputs[0]];
      if (step.alias && input_buffer >= 0) {
        buffer_of[id] = input_buffer;
        BufferLifetime& shared = lifetimes[input_buffer];
        shared.last_step =
            std::max(shared.last_step, values_[id].graph_output ? static_cast<int>(steps_.size())
                                                                : values_[id].last_reader);
        continue;
      }
      add_lifetime(id, static_cast<int>(s));
    }
  }
  const MemoryPlan memory = PlanMemory(lifetimes);
  plan->arena_bytes = std::max<int64_t>(alignment, memory.arena_size);
  cl_int code = CL_SUCCESS;
  plan->arena = OpenClFaultInjected("allocate")
                    ? (code = CL_MEM_OBJECT_ALLOCATION_FAILURE, nullptr)
                    : clCreateBuffer(runtime_->context(), CL_MEM_READ_WRITE, plan->arena_bytes,
                                     nullptr, &code);
  if (code != CL_SUCCESS) {
    return absl::ResourceExhaustedError(
        absl::StrCat("allocating ", plan->arena_bytes, " bytes of activations on ",
                     runtime_->device().name, " (", runtime_->device().global_memory_bytes,
                     " bytes of device memory) failed: ", OpenClErrorName(code)));
  }
  std::vector<cl_mem> regions(lifetimes.size(), nullptr);
  for (size_t b = 0; b < lifetimes.size(); ++b) {
    cl_buffer_region region{static_cast<size_t>(memory.offsets[b]),
                            static_cast<size_t>(lifetimes[b].size)};
    regions[b] = clCreateSubBuffer(plan->arena, CL_MEM_READ_WRITE, CL_BUFFER_CREATE_TYPE_REGION,
                                   &region, &code);
    if (code != CL_SUCCESS) return OpenClCallError(code, "clCreateSubBuffer");
    plan->sub_buffers.push_back(regions[b]);
  }
  for (size_t id = 0; id < values_.size(); ++id) {
    if (buffer_of[id] >= 0) {
      plan->buffers[id] = regions[buffer_of[id]];
    } else if (values_[id].weight_buffer != nullptr) {
      plan->buffers[id] = values_[id].weight_buffer;
    }
  }
  // An alias of a weight shares the weight's buffer.
  for (const Step& step : steps_) {
    if (step.alias && plan->buffers[step.outputs[0]] == nullptr) {
      plan->buffers[step.outputs[0]] = plan->buffers[step.inputs[0]];
    }
  }
  for (Step& step : steps_) {
    if (step.kernel == nullptr) continue;
    std::vector<DeviceTensor> inputs;
    for (size_t i = 0; i < step.inputs.size(); ++i) {
      const int id = step.inputs[i];
      if (plan->buffers[id] == nullptr && step.kernel->ReadsInput(static_cast<int>(i))) {
        return absl::InternalError(absl::StrCat("node '", step.node->name(), "' reads value '",
                                                values_[id].name, "', which has no device buffer"));
      }
      inputs.push_back({plan->buffers[id], plan->shapes[id]});
    }
    const int out = step.outputs[0];
    RETURN_IF_ERROR(step.kernel->Bind(inputs, {plan->buffers[out], plan->shapes[out]}));
  }
  plan_ = std::move(plan);
  return absl::OkStatus();
}

absl::Status OpenClEngine::RunFallback(Step& step) {
  const cl_command_queue queue = runtime_->queue();
  step.transfers = 0;
  step.transfer_bytes = 0;
  std::vector<Tensor> held;
  held.reserve(step.inputs.size());
  std::vector<const Tensor*> inputs;
  for (int id : step.inputs) {
    const Value& value = values_[id];
    if (value.weights != nullptr) {
      held.push_back(value.weights->ToFloat32());
    } else {
      ASSIGN_OR_RETURN(Tensor tensor, Tensor::Zeros(plan_->shapes[id]));
      if (tensor.size() > 0) {
        const cl_int code =
            clEnqueueReadBuffer(queue, plan_->buffers[id], CL_TRUE, 0,
                                tensor.size() * sizeof(float), tensor.data(), 0, nullptr, nullptr);
        if (code != CL_SUCCESS) return OpenClCallError(code, "clEnqueueReadBuffer");
        ++step.transfers;
        step.transfer_bytes += static_cast<int64_t>(tensor.size() * sizeof(float));
      }
      held.push_back(std::move(tensor));
    }
  }
  for (const Tensor& tensor : held) inputs.push_back(&tensor);
  const cnn::ops::OpDefinition* op = cnn::ops::FindOp(step.node->op_type());
  if (op == nullptr) {
    return absl::UnimplementedError(absl::StrCat("no reference kernel for op ", step.op_type));
  }
  ASSIGN_OR_RETURN(std::vector<Tensor> outputs, op->run_reference(*step.node, inputs));
  for (size_t i = 0; i < step.outputs.size() && i < outputs.size(); ++i) {
    const int id = step.outputs[i];
    const Tensor floats = outputs[i].ToFloat32();
    if (floats.shape() != plan_->shapes[id]) {
      return absl::InternalError(
          absl::StrCat("the reference kernel of node '", step.node->name(), "' gave output ", i,
                       " shape ", cnn::ShapeString(floats.shape()), ", shape inference said ",
                       cnn::ShapeString(plan_->shapes[id])));
    }
    if (floats.size() == 0) continue;
    const cl_int code =
        clEnqueueWriteBuffer(queue, plan_->buffers[id], CL_TRUE, 0, floats.size() * sizeof(float),
                             floats.data(), 0, nullptr, nullptr);
    if (code != CL_SUCCESS) return OpenClCallError(code, "clEnqueueWriteBuffer");
    ++step.transfers;
    step.transfer_bytes += static_cast<int64_t>(floats.size() * sizeof(float));
  }
  return absl::OkStatus();
}

absl::StatusOr<TensorMap> OpenClEngine::Run(const TensorMap& inputs) {
  RETURN_IF_ERROR(runner_.CheckInputs(inputs));
  std::map<std::string, Shape> shapes;
  for (const auto& [name, tensor] : inputs) shapes[name] = tensor.shape();
  if (plan_ == nullptr || plan_->input_shapes != shapes) RETURN_IF_ERROR(MakePlan(shapes));
  const cl_command_queue queue = runtime_->queue();
  for (const auto& [name, tensor] : inputs) {
    const Tensor floats = tensor.ToFloat32();
    if (floats.size() == 0) continue;
    const cl_int code =
        clEnqueueWriteBuffer(queue, plan_->buffers[value_ids_.at(name)], CL_TRUE, 0,
                             floats.size() * sizeof(float), floats.data(), 0, nullptr, nullptr);
    if (code != CL_SUCCESS) {
      return OpenClCallError(code, absl::StrCat("writing graph input '", name, "'"));
    }
  }
  profile_.clear();
  for (Step& step : steps_) {
    const auto start = std::chrono::steady_clock::now();
    std::string kernel_name;
    if (step.alias) {
      kernel_name = "alias";
    } else if (step.kernel != nullptr) {
      if (OpenClFaultInjected("enqueue")) {
        return OpenClCallError(CL_OUT_OF_RESOURCES,
                               "clEnqueueNDRangeKernel " + step.kernel->kernel_name());
      }
      RETURN_IF_ERROR(step.kernel->Enqueue(queue));
      kernel_name = step.kernel->kernel_name();
    } else {
      const absl::Status ran = RunFallback(step);
      if (!ran.ok()) {
        return absl::Status(ran.code(), absl::StrCat(step.node->op_type(), " node '",
                                                     step.node->name(), "': ", ran.message()));
      }
      kernel_name = absl::StrCat("reference on the host (", step.transfers, " transfers, ",
                                 step.transfer_bytes, " bytes)");
    }
    if (profiling_) {
      clFinish(queue);
      NodeTiming timing;
      timing.node = step.node->name();
      timing.op_type = step.op_type;
      timing.kernel = kernel_name;
      timing.milliseconds =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      profile_.push_back(std::move(timing));
    }
  }
  TensorMap outputs;
  for (const cnn::ValueInfo& output : runner_.model().output()) {
    const int id = value_ids_.at(output.name());
    if (values_[id].weights != nullptr) {  // an initializer given out as it is
      outputs.emplace(output.name(), values_[id].weights->ToFloat32());
      continue;
    }
    ASSIGN_OR_RETURN(Tensor tensor, Tensor::Zeros(plan_->shapes[id]));
    if (tensor.size() > 0) {
      const cl_int code =
          clEnqueueReadBuffer(queue, plan_->buffers[id], CL_TRUE, 0, tensor.size() * sizeof(float),
                              tensor.data(), 0, nullptr, nullptr);
      if (code != CL_SUCCESS) {
        return OpenClCallError(code, absl::StrCat("reading graph output '", output.name(), "'"));
      }
    }
    outputs.emplace(output.name(), std::move(tensor));
  }
  return outputs;
}

int64_t OpenClEngine::PeakMemoryBytes() const {
  int64_t bytes = weight_bytes_ + (plan_ != nullptr ? plan_->arena_bytes : 0);
  for (const Step& step : steps_) {
    if (step.kernel != nullptr) bytes += step.kernel->DeviceBytes();
  }
  return bytes;
}

cnn::Model OpenClEngine::TakeModel() {
  ReleaseDeviceMemory();
  return runner_.TakeModel();
}

int OpenClEngine::fallback_nodes() const {
  return static_cast<int>(std::count_if(steps_.begin(), steps_.end(), [](const Step& step) {
    return !step.alias && step.kernel == nullptr;
  }));
}

}  // namespace sentio::gpu
