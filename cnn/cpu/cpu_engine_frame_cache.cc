// Convolutional caching in the CPU engine (CpuEngine::EnableFrameCache): which steps the cache
// covers, what a frame recomputes, and running a step on a rectangle of its output.
#include <algorithm>
#include <cstring>
#include <optional>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/caching/block_changes.h"
#include "cnn/caching/regions.h"
#include "cnn/cpu/cpu_engine.h"
#include "cnn/cpu/cpu_engine_steps.h"
#include "cnn/ir/node_attributes.h"

namespace sentio::cnn::cpu {

using caching::Area;
using caching::BlockChangeOptions;
using caching::BlockChanges;
using caching::ChangedRegions;
using caching::InputBand;
using caching::InputRowsFor;
using caching::MergeRegions;
using caching::OutputRegionsReading;
using caching::Rect;
using caching::Regions;
using caching::RowWindow;
using caching::UnionOfRegions;

namespace {

// Regions are recomputed in steps of two pixels and merged when fewer than this many pixels
// apart: fewer, larger kernel calls.
constexpr int64_t kRegionAlignment = 2;
constexpr int64_t kRegionGap = 4;
// A step whose changes reach this share of its output recomputes the whole output.
constexpr double kWholeStepShare = 0.75;

// A convolution's or pool's window along the rows and along the columns.
struct Windows {
  RowWindow rows, cols;
};

Windows ConvWindows(const ConvParams& p, const Shape& weights) {
  return {{weights[2], p.stride_h, p.pad_top, p.dilation_h},
          {weights[3], p.stride_w, p.pad_left, p.dilation_w}};
}

Windows PoolWindows(const PoolParams& p) {
  return {{p.kernel_h, p.stride_h, p.pad_top, 1}, {p.kernel_w, p.stride_w, p.pad_left, 1}};
}

Shape DeclaredShapeOf(const cnn::Model& model, const std::string& name) {
  for (const auto* infos : {&model.input(), &model.value_info(), &model.output()}) {
    for (const cnn::ValueInfo& info : *infos) {
      if (info.name() == name) return Shape(info.dims().begin(), info.dims().end());
    }
  }
  return {};
}

int64_t Count(const Shape& shape) {
  int64_t count = 1;
  for (int64_t d : shape) count *= d;
  return count;
}

}  // namespace

absl::Status CpuEngine::EnableFrameCache(const engine::FrameCacheOptions& options) {
  BlockChangeOptions blocks;
  blocks.threshold = options.threshold;
  blocks.block_size = options.block_size;
  blocks.low = options.low;
  blocks.high = options.high;
  RETURN_IF_ERROR(caching::CheckBlockChangeOptions(blocks));
  if (options.layers < -1 || options.refresh < 0 ||
      !(options.scene_cut >= 0 && options.scene_cut <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cache: layers ", options.layers, ", refresh ", options.refresh,
                     ", scene cut ", options.scene_cut,
                     ": layers is -1 (automatic) or more, refresh 0 or more, the scene cut "
                     "a share in [0, 1]"));
  }
  const cnn::Model& model = runner_.model();
  if (steps_.empty() || model.input_size() != 1) {
    return absl::InvalidArgumentError("cache: the model must be loaded and have one input");
  }
  const Shape input_shape = DeclaredShapeOf(model, model.input(0).name());
  if (input_shape.size() != 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("cache: input '", model.input(0).name(), "' is not an image [N, C, H, W]"));
  }
  auto cache = std::make_unique<FrameCache>(options, blocks);
  cache->input_id = value_ids_.at(model.input(0).name());
  std::vector<bool> cached(values_.size(), false);
  cached[cache->input_id] = true;
  std::string stopped_at;
  for (const Step& step : steps_) {
    const Shape output =
        step.outputs.size() == 1 ? DeclaredShapeOf(model, values_[step.outputs[0]].name) : Shape{};
    const bool window = step.kind == Step::Kind::kConvGemm ||
                        step.kind == Step::Kind::kDepthwiseConv ||
                        step.kind == Step::Kind::kSmallInputConv || step.kind == Step::Kind::kPool;
    bool cacheable = output.size() == 4 &&
                     (window || step.kind == Step::Kind::kActivation ||
                      step.kind == Step::Kind::kChannelAffine || step.kind == Step::Kind::kAdd ||
                      step.kind == Step::Kind::kMul ||
                      (step.kind == Step::Kind::kConcat && (step.axis == 1 || step.axis == -3)));
    for (size_t i = 0; cacheable && i < step.inputs.size(); ++i) {
      const Value& input = values_[step.inputs[i]];
      if (input.is_weights) {
        // Constant operands of element-wise steps must not vary along the rows.
        const Shape& shape = input.weights_shape;
        cacheable = window || shape.size() < 2 || shape[shape.size() - 2] == 1;
      } else {
        const Shape shape = DeclaredShapeOf(model, input.name);
        const bool same_rows =
            step.kind == Step::Kind::kConcat ? shape[2] == output[2] : shape == output;
        cacheable = cached[step.inputs[i]] && shape.size() == 4 && (window || same_rows);
      }
    }
    // The automatic choice stops at an eighth of the input's height, where a change reaches most
    // rows and caching saves little.
    if (cacheable && options.layers < 0 && output[2] * 8 < input_shape[2]) {
      stopped_at = "an eighth of the input's height";
      break;
    }
    if (!cacheable) {
      stopped_at = NodeLabel(*step.node);
      break;
    }
    cached[step.outputs[0]] = true;
    ++cache->cached_steps;
    if (window && step.kind != Step::Kind::kPool) ++cache->cached_convolutions;
    if (options.layers >= 0 && cache->cached_convolutions == options.layers) break;
  }
  if (cache->cached_convolutions == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cache: no convolution to cache (the cache stops at ", stopped_at, ")"));
  }
  frame_cache_ = std::move(cache);
  frame_cache_stats_ = {};
  plan_.reset();  // the cached steps' outputs need memory of their own for the whole run
  return absl::OkStatus();
}

absl::Status CpuEngine::BeginCachedFrame(const std::vector<const float*>& data) {
  if (frame_cache_ == nullptr) return absl::OkStatus();
  FrameCache& cache = *frame_cache_;
  const Shape& shape = plan_->shapes[cache.input_id];
  if (shape.size() != 4 || shape[0] != 1) {
    return absl::InvalidArgumentError("cache: the input must be one frame, [1, C, H, W]");
  }
  const float* frame = data[cache.input_id];
  ASSIGN_OR_RETURN(BlockChanges changes,
                   cache.detector.Compare(frame, shape[1], shape[2], shape[3]));
  const double changed = changes.ChangedShare();
  const bool refresh =
      cache.options.refresh > 0 && cache.frames_since_whole + 1 >= cache.options.refresh;
  cache.whole_frame = !cache.valid || refresh || changed > cache.options.scene_cut;
  if (cache.whole_frame) {
    cache.detector.Rebase();  // every block's reference becomes this frame
    cache.frames_since_whole = 0;
  } else {
    ++cache.frames_since_whole;
  }
  cache.dirty.assign(values_.size(), {});
  cache.dirty[cache.input_id] = ChangedRegions(changes, shape[2], shape[3]);
  cache.recomputed = cache.total = 0;
  frame_cache_stats_.whole_frame = cache.whole_frame;
  frame_cache_stats_.changed_blocks = changed;
  frame_cache_stats_.cached_convolutions = cache.cached_convolutions;
  return absl::OkStatus();
}

absl::Status CpuEngine::RunStepOfFrame(size_t s, const std::vector<const float*>& data) {
  Step& step = steps_[s];
  if (frame_cache_ == nullptr || s >= frame_cache_->cached_steps) return RunStep(step, data);
  FrameCache& cache = *frame_cache_;
  const int out = step.outputs[0];
  const Shape& out_shape = plan_->shapes[out];
  const int64_t out_h = out_shape[2], out_w = out_shape[3];
  const double values = static_cast<double>(Count(out_shape));
  cache.total += values;
  const Regions whole = {{{0, out_h}, {0, out_w}}};
  Regions regions;
  absl::Status status = absl::OkStatus();
  if (cache.whole_frame) {
    regions = whole;
    status = RunStep(step, data);
  } else {
    std::optional<Windows> windows;
    if (step.kind == Step::Kind::kPool) {
      windows = PoolWindows(step.pool);
    } else if (step.kind == Step::Kind::kConvGemm || step.kind == Step::Kind::kDepthwiseConv ||
               step.kind == Step::Kind::kSmallInputConv) {
      windows = ConvWindows(step.conv, values_[step.inputs[1]].weights_shape);
    }
    for (int id : step.inputs) {
      if (values_[id].is_weights) continue;
      const Regions reached =
          windows.has_value()
              ? OutputRegionsReading(cache.dirty[id], windows->rows, windows->cols, out_h, out_w)
              : cache.dirty[id];
      regions = UnionOfRegions(regions, reached, out_h, out_w);
    }
    regions = MergeRegions(std::move(regions), kRegionAlignment, kRegionGap, out_h, out_w);
    if (Area(regions) >= kWholeStepShare * out_h * out_w) {
      regions = whole;
      status = RunStep(step, data);
    } else {
      for (const Rect& rect : regions) {
        status = RunStepOnRegion(step, rect.rows.begin, rect.rows.end, rect.cols.begin,
                                 rect.cols.end, data);
        if (!status.ok()) break;
      }
    }
  }
  cache.recomputed += values * Area(regions) / (out_h * out_w);
  cache.dirty[out] = std::move(regions);
  if (s + 1 == cache.cached_steps) {
    frame_cache_stats_.reused_values = 1 - cache.recomputed / cache.total;
  }
  return status;
}

absl::Status CpuEngine::RunStepOnRegion(Step& step, int64_t row_begin, int64_t row_end,
                                        int64_t col_begin, int64_t col_end,
                                        const std::vector<const float*>& data) {
  FrameCache& cache = *frame_cache_;
  const std::vector<Shape>& shapes = plan_->shapes;
  const int out = step.outputs[0];
  const Shape& out_shape = shapes[out];
  const Shape& in_shape = shapes[step.inputs[0]];
  // The input the region reads and the padding it needs; element-wise steps read the same pixels.
  InputBand rows{row_begin, row_end, 0, 0}, cols{col_begin, col_end, 0, 0};
  ConvParams* conv = nullptr;
  PoolParams* pool = nullptr;
  if (step.kind == Step::Kind::kPool) {
    pool = &step.pool;
  } else if (step.kind == Step::Kind::kConvGemm || step.kind == Step::Kind::kDepthwiseConv ||
             step.kind == Step::Kind::kSmallInputConv) {
    conv = &step.conv;
  }
  if (conv != nullptr || pool != nullptr) {
    const Windows windows = pool != nullptr
                                ? PoolWindows(*pool)
                                : ConvWindows(*conv, values_[step.inputs[1]].weights_shape);
    rows = InputRowsFor({row_begin, row_end}, windows.rows, in_shape[2]);
    cols = InputRowsFor({col_begin, col_end}, windows.cols, in_shape[3]);
    const int64_t pad_bottom = pool != nullptr ? pool->pad_bottom : conv->pad_bottom;
    const int64_t pad_right = pool != nullptr ? pool->pad_right : conv->pad_right;
    // A region whose window passes the padding the whole layer has (a pool's ceil mode): whole.
    if (rows.pad_bottom > pad_bottom || cols.pad_bottom > pad_right) return RunStep(step, data);
  }
  // Memory: each region input, then the output, at 64-byte boundaries.
  constexpr int64_t kAlign = 64 / sizeof(float);
  auto rounded = [](int64_t n) { return (n + kAlign - 1) / kAlign * kAlign; };
  const int64_t in_rows = rows.end - rows.begin, in_cols = cols.end - cols.begin;
  const int64_t out_rows = row_end - row_begin, out_cols = col_end - col_begin;
  int64_t floats = rounded(out_shape[0] * out_shape[1] * out_rows * out_cols);
  for (int id : step.inputs) {
    if (!values_[id].is_weights)
      floats += rounded(shapes[id][0] * shapes[id][1] * in_rows * in_cols);
  }
  if (static_cast<int64_t>(cache.region_memory.size()) < floats + kAlign) {
    cache.region_memory.resize(floats + kAlign);
  }
  float* memory = cache.region_memory.data();
  memory += (kAlign - reinterpret_cast<uintptr_t>(memory) / sizeof(float) % kAlign) % kAlign;
  Plan& region = *cache.region_plan;
  std::vector<const float*> region_data = data;
  for (int id : step.inputs) {
    if (values_[id].is_weights) continue;
    const Shape& shape = shapes[id];
    const int64_t planes = shape[0] * shape[1];
    for (int64_t p = 0; p < planes; ++p) {
      for (int64_t y = 0; y < in_rows; ++y) {
        std::memcpy(memory + (p * in_rows + y) * in_cols,
                    data[id] + (p * shape[2] + rows.begin + y) * shape[3] + cols.begin,
                    in_cols * sizeof(float));
      }
    }
    region.shapes[id] = {shape[0], shape[1], in_rows, in_cols};
    region_data[id] = memory;
    memory += rounded(planes * in_rows * in_cols);
  }
  region.shapes[out] = {out_shape[0], out_shape[1], out_rows, out_cols};
  region.base = memory;
  region.offsets[out] = 0;
  // The step runs with the region's padding; kernels are chosen by the whole layer's geometry.
  layer_geometry_ = {in_shape[1], in_shape[2], in_shape[3], 0, 0, out_shape[2], out_shape[3], {}};
  if (conv != nullptr) layer_geometry_.params = *conv;
  const ConvParams saved_conv = conv != nullptr ? *conv : ConvParams{};
  const PoolParams saved_pool = pool != nullptr ? *pool : PoolParams{};
  if (conv != nullptr) {
    conv->pad_top = rows.pad_top;
    conv->pad_bottom = rows.pad_bottom;
    conv->pad_left = cols.pad_top;
    conv->pad_right = cols.pad_bottom;
  }
  if (pool != nullptr) {
    pool->pad_top = rows.pad_top;
    pool->pad_bottom = rows.pad_bottom;
    pool->pad_left = cols.pad_top;
    pool->pad_right = cols.pad_bottom;
  }
  std::swap(plan_, cache.region_plan);
  const absl::Status status = RunStep(step, region_data);
  std::swap(plan_, cache.region_plan);
  if (conv != nullptr) *conv = saved_conv;
  if (pool != nullptr) *pool = saved_pool;
  layer_geometry_ = {};
  for (int id : step.inputs) region.shapes[id] = shapes[id];
  region.shapes[out] = out_shape;
  region.offsets[out] = -1;
  RETURN_IF_ERROR(status);
  // The region into the cached output.
  float* y = plan_->base + plan_->offsets[out];
  const int64_t planes = out_shape[0] * out_shape[1];
  for (int64_t p = 0; p < planes; ++p) {
    for (int64_t r = 0; r < out_rows; ++r) {
      std::memcpy(y + (p * out_shape[2] + row_begin + r) * out_shape[3] + col_begin,
                  memory + (p * out_rows + r) * out_cols, out_cols * sizeof(float));
    }
  }
  return absl::OkStatus();
}

ConvGeometry CpuEngine::LayerGeometry(const ConvGeometry& geometry) const {
  if (layer_geometry_.out_h == 0) return geometry;
  ConvGeometry layer = geometry;
  layer.in_h = layer_geometry_.in_h;
  layer.in_w = layer_geometry_.in_w;
  layer.out_h = layer_geometry_.out_h;
  layer.out_w = layer_geometry_.out_w;
  layer.params = layer_geometry_.params;
  return layer;
}

}  // namespace sentio::cnn::cpu
