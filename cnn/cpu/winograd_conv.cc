#include "cnn/cpu/winograd_conv.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#define SENTIO_WINOGRAD_X86 1
#endif

namespace sentio::cnn::cpu {
namespace {

constexpr int64_t kTile = 4;               // output tile side
constexpr int64_t kInputTile = kTile + 2;  // input tile side (a 3x3 window more)
constexpr int64_t kPositions = kInputTile * kInputTile;
constexpr int64_t kLanes = 8;  // tiles per output-transform step
// Below this many channels on either side, or tiles in the image, the transforms cost more than
// they save.
constexpr int64_t kMinChannels = 16;
constexpr int64_t kMinTiles = 16;
// Below this many multiply-adds a transform runs on the calling thread alone.
constexpr int64_t kMinParallelWork = 1 << 16;
// Large images are done a block of tile rows at a time, each block by one thread from transform to
// output, so that its transformed input and output (about this many bytes) stay in the caches.
constexpr int64_t kBlockBytes = 2 << 20;
// Blocks hold at least this many tiles: the products' columns (multiples of 16 run best).
constexpr int64_t kMinBlockTiles = 32;

using Lanes = float __attribute__((vector_size(kLanes * sizeof(float))));

int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Tile rows [first_row, first_row + y) of one image.
struct Tiles {
  int64_t first_row, x, y, count;
  int64_t stride;  // between rows of the transformed matrices: count rounded up to kLanes
  // Input columns as kTile phases (column 4q + phase at [phase][q]): q < quads, which covers the
  // x tiles rounded up to kLanes, plus one (a tile reads two columns of the next).
  int64_t quads;
};

Tiles TilesOf(const ConvGeometry& g, int64_t first_row, int64_t rows) {
  Tiles tiles;
  tiles.first_row = first_row;
  tiles.x = CeilDiv(g.out_w, kTile);
  tiles.y = rows;
  tiles.count = tiles.x * tiles.y;
  tiles.stride = CeilDiv(tiles.count, kLanes) * kLanes;
  tiles.quads = CeilDiv(tiles.x, kLanes) * kLanes + kLanes;
  return tiles;
}

// Floats of per-thread scratch for the input transform: the six input rows and their column
// transforms, each in phases.
int64_t RowScratchFloats(const Tiles& tiles) { return 2 * kInputTile * kTile * tiles.quads; }

__attribute__((always_inline)) inline Lanes LoadLanes(const float* values) {
  Lanes lanes;
  std::memcpy(&lanes, values, sizeof(lanes));
  return lanes;
}

// values[0, count) in the first lanes, zeros after (fixed-size copies for whole vectors: a
// variable-size memcpy is a library call).
__attribute__((always_inline)) inline Lanes LoadLanes(const float* values, int64_t count) {
  if (count == kLanes) return LoadLanes(values);
  Lanes lanes = {};
  std::memcpy(&lanes, values, count * sizeof(float));
  return lanes;
}

// The first `count` lanes to destination.
__attribute__((always_inline)) inline void StoreLanes(const Lanes& lanes, int64_t count,
                                                      float* destination) {
  if (count == kLanes) {
    std::memcpy(destination, &lanes, sizeof(lanes));
  } else {
    std::memcpy(destination, &lanes, count * sizeof(float));
  }
}

// Activate() lane by lane, with the same comparisons.
__attribute__((always_inline)) inline Lanes ActivateLanes(const Activation& activation, Lanes v) {
  const Lanes zero = {};
  switch (activation.kind) {
    case Activation::kNone:
      return v;
    case Activation::kRelu:
      return v > zero ? v : zero;
    case Activation::kClip: {
      const Lanes low = zero + activation.min, high = zero + activation.max;
      return v < low ? low : (v > high ? high : v);
    }
    case Activation::kLeakyRelu:
      return v < zero ? activation.alpha * v : v;
    case Activation::kSigmoid:
      return Sigmoid8(v);
    case Activation::kSilu:
      return Silu8(v);
  }
  return v;
}

// out[i] = (B^T d)[i] for the six values d of one input tile column or row (floats or Lanes).
template <typename T>
__attribute__((always_inline)) inline void InputTransform(const T d[kInputTile],
                                                          T out[kInputTile]) {
  out[0] = 4.0f * d[0] - 5.0f * d[2] + d[4];
  out[1] = -4.0f * d[1] - 4.0f * d[2] + d[3] + d[4];
  out[2] = 4.0f * d[1] - 4.0f * d[2] - d[3] + d[4];
  out[3] = -2.0f * d[1] - d[2] + 2.0f * d[3] + d[4];
  out[4] = 2.0f * d[1] - d[2] - 2.0f * d[3] + d[4];
  out[5] = 4.0f * d[1] - 5.0f * d[3] + d[5];
}

// out[i] = (A^T m)[i] for the six values m of one transformed column or row.
template <typename T>
__attribute__((always_inline)) inline void OutputTransform(const T m[kInputTile], T out[kTile]) {
  out[0] = m[0] + m[1] + m[2] + m[3] + m[4];
  out[1] = m[1] - m[2] + 2.0f * (m[3] - m[4]);
  out[2] = m[1] + m[2] + 4.0f * (m[3] + m[4]);
  out[3] = m[1] - m[2] + 8.0f * (m[3] - m[4]) + m[5];
}

// V[(position * in_channels + c) * tiles.stride + tile] for input channel c. Per tile row: the six
// input rows (zero outside the image) are split into column phases, transformed down the columns
// for the whole row at once, then across each tile's six columns, kLanes tiles per vector.
__attribute__((always_inline)) inline void TransformInputChannel(const float* plane,
                                                                 const ConvGeometry& g,
                                                                 const Tiles& tiles,
                                                                 int64_t in_channels, int64_t c,
                                                                 float* scratch, float* v) {
  const ConvParams& p = g.params;
  const int64_t phase_floats = tiles.quads, row_floats = kTile * tiles.quads;
  float* rows = scratch;                               // [r][phase][q]
  float* columns = scratch + kInputTile * row_floats;  // [i][phase][q]: B^T down the columns
  for (int64_t ty = 0; ty < tiles.y; ++ty) {
    for (int64_t r = 0; r < kInputTile; ++r) {
      float* row = rows + r * row_floats;
      const int64_t iy = (tiles.first_row + ty) * kTile - p.pad_top + r;
      if (iy < 0 || iy >= g.in_h) {
        std::fill(row, row + row_floats, 0.0f);
        continue;
      }
      // Padded column x = 4 q + phase reads input column x - pad_left: quads [q_begin, q_end)
      // read inside the row in all four phases, the others go element by element.
      const float* input = plane + iy * g.in_w - p.pad_left;
      const int64_t q_begin = std::min(phase_floats, CeilDiv(p.pad_left, kTile));
      const int64_t q_end =
          std::max(q_begin, std::min(phase_floats, (g.in_w + p.pad_left) / kTile));
      auto inside = [&](int64_t x) {
        const int64_t ix = x - p.pad_left;
        return ix >= 0 && ix < g.in_w ? input[x] : 0.0f;
      };
      for (int64_t q = 0; q < phase_floats; ++q) {
        if (q == q_begin && q_begin < q_end) {
          for (; q < q_end; ++q) {
            for (int64_t phase = 0; phase < kTile; ++phase) {
              row[phase * phase_floats + q] = input[kTile * q + phase];
            }
          }
          if (q == phase_floats) break;
        }
        for (int64_t phase = 0; phase < kTile; ++phase) {
          row[phase * phase_floats + q] = inside(kTile * q + phase);
        }
      }
    }
    for (int64_t n = 0; n < row_floats; n += kLanes) {
      Lanes d[kInputTile], out[kInputTile];
      for (int64_t r = 0; r < kInputTile; ++r) d[r] = LoadLanes(rows + r * row_floats + n);
      InputTransform(d, out);
      for (int64_t i = 0; i < kInputTile; ++i)
        StoreLanes(out[i], kLanes, columns + i * row_floats + n);
    }
    for (int64_t tx = 0; tx < tiles.x; tx += kLanes) {
      const int64_t lanes = std::min(kLanes, tiles.x - tx);
      for (int64_t i = 0; i < kInputTile; ++i) {
        const float* phases = columns + i * row_floats;
        // Tile tx + l reads columns 4 (tx + l) + 0..5: phases 0..3 of quad tx + l, then phases 0
        // and 1 of the next quad.
        const Lanes d[kInputTile] = {LoadLanes(phases + tx),
                                     LoadLanes(phases + phase_floats + tx),
                                     LoadLanes(phases + 2 * phase_floats + tx),
                                     LoadLanes(phases + 3 * phase_floats + tx),
                                     LoadLanes(phases + tx + 1),
                                     LoadLanes(phases + phase_floats + tx + 1)};
        Lanes out[kInputTile];
        InputTransform(d, out);
        for (int64_t j = 0; j < kInputTile; ++j) {
          float* destination =
              v + ((i * kInputTile + j) * in_channels + c) * tiles.stride + ty * tiles.x + tx;
          StoreLanes(out[j], lanes, destination);
        }
      }
    }
  }
}

// Output channel o from M[(position * out_channels + o) * tiles.stride + tile], kLanes tiles of a
// tile row at a time: Y = A^T M A, plus the bias, activated, cropped at the image's edge.
__attribute__((always_inline)) inline void TransformOutputChannel(
    const float* m, const ConvGeometry& g, const Tiles& tiles, int64_t out_channels, int64_t o,
    float bias, const Activation& activation, float* plane) {
  for (int64_t ty = 0; ty < tiles.y; ++ty) {
    const int64_t out_y = (tiles.first_row + ty) * kTile, rows = std::min(kTile, g.out_h - out_y);
    for (int64_t tx = 0; tx < tiles.x; tx += kLanes) {
      const int64_t first = ty * tiles.x + tx, lanes = std::min(kLanes, tiles.x - tx);
      Lanes half[kTile][kInputTile];  // A^T M, column by column
      for (int64_t j = 0; j < kInputTile; ++j) {
        Lanes column[kInputTile];
        for (int64_t k = 0; k < kInputTile; ++k) {
          column[k] = LoadLanes(
              m + ((k * kInputTile + j) * out_channels + o) * tiles.stride + first, lanes);
        }
        Lanes out[kTile];
        OutputTransform(column, out);
        for (int64_t i = 0; i < kTile; ++i) half[i][j] = out[i];
      }
      // Output columns 4 tx + [0, width) of these tiles lie inside the image.
      const int64_t width = std::min(kTile * kLanes, g.out_w - kTile * tx);
      for (int64_t i = 0; i < rows; ++i) {
        Lanes y[kTile];
        OutputTransform(half[i], y);
        float values[kTile * kLanes];  // interleaved back: tile l's column j at kTile * l + j
        for (int64_t j = 0; j < kTile; ++j) {
          const Lanes activated = ActivateLanes(activation, y[j] + bias);
          for (int64_t l = 0; l < kLanes; ++l) values[kTile * l + j] = activated[l];
        }
        float* destination = plane + (out_y + i) * g.out_w + kTile * tx;
        if (width == kTile * kLanes) {
          std::memcpy(destination, values, sizeof(values));
        } else {
          std::memcpy(destination, values, width * sizeof(float));
        }
      }
    }
  }
}

// The transforms, compiled for the baseline instruction set and for AVX2 + FMA (the same source;
// chosen with the GEMM's kernel, so the portable kernel runs portable code throughout).
struct Transforms {
  void (*input)(const float* plane, const ConvGeometry& g, const Tiles& tiles, int64_t in_channels,
                int64_t c, float* scratch, float* v);
  void (*output)(const float* m, const ConvGeometry& g, const Tiles& tiles, int64_t out_channels,
                 int64_t o, float bias, const Activation& activation, float* plane);
};

void InputChannelPortable(const float* plane, const ConvGeometry& g, const Tiles& tiles,
                          int64_t in_channels, int64_t c, float* scratch, float* v) {
  TransformInputChannel(plane, g, tiles, in_channels, c, scratch, v);
}

void OutputChannelPortable(const float* m, const ConvGeometry& g, const Tiles& tiles,
                           int64_t out_channels, int64_t o, float bias,
                           const Activation& activation, float* plane) {
  TransformOutputChannel(m, g, tiles, out_channels, o, bias, activation, plane);
}

#ifdef SENTIO_WINOGRAD_X86
__attribute__((target("avx2,fma"))) void InputChannelAvx2(const float* plane, const ConvGeometry& g,
                                                          const Tiles& tiles, int64_t in_channels,
                                                          int64_t c, float* scratch, float* v) {
  TransformInputChannel(plane, g, tiles, in_channels, c, scratch, v);
}

__attribute__((target("avx2,fma"))) void OutputChannelAvx2(const float* m, const ConvGeometry& g,
                                                           const Tiles& tiles, int64_t out_channels,
                                                           int64_t o, float bias,
                                                           const Activation& activation,
                                                           float* plane) {
  TransformOutputChannel(m, g, tiles, out_channels, o, bias, activation, plane);
}
#endif

Transforms TransformsFor(GemmKernel kernel) {
#ifdef SENTIO_WINOGRAD_X86
  if (kernel == GemmKernel::kAvx2Fma) return {InputChannelAvx2, OutputChannelAvx2};
#endif
  return {InputChannelPortable, OutputChannelPortable};
}

// Splits [0, count) over the pool's threads (or runs it on the caller when small) and calls
// body(task, begin, end).
template <typename Body>
void SplitOver(ThreadPool& pool, int64_t count, int64_t work, const Body& body) {
  const int tasks =
      work < kMinParallelWork ? 1 : static_cast<int>(std::min<int64_t>(pool.size(), count));
  pool.ParallelFor(tasks,
                   [&](int task) { body(task, count * task / tasks, count * (task + 1) / tasks); });
}

// How an image's tile rows split into blocks.
struct BlockPlan {
  int64_t rows_per_block = 0, blocks = 0;
  bool by_block = false;  // blocks go whole to threads; otherwise each step splits over them
  int tasks = 1;
  int64_t floats = 0;  // scratch
};

BlockPlan PlanBlocks(const ConvGeometry& geometry, int64_t in_channels, int64_t out_channels,
                     int threads) {
  const Tiles all = TilesOf(geometry, 0, CeilDiv(geometry.out_h, kTile));
  const int64_t per_tile_bytes = kPositions * (in_channels + out_channels) * sizeof(float);
  const int64_t block_tiles = std::max(kMinBlockTiles, kBlockBytes / per_tile_bytes);
  BlockPlan plan;
  plan.rows_per_block = std::min(all.y, std::max<int64_t>(1, block_tiles / all.x));
  plan.blocks = CeilDiv(all.y, plan.rows_per_block);
  // Blocks read the transformed filters once each; the whole image writes and reads its
  // transformed input and output once: blocks only where they move less data, and give every
  // thread work.
  const int64_t block_traffic = plan.blocks * in_channels * out_channels;
  const int64_t whole_traffic = 2 * (in_channels + out_channels) * all.count;
  plan.by_block = plan.blocks > 1 && block_traffic < whole_traffic &&
                  (threads == 1 || plan.blocks >= 2 * threads);
  if (!plan.by_block) {
    plan.rows_per_block = all.y;
    plan.blocks = 1;
  }
  const Tiles block = TilesOf(geometry, 0, plan.rows_per_block);
  const int64_t transformed = kPositions * (in_channels + out_channels) * block.stride;
  if (plan.by_block) {
    plan.tasks = static_cast<int>(std::min<int64_t>(threads, plan.blocks));
    plan.floats =
        plan.tasks * (transformed + RowScratchFloats(block) + GemmPanelFloats(block.count));
  } else {
    plan.tasks = threads;
    plan.floats = transformed + threads * (RowScratchFloats(block) + GemmPanelFloats(block.count));
  }
  return plan;
}

// The filters transformed: one in_channels x out_channels product per position.
struct Filters {
  int64_t in_channels, out_channels;
  const std::vector<PackedMatrix>& transformed;
};

// One block of tile rows on the calling thread: transforms, products, output.
void RunBlock(const Filters& filters, const float* image, const ConvGeometry& geometry,
              const Tiles& tiles, const float* bias, const Activation& activation, float* output,
              float* scratch, GemmKernel kernel) {
  const int64_t in_channels = filters.in_channels, out_channels = filters.out_channels;
  const Transforms transforms = TransformsFor(kernel);
  float* v = scratch;
  float* m = v + kPositions * in_channels * tiles.stride;
  float* rows = m + kPositions * out_channels * tiles.stride;
  float* panels = rows + RowScratchFloats(tiles);
  const int64_t in_size = geometry.in_h * geometry.in_w;
  for (int64_t c = 0; c < in_channels; ++c) {
    transforms.input(image + c * in_size, geometry, tiles, in_channels, c, rows, v);
  }
  for (int64_t position = 0; position < kPositions; ++position) {
    GemmOutput out;
    out.data = m + position * out_channels * tiles.stride;
    out.row_stride = tiles.stride;
    MultiplyPackedOnThisThread(
        filters.transformed[position],
        StridedOperand(v + position * in_channels * tiles.stride, tiles.stride, 1), tiles.count,
        out, kernel, panels);
  }
  const int64_t out_size = geometry.out_h * geometry.out_w;
  for (int64_t o = 0; o < out_channels; ++o) {
    transforms.output(m, geometry, tiles, out_channels, o, bias != nullptr ? bias[o] : 0.0f,
                      activation, output + o * out_size);
  }
}

// The whole image at once, each step split over the pool's threads (for images too small to give
// every thread blocks of its own).
void RunWholeImage(const Filters& filters, const float* image, const ConvGeometry& geometry,
                   const Tiles& tiles, const float* bias, const Activation& activation,
                   float* output, float* scratch, GemmContext& gemm) {
  const int64_t in_channels = filters.in_channels, out_channels = filters.out_channels;
  const Transforms transforms = TransformsFor(gemm.kernel());
  float* v = scratch;
  float* m = v + kPositions * in_channels * tiles.stride;
  float* rows = m + kPositions * out_channels * tiles.stride;
  const int64_t in_size = geometry.in_h * geometry.in_w;
  SplitOver(gemm.pool(), in_channels, in_channels * tiles.count * kPositions,
            [&](int task, int64_t begin, int64_t end) {
              float* task_scratch = rows + task * RowScratchFloats(tiles);
              for (int64_t c = begin; c < end; ++c) {
                transforms.input(image + c * in_size, geometry, tiles, in_channels, c, task_scratch,
                                 v);
              }
            });
  // The 36 products go whole to the threads: one synchronisation instead of one per product, and
  // no product's B packed by two threads.
  float* panels = rows + gemm.pool().size() * RowScratchFloats(tiles);
  SplitOver(gemm.pool(), kPositions, kPositions * out_channels * in_channels * tiles.count,
            [&](int task, int64_t begin, int64_t end) {
              for (int64_t position = begin; position < end; ++position) {
                GemmOutput out;
                out.data = m + position * out_channels * tiles.stride;
                out.row_stride = tiles.stride;
                MultiplyPackedOnThisThread(
                    filters.transformed[position],
                    StridedOperand(v + position * in_channels * tiles.stride, tiles.stride, 1),
                    tiles.count, out, gemm.kernel(), panels + task * GemmPanelFloats(tiles.count));
              }
            });
  const int64_t out_size = geometry.out_h * geometry.out_w;
  SplitOver(gemm.pool(), out_channels, out_channels * tiles.count * kPositions,
            [&](int, int64_t begin, int64_t end) {
              for (int64_t o = begin; o < end; ++o) {
                transforms.output(m, geometry, tiles, out_channels, o,
                                  bias != nullptr ? bias[o] : 0.0f, activation,
                                  output + o * out_size);
              }
            });
}

}  // namespace

bool WinogradConv::Suits(int64_t kernel_h, int64_t kernel_w, const ConvParams& params,
                         int64_t in_channels, int64_t out_channels) {
  return kernel_h == 3 && kernel_w == 3 && params.stride_h == 1 && params.stride_w == 1 &&
         params.dilation_h == 1 && params.dilation_w == 1 && params.group == 1 &&
         in_channels >= kMinChannels && out_channels >= kMinChannels;
}

bool WinogradConv::PaysFor(const ConvGeometry& geometry) {
  return CeilDiv(geometry.out_h, kTile) * CeilDiv(geometry.out_w, kTile) >= kMinTiles;
}

void WinogradConv::Prepare(const float* weights, int64_t out_channels, int64_t in_channels) {
  out_channels_ = out_channels;
  in_channels_ = in_channels;
  // U = G g G^T, in double, position-major.
  static constexpr double kG[kInputTile][3] = {{1.0 / 4, 0, 0},
                                               {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                                               {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                                               {1.0 / 24, 1.0 / 12, 1.0 / 6},
                                               {1.0 / 24, -1.0 / 12, 1.0 / 6},
                                               {0, 0, 1}};
  std::vector<float> u(kPositions * out_channels * in_channels);
  for (int64_t o = 0; o < out_channels; ++o) {
    for (int64_t c = 0; c < in_channels; ++c) {
      const float* g = weights + (o * in_channels + c) * 9;
      double left[kInputTile][3];  // G g
      for (int64_t i = 0; i < kInputTile; ++i) {
        for (int64_t j = 0; j < 3; ++j) {
          left[i][j] = kG[i][0] * g[j] + kG[i][1] * g[3 + j] + kG[i][2] * g[6 + j];
        }
      }
      for (int64_t i = 0; i < kInputTile; ++i) {
        for (int64_t j = 0; j < kInputTile; ++j) {
          const double value =
              left[i][0] * kG[j][0] + left[i][1] * kG[j][1] + left[i][2] * kG[j][2];
          u[((i * kInputTile + j) * out_channels + o) * in_channels + c] =
              static_cast<float>(value);
        }
      }
    }
  }
  transformed_.resize(kPositions);
  for (int64_t position = 0; position < kPositions; ++position) {
    transformed_[position].Pack(out_channels, in_channels,
                                u.data() + position * out_channels * in_channels, in_channels, 1);
  }
}

int64_t WinogradConv::ScratchFloats(const ConvGeometry& geometry, int threads) const {
  return PlanBlocks(geometry, in_channels_, out_channels_, threads).floats;
}

void WinogradConv::Run(const float* image, const ConvGeometry& geometry, const float* bias,
                       const Activation& activation, float* output, float* scratch,
                       GemmContext& gemm) const {
  const BlockPlan plan = PlanBlocks(geometry, in_channels_, out_channels_, gemm.pool().size());
  const Filters filters{in_channels_, out_channels_, transformed_};
  const int64_t tile_rows = CeilDiv(geometry.out_h, kTile);
  if (!plan.by_block) {
    RunWholeImage(filters, image, geometry, TilesOf(geometry, 0, tile_rows), bias, activation,
                  output, scratch, gemm);
    return;
  }
  const int64_t task_floats = plan.floats / plan.tasks;
  gemm.pool().ParallelFor(plan.tasks, [&](int task) {
    for (int64_t block = task; block < plan.blocks; block += plan.tasks) {
      const int64_t first_row = block * plan.rows_per_block;
      RunBlock(filters, image, geometry,
               TilesOf(geometry, first_row, std::min(plan.rows_per_block, tile_rows - first_row)),
               bias, activation, output, scratch + task * task_floats, gemm.kernel());
    }
  });
}

int64_t WinogradConv::bytes() const {
  int64_t total = 0;
  for (const PackedMatrix& packed : transformed_) total += packed.bytes();
  return total;
}

}  // namespace sentio::cnn::cpu
