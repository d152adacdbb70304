// The CPU engine's compiled form, shared by its files (cpu_engine.cc, cpu_engine_frame_cache.cc):
// the values a run reads and writes, the steps that compute them, and the plan of their memory for
// one set of input shapes. Internal to cnn/cpu.
#ifndef CNN_CPU_CPU_ENGINE_STEPS_H_
#define CNN_CPU_CPU_ENGINE_STEPS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cnn/caching/block_changes.h"
#include "cnn/caching/regions.h"
#include "cnn/cpu/activation.h"
#include "cnn/cpu/cpu_engine.h"
#include "cnn/cpu/gemm.h"
#include "cnn/cpu/winograd_conv.h"
#include "cnn/ops/lrn.h"
#include "cnn/ops/window_params.h"

namespace sentio::cnn::cpu {

// A graph input, a weight, or a value that a step writes into the arena.
struct CpuEngine::Value {
  std::string name;
  bool is_weights = false;          // an initializer
  Shape weights_shape;              // for initializers
  const Tensor* weights = nullptr;  // for initializers, until released (only packed copies read)
  // A float16 initializer's float copy, made when a step first needs it as float (weights then
  // points here and the runner's half copy is released once the steps are compiled).
  std::unique_ptr<Tensor> float_weights;
  bool graph_input = false, graph_output = false;
  int producer = -1;     // the step that writes it
  int last_reader = -1;  // the last step that reads it
};

enum class CpuEngine::StepKind {
  kConvGemm,        // 1x1 stride-1 unpadded (the input is B) or im2col, per image
                    // and group
  kDepthwiseConv,   // one filter per channel
  kWinogradConv,    // 3x3 stride 1: cnn/cpu/winograd_conv.h
  kSmallInputConv,  // a few input channels (RGB stems): cnn/cpu/small_input_conv.h
  kMatrixProduct,   // Gemm and MatMul, as C^T = op(B)^T op(A)^T
  kPool,
  kGlobalAveragePool,
  kGlobalMaxPool,
  kUpsample,  // nearest, integer factors
  kActivation,
  kTanh,
  kPRelu,
  kTranspose,
  kLrn,
  kAdd,
  kMul,
  kCopy,  // Reshape, Flatten: nothing to do when the plan gives the output the input's memory
  kSoftmax,
  kConcat,
  kChannelAffine,  // BatchNormalization with constant parameters
  kReference,      // the reference kernel, through tensors
};

struct CpuEngine::Step {
  using Kind = StepKind;
  const cnn::Node* node = nullptr;
  Kind kind = Kind::kReference;
  std::vector<int> inputs, outputs;  // value ids
  Activation activation;             // fused, or the step's own for kActivation

  // kConvGemm / kDepthwiseConv
  ConvParams conv;
  bool direct_input = false;               // 1x1 stride 1 without padding
  std::vector<PackedMatrix> weights;       // per group
  WinogradConv winograd;                   // kWinogradConv
  std::vector<float> small_input_weights;  // kSmallInputConv: PackSmallInputWeights
  const float* bias = nullptr;
  const float* depthwise_weights = nullptr;

  // kMatrixProduct: op(B)^T packed (`weights`, once, when B is constant) or packed per run.
  bool trans_a = false, trans_b = false, constant_b = false;
  float alpha = 1, beta = 1;
  bool bias_epilogue = false;  // C is a constant vector over N with alpha = beta = 1
  bool half_b = false;         // B is a constant float16 matrix, read as halves when m is 1
  PackedMatrix run_packed;

  // kPool
  PoolParams pool;
  bool is_max = false;
  // kSoftmax / kConcat
  int64_t axis = 0;
  // kConcat: the inputs and their chunk sizes, kept to run without allocating
  std::vector<const float*> pieces;
  std::vector<int64_t> chunks;
  // kChannelAffine
  std::vector<float> scale, shift;
  // kTranspose: for the input rank, parsed at the first run
  std::vector<int64_t> perm;
  // kLrn
  LrnParams lrn;
  std::vector<double> square_sums;
};

// The shapes and arena offsets of the values for one set of input shapes.
struct CpuEngine::Plan {
  std::map<std::string, Shape> input_shapes;
  std::vector<Shape> shapes;     // per value
  std::vector<int64_t> offsets;  // per value, -1 outside the arena
  std::vector<float> arena;
  float* base = nullptr;  // arena's first 64-byte aligned float
  // Per value: its weights or its place in the arena; Run adds the graph inputs' data.
  std::vector<const float*> data;
};

// Convolutional caching's state (cpu_engine_frame_cache.cc).
struct CpuEngine::FrameCache {
  explicit FrameCache(const engine::FrameCacheOptions& options,
                      const caching::BlockChangeOptions& blocks)
      : options(options), detector(blocks) {}
  engine::FrameCacheOptions options;
  caching::BlockChangeDetector detector;
  size_t cached_steps = 0;  // steps_[0, cached_steps) go through the cache
  int cached_convolutions = 0;
  int input_id = -1;        // the graph input
  bool valid = false;       // the arena holds the cached steps' outputs of the previous frame
  bool whole_frame = true;  // this frame recomputes everything
  int frames_since_whole = 0;
  std::vector<caching::Regions> dirty;  // per value: what this frame recomputes
  double recomputed = 0, total = 0;       // output values of the cached steps, this frame
  // A region's inputs and output, each 64-byte aligned, and the plan a region runs with.
  std::vector<float> region_memory;
  std::unique_ptr<Plan> region_plan;
};

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_CPU_ENGINE_STEPS_H_
