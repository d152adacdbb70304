#include "cnn/cpu/cpu_engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/cpu/activation.h"
#include "cnn/cpu/conv_kernels.h"
#include "cnn/cpu/cpu_engine_steps.h"
#include "cnn/cpu/cpu_ops.h"
#include "cnn/cpu/depthwise_conv.h"
#include "cnn/cpu/small_input_conv.h"
#include "cnn/cpu/wide_row_conv.h"
#include "cnn/cpu/winograd_conv.h"
#include "cnn/engine/memory_plan.h"
#include "cnn/engine/reference_ops.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/shape_inference.h"

namespace sentio::cnn::cpu {

using engine::BufferLifetime;
using engine::kArenaAlignment;
using engine::MemoryPlan;
using engine::NodeTiming;
using engine::RunReferenceNode;
using engine::TensorMap;

namespace {

int64_t ElementCount(const Shape& shape) {
  int64_t count = 1;
  for (int64_t dim : shape) count *= dim;
  return count;
}

// The activation of a Relu, Clip or LeakyRelu node; nullopt-like false for other nodes.
absl::StatusOr<bool> ParseActivation(const cnn::Node& node, Activation& activation) {
  const std::string& op = node.op_type();
  if (op == "Relu") {
    activation.kind = Activation::kRelu;
  } else if (op == "Clip") {
    ASSIGN_OR_RETURN(ClipRange range, ParseClipRange(node));
    activation.kind = Activation::kClip;
    activation.min = range.min;
    activation.max = range.max;
  } else if (op == "LeakyRelu") {
    ASSIGN_OR_RETURN(activation.alpha, FloatAttribute(node, "alpha", 0.01f));
    activation.kind = Activation::kLeakyRelu;
  } else if (op == "Sigmoid") {
    activation.kind = Activation::kSigmoid;
  } else {
    return false;
  }
  return true;
}

// The shape that shape inference recorded for value `name` (graph input, initializer or node
// output), or an empty shape.
Shape DeclaredShape(const cnn::Model& model, const std::string& name) {
  for (const cnn::ValueInfo& info : model.value_info()) {
    if (info.name() == name) return Shape(info.dims().begin(), info.dims().end());
  }
  for (const cnn::ValueInfo& info : model.input()) {
    if (info.name() == name) return Shape(info.dims().begin(), info.dims().end());
  }
  for (const cnn::TensorData& weights : model.initializer()) {
    if (weights.name() == name) return Shape(weights.dims().begin(), weights.dims().end());
  }
  return {};
}

// The Sigmoid and Mul nodes that compute x * sigmoid(x) of node `producer`'s output x, when they
// are x's only two readers and the Mul is the Sigmoid's only reader (SiLU as exporters write it).
std::optional<std::pair<int, int>> FindSilu(const cnn::Model& model, int producer) {
  const std::string& x = model.node(producer).output(0);
  int sigmoid = -1, mul = -1;
  for (int i = producer + 1; i < model.node_size(); ++i) {
    const cnn::Node& node = model.node(i);
    const bool reads_x = std::count(node.input().begin(), node.input().end(), x) > 0;
    if (!reads_x) continue;
    if (node.op_type() == "Sigmoid" && node.input_size() == 1 && sigmoid < 0) {
      sigmoid = i;
    } else if (node.op_type() == "Mul" && node.input_size() == 2 && mul < 0) {
      mul = i;
    } else {
      return std::nullopt;
    }
  }
  if (sigmoid < 0 || mul < 0 || mul < sigmoid) return std::nullopt;
  const std::string& gate = model.node(sigmoid).output(0);
  const cnn::Node& product = model.node(mul);
  if (!((product.input(0) == x && product.input(1) == gate) ||
        (product.input(0) == gate && product.input(1) == x))) {
    return std::nullopt;
  }
  for (int i = sigmoid + 1; i < model.node_size(); ++i) {
    if (i == mul) continue;
    const cnn::Node& node = model.node(i);
    if (std::count(node.input().begin(), node.input().end(), gate) > 0) return std::nullopt;
  }
  for (const cnn::ValueInfo& output : model.output()) {
    if (output.name() == gate) return std::nullopt;
  }
  return std::make_pair(sigmoid, mul);
}

// Whether PRelu's slope is one value or one per channel (axis 1), the form the CPU kernel takes.
bool IsPerChannelSlope(const Shape& x, const Shape& slope) {
  int64_t count = 1;
  for (int64_t dim : slope) count *= dim;
  if (count == 1) return true;
  if (x.size() < 2 || slope.size() > x.size() - 1) return false;
  for (size_t i = 0; i < slope.size(); ++i) {
    const size_t x_axis = x.size() - slope.size() + i;
    if (slope[i] != (x_axis == 1 ? x[1] : 1)) return false;
  }
  return true;
}


}  // namespace

const char* CpuEngine::StepKindName(StepKind kind) {
  using Kind = StepKind;
  switch (kind) {
    case Kind::kConvGemm: return "conv_gemm";
    case Kind::kDepthwiseConv: return "depthwise";
    case Kind::kSmallInputConv: return "small_input_conv";
    case Kind::kWinogradConv: return "winograd";
    case Kind::kMatrixProduct: return "matrix_product";
    case Kind::kPool: return "pool";
    case Kind::kGlobalAveragePool: return "global_average_pool";
    case Kind::kGlobalMaxPool: return "global_max_pool";
    case Kind::kUpsample: return "upsample";
    case Kind::kActivation: return "activation";
    case Kind::kTanh: return "tanh";
    case Kind::kPRelu: return "prelu";
    case Kind::kTranspose: return "transpose";
    case Kind::kLrn: return "lrn";
    case Kind::kAdd: return "add";
    case Kind::kMul: return "mul";
    case Kind::kCopy: return "copy";
    case Kind::kSoftmax: return "softmax";
    case Kind::kConcat: return "concat";
    case Kind::kChannelAffine: return "channel_affine";
    case Kind::kReference: return "reference";
  }
  return "?";
}

CpuEngine::CpuEngine(int threads)
    : pool_(std::make_unique<ThreadPool>(std::max(threads, 1))),
      gemm_(std::make_unique<GemmContext>(*pool_)) {}

CpuEngine::~CpuEngine() = default;

absl::Status CpuEngine::Load(cnn::Model model) {
  plan_.reset();
  frame_cache_.reset();
  frame_cache_stats_ = {};
  steps_.clear();
  values_.clear();
  value_ids_.clear();
  RETURN_IF_ERROR(runner_.Load(std::move(model)));
  const cnn::Model& checked = runner_.model();
  auto add_value = [this](const std::string& name) {
    auto [it, added] = value_ids_.emplace(name, static_cast<int>(values_.size()));
    if (added) {
      values_.emplace_back();
      values_.back().name = name;
    }
    return it->second;
  };
  for (const cnn::ValueInfo& input : checked.input())
    values_[add_value(input.name())].graph_input = true;
  for (const cnn::TensorData& data : checked.initializer()) {
    Value& value = values_[add_value(data.name())];
    value.is_weights = true;
    value.weights = runner_.FindWeights(data.name());
    value.weights_shape = value.weights->shape();
  }
  for (const cnn::Node& node : checked.node()) {
    for (const std::string& name : node.output()) add_value(name);
  }
  for (const cnn::ValueInfo& output : checked.output())
    values_[value_ids_.at(output.name())].graph_output = true;
  std::vector<bool> fused_away(checked.node_size(), false);
  for (int i = 0; i < checked.node_size(); ++i) {
    if (!fused_away[i]) RETURN_IF_ERROR(CompileNode(i, fused_away));
  }
  for (size_t s = 0; s < steps_.size(); ++s) {
    for (int id : steps_[s].inputs) values_[id].last_reader = static_cast<int>(s);
    for (int id : steps_[s].outputs) values_[id].producer = static_cast<int>(s);
  }
  ReleasePackedWeights();
  std::map<std::string, Shape> declared;
  for (const cnn::ValueInfo& input : checked.input()) {
    declared[input.name()] = Shape(input.dims().begin(), input.dims().end());
  }
  return MakePlan(declared);
}

absl::Status CpuEngine::CompileNode(int node_index, std::vector<bool>& fused_away) {
  const cnn::Model& model = runner_.model();
  const cnn::Node& node = model.node(node_index);
  Step step;
  step.node = &node;
  for (const std::string& name : node.input()) step.inputs.push_back(value_ids_.at(name));
  for (const std::string& name : node.output()) step.outputs.push_back(value_ids_.at(name));
  const std::string& op = node.op_type();
  // An initializer input as float32 (a float16 one is converted here, once), or nullptr.
  auto weights = [&](int input) -> const Tensor* {
    if (input >= node.input_size()) return nullptr;
    Value& value = values_[step.inputs[input]];
    if (value.weights != nullptr && value.weights->dtype() != DataType::kFloat32) {
      value.float_weights = std::make_unique<Tensor>(value.weights->ToFloat32());
      value.weights = value.float_weights.get();
    }
    return value.weights;
  };
  // The CPU kernels take 2-D windows on NCHW images; other ranks run on the reference kernel.
  const bool image_input = DeclaredShape(model, node.input(0)).size() == 4;
  bool can_fuse = false;
  // ParseConvParams / ParsePoolParams refuse what the 2-D kernels do not take (auto_pad left on
  // the node, pool dilations): such nodes run on the reference kernel too.
  if (op == "Conv" && image_input && weights(1) != nullptr && weights(1)->rank() == 4 &&
      (node.input_size() < 3 || weights(2) != nullptr) && ParseConvParams(node).ok()) {
    step.conv = *ParseConvParams(node);
    const Tensor& w = *weights(1);
    const int64_t out_c = w.dim(0), group_in = w.dim(1), k_h = w.dim(2), k_w = w.dim(3);
    const int64_t group = step.conv.group, group_out = out_c / group;
    step.bias = node.input_size() > 2 ? weights(2)->data() : nullptr;
    if (group_in == 1 && group_out == 1) {
      step.kind = Step::Kind::kDepthwiseConv;
      step.depthwise_weights = w.data();
    } else if (WinogradConv::Suits(k_h, k_w, step.conv, group_in, out_c)) {
      step.kind = Step::Kind::kWinogradConv;
      step.winograd.Prepare(w.data(), out_c, group_in);
    } else if (const Shape in = DeclaredShape(model, node.input(0)),
               out = DeclaredShape(model, node.output(0));
               group == 1 && out.size() == 4 &&
               SmallInputConvSuits({group_in, in[2], in[3], k_h, k_w, out[2], out[3], step.conv})) {
      step.kind = Step::Kind::kSmallInputConv;
      step.small_input_weights = PackSmallInputWeights(w.data(), out_c, group_in * k_h * k_w);
    } else {
      step.kind = Step::Kind::kConvGemm;
      const ConvParams& p = step.conv;
      step.direct_input = k_h == 1 && k_w == 1 && p.stride_h == 1 && p.stride_w == 1 &&
                          p.pad_top == 0 && p.pad_left == 0 && p.pad_bottom == 0 &&
                          p.pad_right == 0;
      const int64_t depth = group_in * k_h * k_w;
      step.weights.resize(group);
      for (int64_t g = 0; g < group; ++g) {
        step.weights[g].Pack(group_out, depth, w.data() + g * group_out * depth, depth, 1);
      }
    }
    can_fuse = true;
  } else if (op == "Gemm" || (op == "MatMul" && DeclaredShape(model, node.input(0)).size() >= 2 &&
                               DeclaredShape(model, node.input(1)).size() == 2)) {
    step.kind = Step::Kind::kMatrixProduct;
    if (op == "Gemm") {
      ASSIGN_OR_RETURN(int64_t trans_a, IntAttribute(node, "transA", 0));
      ASSIGN_OR_RETURN(int64_t trans_b, IntAttribute(node, "transB", 0));
      ASSIGN_OR_RETURN(step.alpha, FloatAttribute(node, "alpha", 1.0f));
      ASSIGN_OR_RETURN(step.beta, FloatAttribute(node, "beta", 1.0f));
      step.trans_a = trans_a != 0;
      step.trans_b = trans_b != 0;
    }
    // A constant B is packed at the first run with more than one row of A: a batch-1 product
    // reads it as it is (MultiplyMatrixVector), so no packed copy is made for it. A float16 B
    // stays half for that path (MultiplyHalfMatrixVector, half the bytes to read); packing
    // converts it.
    const Value& b_value = values_[step.inputs[1]];
    step.half_b = b_value.weights != nullptr && b_value.weights->dtype() == DataType::kFloat16 &&
                  b_value.weights->rank() == 2;
    const Tensor* b = step.half_b ? b_value.weights : weights(1);
    step.constant_b = b != nullptr && b->rank() == 2;
    const Tensor* c = weights(2);
    if (node.input_size() < 3) {
      step.bias_epilogue = step.alpha == 1.0f;
    } else if (c != nullptr && b != nullptr && step.alpha == 1.0f && step.beta == 1.0f) {
      const int64_t n = step.trans_b ? b->dim(0) : b->dim(1);
      step.bias_epilogue = c->shape() == Shape{n} || c->shape() == Shape{1, n};
      if (step.bias_epilogue) step.bias = c->data();
    }
    can_fuse = step.bias_epilogue;
  } else if ((op == "MaxPool" || op == "AveragePool") && image_input &&
             ParsePoolParams(node).ok()) {
    step.kind = Step::Kind::kPool;
    step.pool = *ParsePoolParams(node);
    step.is_max = op == "MaxPool";
  } else if (op == "GlobalAveragePool" && image_input) {
    step.kind = Step::Kind::kGlobalAveragePool;
  } else if (op == "GlobalMaxPool" && image_input) {
    step.kind = Step::Kind::kGlobalMaxPool;
  } else if (op == "Upsample") {
    step.kind = Step::Kind::kUpsample;
  } else if (op == "Tanh") {
    step.kind = Step::Kind::kTanh;
  } else if (op == "PRelu" && IsPerChannelSlope(DeclaredShape(model, node.input(0)),
                                                 DeclaredShape(model, node.input(1)))) {
    step.kind = Step::Kind::kPRelu;
  } else if (op == "Transpose") {
    step.kind = Step::Kind::kTranspose;
  } else if (op == "LRN") {
    step.kind = Step::Kind::kLrn;
    ASSIGN_OR_RETURN(step.lrn, ParseLrnParams(node));
  } else if (op == "Add" || op == "Mul") {
    step.kind = op == "Add" ? Step::Kind::kAdd : Step::Kind::kMul;
    can_fuse = true;  // a residual connection's Relu is applied in the same pass
  } else if (op == "Reshape" || op == "Flatten") {
    step.kind = Step::Kind::kCopy;
  } else if (op == "Softmax") {
    step.kind = Step::Kind::kSoftmax;
    ASSIGN_OR_RETURN(step.axis, IntAttribute(node, "axis", -1));
  } else if (op == "Concat") {
    step.kind = Step::Kind::kConcat;
    ASSIGN_OR_RETURN(step.axis, IntAttribute(node, "axis", 1));
  } else if (op == "BatchNormalization" && weights(1) && weights(2) && weights(3) && weights(4)) {
    step.kind = Step::Kind::kChannelAffine;
    ASSIGN_OR_RETURN(float epsilon, FloatAttribute(node, "epsilon", 1e-5f));
    const int64_t channels = weights(1)->size();
    for (int64_t c = 0; c < channels; ++c) {
      const double scale =
          (*weights(1))[c] / std::sqrt(static_cast<double>((*weights(4))[c]) + epsilon);
      step.scale.push_back(static_cast<float>(scale));
      step.shift.push_back(static_cast<float>((*weights(2))[c] - (*weights(3))[c] * scale));
    }
  } else {
    ASSIGN_OR_RETURN(bool is_activation, ParseActivation(node, step.activation));
    if (is_activation) step.kind = Step::Kind::kActivation;
  }
  // Fuse the activation that is the only reader of this step's output.
  if (can_fuse && !values_[step.outputs[0]].graph_output) {
    const std::string& output = node.output(0);
    int reader = -1, reads = 0;
    for (int i = node_index + 1; i < model.node_size(); ++i) {
      for (const std::string& name : model.node(i).input()) {
        if (name == output) {
          ++reads;
          reader = i;
        }
      }
    }
    Activation activation;
    if (reads == 1) {
      ASSIGN_OR_RETURN(bool is_activation, ParseActivation(model.node(reader), activation));
      if (is_activation && model.node(reader).input_size() == 1) {
        step.activation = activation;
        step.outputs = {value_ids_.at(model.node(reader).output(0))};
        fused_away[reader] = true;
      }
    } else if (reads == 2) {
      if (std::optional<std::pair<int, int>> silu = FindSilu(model, node_index)) {
        step.activation.kind = Activation::kSilu;
        step.outputs = {value_ids_.at(model.node(silu->second).output(0))};
        fused_away[silu->first] = fused_away[silu->second] = true;
      }
    }
  }
  steps_.push_back(std::move(step));
  return absl::OkStatus();
}

void CpuEngine::ReleasePackedWeights() {
  std::vector<bool> read_unpacked(values_.size(), false);
  std::vector<bool> read_as_half(values_.size(), false);  // float16 matrices of products
  for (const Step& step : steps_) {
    // A convolution on the GEMM reads its packed copy of the filters (input 1).
    const bool packs_input_1 =
        step.kind == Step::Kind::kConvGemm || step.kind == Step::Kind::kSmallInputConv;
    for (size_t i = 0; i < step.inputs.size(); ++i) {
      if (packs_input_1 && i == 1) continue;
      if (step.half_b && i == 1) {
        read_as_half[step.inputs[i]] = true;
      } else {
        read_unpacked[step.inputs[i]] = true;
      }
    }
  }
  for (const cnn::ValueInfo& output : runner_.model().output()) {
    read_unpacked[value_ids_.at(output.name())] = true;
  }
  for (size_t id = 0; id < values_.size(); ++id) {
    Value& value = values_[id];
    if (value.weights == nullptr) continue;
    if (!read_unpacked[id]) {
      if (read_as_half[id]) continue;  // kept as loaded, half
      runner_.ReleaseWeights(value.name);
      value.float_weights.reset();
      value.weights = nullptr;
      continue;
    }
    // Steps read these in place, as float: a float16 initializer gets its float copy now if no
    // step made it, and the engine holds only that copy.
    if (value.weights->dtype() != DataType::kFloat32) {
      value.float_weights = std::make_unique<Tensor>(value.weights->ToFloat32());
      value.weights = value.float_weights.get();
    }
    if (value.float_weights != nullptr) runner_.ReleaseWeights(value.name);
  }
}

absl::Status CpuEngine::MakePlan(const std::map<std::string, Shape>& input_shapes) {
  auto plan = std::make_unique<Plan>();
  plan->input_shapes = input_shapes;
  plan->shapes.resize(values_.size());
  plan->offsets.assign(values_.size(), -1);
  for (size_t id = 0; id < values_.size(); ++id) {
    if (values_[id].is_weights) plan->shapes[id] = values_[id].weights_shape;
  }
  for (const auto& [name, shape] : input_shapes) plan->shapes[value_ids_.at(name)] = shape;
  std::vector<BufferLifetime> lifetimes;
  std::vector<int> buffer_of(values_.size(), -1);  // per value, its lifetime's index
  for (size_t s = 0; s < steps_.size(); ++s) {
    const Step& step = steps_[s];
    std::vector<Shape> input_shapes_of_step;
    for (int id : step.inputs) input_shapes_of_step.push_back(plan->shapes[id]);
    ASSIGN_OR_RETURN(std::vector<Shape> output_shapes,
                     InferNodeOutputShapes(*step.node, input_shapes_of_step));
    for (size_t i = 0; i < step.outputs.size(); ++i) {
      // A fused activation's output has the shape of the node's own output.
      const int id = step.outputs[i];
      plan->shapes[id] = output_shapes[std::min(i, output_shapes.size() - 1)];
      const Value& value = values_[id];
      // Graph outputs, and the outputs of the steps a frame cache covers (kept for the next
      // frame), live to the end.
      const bool kept = value.graph_output ||
                        (frame_cache_ != nullptr && s < frame_cache_->cached_steps);
      const int last_step = kept ? static_cast<int>(steps_.size())
                                 : std::max(value.last_reader, static_cast<int>(s));
      // Reshape and Flatten of a value in the arena: the output is the same memory, kept alive
      // as long as either is read (no step writes into its input, so sharing is safe).
      if (step.kind == Step::Kind::kCopy && buffer_of[step.inputs[0]] >= 0) {
        buffer_of[id] = buffer_of[step.inputs[0]];
        BufferLifetime& shared = lifetimes[buffer_of[id]];
        shared.last_step = std::max(shared.last_step, last_step);
        continue;
      }
      BufferLifetime lifetime;
      lifetime.size = ElementCount(plan->shapes[id]) * static_cast<int64_t>(sizeof(float));
      lifetime.first_step = static_cast<int>(s);
      lifetime.last_step = last_step;
      buffer_of[id] = static_cast<int>(lifetimes.size());
      lifetimes.push_back(lifetime);
    }
  }
  // The plan is in bytes; the arena and the offsets kept are in floats.
  const MemoryPlan memory = PlanMemory(lifetimes);
  constexpr int64_t kFloatBytes = sizeof(float);
  plan->arena.assign((memory.arena_size + kArenaAlignment) / kFloatBytes, 0.0f);
  const uintptr_t address = reinterpret_cast<uintptr_t>(plan->arena.data());
  plan->base = plan->arena.data() + ((64 - address % 64) % 64) / sizeof(float);
  plan->data.assign(values_.size(), nullptr);
  for (size_t id = 0; id < values_.size(); ++id) {
    if (buffer_of[id] >= 0) plan->offsets[id] = memory.offsets[buffer_of[id]] / kFloatBytes;
    // Float16 weights have no float data: only the steps that read them as halves use them.
    const Tensor* weights = values_[id].weights;
    if (weights != nullptr && weights->dtype() == DataType::kFloat32) {
      plan->data[id] = weights->data();
    }
    if (plan->offsets[id] >= 0) plan->data[id] = plan->base + plan->offsets[id];
  }
  if (frame_cache_ != nullptr) {
    // A new arena: nothing cached in it yet. Regions run with this plan's shapes, their own memory.
    frame_cache_->valid = false;
    frame_cache_->region_plan = std::make_unique<Plan>();
    frame_cache_->region_plan->shapes = plan->shapes;
    frame_cache_->region_plan->offsets.assign(values_.size(), -1);
  }
  plan_ = std::move(plan);
  return absl::OkStatus();
}

absl::StatusOr<TensorMap> CpuEngine::Run(const TensorMap& inputs) {
  RETURN_IF_ERROR(runner_.CheckInputs(inputs));
  // CheckInputs leaves `inputs` with the plan's names, in the same (map) order.
  const bool same_shapes =
      plan_ != nullptr &&
      std::equal(inputs.begin(), inputs.end(), plan_->input_shapes.begin(),
                 plan_->input_shapes.end(),
                 [](const auto& given, const auto& planned) {
                   return given.first == planned.first && given.second.shape() == planned.second;
                 });
  if (!same_shapes) {
    std::map<std::string, Shape> input_shapes;
    for (const auto& [name, tensor] : inputs) input_shapes[name] = tensor.shape();
    RETURN_IF_ERROR(MakePlan(input_shapes));
  }
  std::vector<const float*>& data = plan_->data;
  for (const auto& [name, tensor] : inputs) data[value_ids_.at(name)] = tensor.data();
  RETURN_IF_ERROR(BeginCachedFrame(data));
  if (!profiling_) {
    for (size_t s = 0; s < steps_.size(); ++s) RETURN_IF_ERROR(RunStepOfFrame(s, data));
  } else {
    profile_.clear();
    for (size_t s = 0; s < steps_.size(); ++s) {
      const Step& step = steps_[s];
      const auto start = std::chrono::steady_clock::now();
      RETURN_IF_ERROR(RunStepOfFrame(s, data));
      const auto stop = std::chrono::steady_clock::now();
      NodeTiming timing;
      timing.node = step.node->name();
      timing.op_type = step.node->op_type();
      if (step.activation.kind != Activation::kNone && step.kind != Step::Kind::kActivation) {
        timing.op_type = absl::StrCat(timing.op_type, "+", ActivationName(step.activation));
      }
      timing.kernel = StepKindName(step.kind);
      timing.milliseconds = std::chrono::duration<double, std::milli>(stop - start).count();
      profile_.push_back(std::move(timing));
    }
  }
  if (frame_cache_ != nullptr) frame_cache_->valid = true;
  TensorMap results;
  for (const cnn::ValueInfo& output : runner_.model().output()) {
    const int id = value_ids_.at(output.name());
    const float* values = data[id];
    const int64_t count = ElementCount(plan_->shapes[id]);
    ASSIGN_OR_RETURN(Tensor tensor, Tensor::FromValues(plan_->shapes[id],
                                                       std::vector<float>(values, values + count)));
    results.emplace(output.name(), std::move(tensor));
  }
  return results;
}

absl::Status CpuEngine::RunStep(Step& step, const std::vector<const float*>& data) {
  const std::vector<Shape>& shapes = plan_->shapes;
  const float* x = data[step.inputs[0]];
  const Shape& x_shape = shapes[step.inputs[0]];
  float* y = plan_->base + plan_->offsets[step.outputs[0]];
  const Shape& y_shape = shapes[step.outputs[0]];
  // Empty tensors (a batch of 0, an empty graph input): empty outputs have nothing to compute, and
  // an empty input goes to the op's reference kernel, which handles it (a reduction over an empty
  // set gives the reduction's identity); the fast kernels assume at least one element.
  bool empty_outputs = true;
  for (int id : step.outputs) empty_outputs = empty_outputs && ElementCount(shapes[id]) == 0;
  if (empty_outputs) return absl::OkStatus();
  for (int id : step.inputs) {
    if (ElementCount(shapes[id]) == 0) return RunReference(step, data);
  }
  switch (step.kind) {
    case Step::Kind::kWinogradConv: {
      ConvGeometry geometry{x_shape[1], x_shape[2], x_shape[3], 3, 3, y_shape[2], y_shape[3],
                            step.conv};
      if (WinogradConv::PaysFor(geometry)) {
        const int64_t in_size = x_shape[1] * x_shape[2] * x_shape[3];
        const int64_t out_size = y_shape[1] * y_shape[2] * y_shape[3];
        const int64_t scratch = step.winograd.ScratchFloats(geometry, pool_->size());
        if (static_cast<int64_t>(winograd_scratch_.size()) < scratch) {
          winograd_scratch_.resize(scratch);
        }
        for (int64_t n = 0; n < x_shape[0]; ++n) {
          step.winograd.Run(x + n * in_size, geometry, step.bias, step.activation,
                            y + n * out_size, winograd_scratch_.data(), *gemm_);
        }
        return absl::OkStatus();
      }
      // A small image: im2col + GEMM, with the filters packed for it on first use.
      if (step.weights.empty()) {
        const Tensor& w = *values_[step.inputs[1]].weights;
        const int64_t depth = w.dim(1) * 9;
        step.weights.resize(1);
        step.weights[0].Pack(w.dim(0), depth, w.data(), depth, 1);
      }
      [[fallthrough]];
    }
    case Step::Kind::kConvGemm: {
      const int64_t images = x_shape[0], in_c = x_shape[1], in_h = x_shape[2], in_w = x_shape[3];
      const int64_t out_c = y_shape[1], out_h = y_shape[2], out_w = y_shape[3];
      const int64_t group = step.conv.group, group_in = in_c / group, group_out = out_c / group;
      const int64_t pixels = out_h * out_w;
      const Shape& w_shape = shapes[step.inputs[1]];
      ConvGeometry geometry{group_in, in_h, in_w, w_shape[2], w_shape[3], out_h, out_w, step.conv};
      for (int64_t n = 0; n < images; ++n) {
        for (int64_t g = 0; g < group; ++g) {
          const float* image = x + (n * in_c + g * group_in) * in_h * in_w;
          GemmOutput out;
          out.data = y + (n * out_c + g * group_out) * pixels;
          out.row_stride = pixels;
          out.bias = step.bias != nullptr ? step.bias + g * group_out : nullptr;
          out.activation = step.activation;
          // B (the image) read in place when it has few rows, each reused by many tiles of C while
          // in L1; packed when deep, where reading its rows in place would miss the caches more.
          if (step.direct_input && group_in <= 128 && group_in * pixels <= INT32_MAX) {
            row_offsets_.resize(group_in);
            for (int64_t k = 0; k < group_in; ++k) {
              row_offsets_[k] = static_cast<int32_t>(k * pixels);
            }
            MultiplyInPlace(step.weights[g], image, row_offsets_.data(), pixels, out, *gemm_);
          } else if (step.direct_input) {
            MultiplyPacked(step.weights[g], StridedOperand(image, in_h * in_w, 1), pixels, out,
                           *gemm_);
          } else if (WideRowConvSuits(geometry) && WideRowConvSuits(LayerGeometry(geometry))) {
            WideRowConv(step.weights[g], image, geometry, out.bias, out.activation, out.data,
                        wide_row_buffers_, *gemm_);
          } else {
            MultiplyPacked(step.weights[g],
                           Im2ColOperand(image, geometry, gemm_->kernel() == GemmKernel::kAvx2Fma),
                           pixels, out, *gemm_);
          }
        }
      }
      return absl::OkStatus();
    }
    case Step::Kind::kSmallInputConv: {
      const Shape& w_shape = shapes[step.inputs[1]];
      const ConvGeometry geometry{x_shape[1], x_shape[2], x_shape[3], w_shape[2],
                                  w_shape[3], y_shape[2], y_shape[3], step.conv};
      const int64_t in_size = x_shape[1] * x_shape[2] * x_shape[3];
      const int64_t out_size = y_shape[1] * y_shape[2] * y_shape[3];
      for (int64_t n = 0; n < x_shape[0]; ++n) {
        SmallInputConv(x + n * in_size, geometry, y_shape[1], step.small_input_weights, step.bias,
                       step.activation, y + n * out_size, small_input_scratch_, *pool_);
      }
      return absl::OkStatus();
    }
    case Step::Kind::kDepthwiseConv: {
      const Shape& w_shape = shapes[step.inputs[1]];
      ConvGeometry geometry{1,          x_shape[2], x_shape[3], w_shape[2],
                            w_shape[3], y_shape[2], y_shape[3], step.conv};
      DepthwiseConvChosenBy(LayerGeometry(geometry), x, x_shape[0], x_shape[1], geometry,
                            step.depthwise_weights, step.bias, step.activation, y, *pool_,
                            gemm_->kernel() == GemmKernel::kAvx2Fma);
      return absl::OkStatus();
    }
    case Step::Kind::kMatrixProduct: {
      // C^T (n x m) = op(B)^T (n x k) op(A)^T (k x m), written into Y (m x n) transposed.
      const Shape& b_shape = shapes[step.inputs[1]];
      const int64_t k = step.trans_b ? b_shape[1] : b_shape[0],
                    n = step.trans_b ? b_shape[0] : b_shape[1];
      const int64_t m = ElementCount(x_shape) / k;
      // op(B)^T (n x k) as it lies in memory.
      const float* b_data = data[step.inputs[1]];
      const int64_t b_row_stride = step.trans_b ? k : 1, b_depth_stride = step.trans_b ? 1 : n;
      GemmOutput out;
      out.data = y;
      out.row_stride = 1;
      out.col_stride = n;
      out.bias = step.bias;
      out.activation = step.activation;
      const Tensor* half_b = step.half_b ? values_[step.inputs[1]].weights : nullptr;
      if (m == 1 && half_b != nullptr && half_b->dtype() == DataType::kFloat16) {
        MultiplyHalfMatrixVector(half_b->halves().data(), n, k, b_row_stride, b_depth_stride, x,
                                 out, *gemm_);
      } else if (m == 1) {
        // A's one row is contiguous whether or not it is transposed.
        MultiplyMatrixVector(b_data, n, k, b_row_stride, b_depth_stride, x, out, *gemm_);
      } else {
        if (step.constant_b && step.weights.empty() && half_b != nullptr &&
            half_b->dtype() == DataType::kFloat16) {
          const Tensor expanded = half_b->ToFloat32();
          step.weights.resize(1);
          step.weights[0].Pack(n, k, expanded.data(), b_row_stride, b_depth_stride);
        }
        if (!step.constant_b) {
          step.run_packed.Pack(n, k, b_data, b_row_stride, b_depth_stride);
        } else if (step.weights.empty()) {
          step.weights.resize(1);
          step.weights[0].Pack(n, k, b_data, b_row_stride, b_depth_stride);
        }
        const PackedMatrix& b = step.constant_b ? step.weights[0] : step.run_packed;
        MultiplyPacked(b, StridedOperand(x, step.trans_a ? m : 1, step.trans_a ? 1 : k), m, out,
                       *gemm_);
      }
      if (step.bias_epilogue) return absl::OkStatus();
      // alpha * A B + beta * C, C broadcast over [m, n] by its last two axes.
      const float* c = step.inputs.size() > 2 ? data[step.inputs[2]] : nullptr;
      const Shape c_shape = c != nullptr ? shapes[step.inputs[2]] : Shape{};
      const int64_t c_cols = c_shape.size() >= 1 ? c_shape.back() : 1;
      const int64_t c_rows = c_shape.size() >= 2 ? c_shape[c_shape.size() - 2] : 1;
      for (int64_t i = 0; i < m; ++i) {
        for (int64_t j = 0; j < n; ++j) {
          float value = step.alpha * y[i * n + j];
          if (c != nullptr)
            value += step.beta * c[(c_rows == 1 ? 0 : i) * c_cols + (c_cols == 1 ? 0 : j)];
          y[i * n + j] = value;
        }
      }
      return absl::OkStatus();
    }
    case Step::Kind::kPool:
      Pool2d(step.pool, step.is_max, x, x_shape[0] * x_shape[1], x_shape[2], x_shape[3], y_shape[2],
             y_shape[3], y, *pool_);
      return absl::OkStatus();
    case Step::Kind::kGlobalAveragePool:
      GlobalAveragePool(x, x_shape[0] * x_shape[1], x_shape[2] * x_shape[3], y);
      return absl::OkStatus();
    case Step::Kind::kGlobalMaxPool:
      GlobalMaxPool(x, x_shape[0] * x_shape[1], x_shape[2] * x_shape[3], y);
      return absl::OkStatus();
    case Step::Kind::kUpsample:
      UpsampleNearest(x, x_shape[0] * x_shape[1], x_shape[2], x_shape[3], y_shape[2], y_shape[3],
                      y);
      return absl::OkStatus();
    case Step::Kind::kActivation:
      ActivateArray(step.activation, x, ElementCount(x_shape), y);
      return absl::OkStatus();
    case Step::Kind::kTanh:
      Tanh(x, ElementCount(x_shape), y);
      return absl::OkStatus();
    case Step::Kind::kPRelu: {
      // Shape inference allows several slopes only along axis 1.
      const int64_t count = ElementCount(x_shape), channels = ElementCount(shapes[step.inputs[1]]);
      if (channels == 0 && count > 0) return NodeError(*step.node, "has no slope");
      const int64_t inner = channels == 1 || count == 0 ? 1 : count / (x_shape[0] * channels);
      PRelu(x, count, data[step.inputs[1]], channels, inner, y);
      return absl::OkStatus();
    }
    case Step::Kind::kAdd:
    case Step::Kind::kMul:
      if (x_shape == shapes[step.inputs[1]] && x_shape == y_shape) {
        ElementwiseSameShape(step.kind == Step::Kind::kAdd, x, data[step.inputs[1]],
                             ElementCount(y_shape), step.activation, y, *pool_);
        return absl::OkStatus();
      }
      BroadcastBinary(step.kind == Step::Kind::kAdd, x, x_shape, data[step.inputs[1]],
                      shapes[step.inputs[1]], y_shape, y);
      if (step.activation.kind != Activation::kNone) {
        ActivateArray(step.activation, y, ElementCount(y_shape), y);
      }
      return absl::OkStatus();
    case Step::Kind::kTranspose:
      if (step.perm.size() != x_shape.size()) {
        ASSIGN_OR_RETURN(step.perm, TransposePermutation(*step.node, x_shape.size()));
      }
      Transpose(x, x_shape, step.perm, y);
      return absl::OkStatus();
    case Step::Kind::kLrn: {
      const int64_t count = ElementCount(x_shape);
      if (count == 0) return absl::OkStatus();
      Lrn(step.lrn, x, x_shape[0], x_shape[1], count / (x_shape[0] * x_shape[1]), step.square_sums,
          y);
      return absl::OkStatus();
    }
    case Step::Kind::kCopy:
      if (y != x) std::memcpy(y, x, ElementCount(x_shape) * sizeof(float));
      return absl::OkStatus();
    case Step::Kind::kSoftmax: {
      const int axis = NormalizeAxis(step.axis, static_cast<int>(x_shape.size()));
      int64_t outer = 1, inner = 1;
      for (int i = 0; i < axis; ++i) outer *= x_shape[i];
      for (size_t i = axis + 1; i < x_shape.size(); ++i) inner *= x_shape[i];
      Softmax(x, outer, x_shape[axis], inner, y);
      return absl::OkStatus();
    }
    case Step::Kind::kConcat: {
      const int axis = NormalizeAxis(step.axis, static_cast<int>(y_shape.size()));
      int64_t outer = 1, inner = 1;
      for (int i = 0; i < axis; ++i) outer *= y_shape[i];
      for (size_t i = axis + 1; i < y_shape.size(); ++i) inner *= y_shape[i];
      step.pieces.clear();
      step.chunks.clear();
      for (int id : step.inputs) {
        step.pieces.push_back(data[id]);
        step.chunks.push_back(shapes[id][axis] * inner);
      }
      Concat(step.pieces, step.chunks, outer, y);
      return absl::OkStatus();
    }
    case Step::Kind::kChannelAffine: {
      const int64_t inner = ElementCount(x_shape) / (x_shape[0] * x_shape[1]);
      ChannelAffine(x, x_shape[0], x_shape[1], inner, step.scale.data(), step.shift.data(), y);
      return absl::OkStatus();
    }
    case Step::Kind::kReference:
      return RunReference(step, data);
  }
  return absl::OkStatus();
}

// Operators without an array kernel: the reference kernel on tensors copied from the arena (this
// allocates, unlike the other steps).
absl::Status CpuEngine::RunReference(const Step& step, const std::vector<const float*>& data) {
  std::vector<Tensor> copies(step.inputs.size());
  std::vector<const Tensor*> inputs;
  for (size_t i = 0; i < step.inputs.size(); ++i) {
    const int id = step.inputs[i];
    if (values_[id].weights != nullptr) {
      inputs.push_back(values_[id].weights);
      continue;
    }
    const Shape& shape = plan_->shapes[id];
    ASSIGN_OR_RETURN(
        copies[i],
        Tensor::FromValues(shape, std::vector<float>(data[id], data[id] + ElementCount(shape))));
    inputs.push_back(&copies[i]);
  }
  ASSIGN_OR_RETURN(std::vector<Tensor> outputs, RunReferenceNode(*step.node, inputs));
  if (outputs.size() != step.outputs.size()) {
    return NodeError(*step.node, absl::StrCat("produced ", outputs.size(), " outputs"));
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    std::copy(outputs[i].data(), outputs[i].data() + outputs[i].size(),
              plan_->base + plan_->offsets[step.outputs[i]]);
  }
  // A step with a fused activation comes here for an empty input: the node's kernel alone leaves
  // the activation out.
  if (step.activation.kind != Activation::kNone && step.kind != Step::Kind::kActivation) {
    float* y = plan_->base + plan_->offsets[step.outputs[0]];
    ActivateArray(step.activation, y, outputs[0].size(), y);
  }
  return absl::OkStatus();
}

int64_t CpuEngine::PeakMemoryBytes() const {
  int64_t bytes = gemm_->scratch_bytes() + runner_.WeightBytes();
  for (const Value& value : values_) {
    if (value.float_weights != nullptr) bytes += value.float_weights->ByteSize();
  }
  bytes += static_cast<int64_t>(winograd_scratch_.capacity() * sizeof(float));
  if (plan_ != nullptr) bytes += static_cast<int64_t>(plan_->arena.size() * sizeof(float));
  for (const Step& step : steps_) {
    for (const PackedMatrix& packed : step.weights) bytes += packed.bytes();
    bytes += step.winograd.bytes();
    bytes += step.run_packed.bytes();
    bytes += static_cast<int64_t>(step.square_sums.capacity() * sizeof(double));
  }
  return bytes;
}

}  // namespace sentio::cnn::cpu
