#include "cnn/cpu/gemm.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "cnn/ir/half.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SENTIO_GEMM_X86 1
#endif

namespace sentio::cnn::cpu {
namespace {

// Cache blocking: a depth block of B's panels (kDepthBlock x kColumnBlock, 1 MiB) is packed once
// and reused by every row tile; a kRowBlock x kDepthBlock block of A (120 KiB) stays in L2 while
// the columns pass; one B panel (16 KiB) stays in L1 for the row tiles of that block.
constexpr int64_t kDepthBlock = 256;
constexpr int64_t kRowBlock = 120;      // a multiple of kGemmTileRows
constexpr int64_t kColumnBlock = 1024;  // a multiple of kGemmTileCols
// How many floats ahead of a panel row StridedOperand::PackPanel prefetches.
constexpr int64_t kPrefetchAhead = 4 * kGemmTileCols;
// Below this many multiply-adds a product runs on the calling thread alone.
constexpr int64_t kMinParallelWork = 1 << 16;
// The same for matrix-vector products (rows x depth multiply-adds, bound by reading the matrix):
// below this, waking a worker costs more than the half of the reads it takes over.
constexpr int64_t kMinParallelVectorWork = 1 << 18;

constexpr int64_t kR = kGemmTileRows, kC = kGemmTileCols;

// The first `rows` (at most kR) rows and first `columns` (kC or kHalfC) columns of a kR x kC tile
// of C from a depth-`depth` panel of A and kC columns of B: C = acc + (accumulate ? C : bias[r]
// when given), then the activation when given. B's row k is at b + k * kC (a packed panel) or, when
// `b_rows` is given, at b + b_rows[k] (B read in place). `c` has unit column stride. Half tiles
// serve a panel's last few columns (C of 49 columns, 7x7 images: 3.5 tiles' work instead of 4).
using MicroKernel = void (*)(int rows, int columns, int64_t depth, const float* a, const float* b,
                             const int32_t* b_rows, float* c, int64_t c_row_stride,
                             const float* bias, bool accumulate, const Activation* activation);
constexpr int kHalfC = kC / 2;

void MicroKernelPortable(int rows, int columns, int64_t depth, const float* a, const float* b,
                         const int32_t* b_rows, float* c, int64_t c_row_stride, const float* bias,
                         bool accumulate, const Activation* activation) {
  float acc[kR][kC] = {};
  for (int64_t k = 0; k < depth; ++k, a += kR) {
    const float* b_row = b_rows != nullptr ? b + b_rows[k] : b + k * kC;
    for (int r = 0; r < rows; ++r) {
      const float a_r = a[r];
      for (int j = 0; j < columns; ++j) acc[r][j] += a_r * b_row[j];
    }
  }
  for (int r = 0; r < rows; ++r) {
    float* out = c + r * c_row_stride;
    for (int j = 0; j < columns; ++j) {
      float value = acc[r][j];
      if (accumulate) {
        value += out[j];
      } else if (bias != nullptr) {
        value += bias[r];
      }
      out[j] = activation != nullptr ? Activate(*activation, value) : value;
    }
  }
}

#ifdef SENTIO_GEMM_X86
// Activate() lane by lane, with the same comparisons.
__attribute__((target("avx2,fma"))) inline __m256 ActivateAvx2(const Activation& activation,
                                                               __m256 v) {
  const __m256 zero = _mm256_setzero_ps();
  switch (activation.kind) {
    case Activation::kNone:
      return v;
    case Activation::kRelu:
      return _mm256_blendv_ps(zero, v, _mm256_cmp_ps(v, zero, _CMP_GT_OQ));
    case Activation::kClip: {
      const __m256 low = _mm256_set1_ps(activation.min), high = _mm256_set1_ps(activation.max);
      const __m256 below = _mm256_cmp_ps(v, low, _CMP_LT_OQ);
      const __m256 above = _mm256_cmp_ps(v, high, _CMP_GT_OQ);
      return _mm256_blendv_ps(_mm256_blendv_ps(v, high, above), low, below);
    }
    case Activation::kLeakyRelu:
      return _mm256_blendv_ps(v, _mm256_mul_ps(v, _mm256_set1_ps(activation.alpha)),
                              _mm256_cmp_ps(v, zero, _CMP_LT_OQ));
    case Activation::kSigmoid:
      return Sigmoid8(v);
    case Activation::kSilu:
      return Silu8(v);
  }
  return v;
}

// Twelve accumulators (6 rows x 2 vectors of 8), two B vectors and one broadcast of A: 15 of the 16
// ymm registers. kRows < kR: the first kRows rows of the tile only (the last tile of a C whose rows
// are not a multiple of kR). kInPlace: B's rows through `b_rows` (see MicroKernel). kVectors 1:
// a half tile, the first 8 columns.
template <int kRows, bool kInPlace, int kVectors>
__attribute__((target("avx2,fma"))) void MicroKernelAvx2(int64_t depth, const float* a,
                                                         const float* b, const int32_t* b_rows,
                                                         float* c, int64_t c_row_stride,
                                                         const float* bias, bool accumulate,
                                                         const Activation* activation) {
  // The tile of C is read (or written) after the loop: fetching its lines now hides the misses of
  // deep products, whose C has left the caches since the previous depth block.
#pragma GCC unroll 6
  for (int r = 0; r < kRows; ++r) {
    __builtin_prefetch(c + r * c_row_stride);
    __builtin_prefetch(c + r * c_row_stride + kC - 1);
  }
  __m256 acc[kRows][kVectors];
#pragma GCC unroll 6
  for (int r = 0; r < kRows; ++r) {
    for (int v = 0; v < kVectors; ++v) acc[r][v] = _mm256_setzero_ps();
  }
  for (int64_t k = 0; k < depth; ++k, a += kR) {
    const float* b_row = kInPlace ? b + b_rows[k] : b + k * kC;
    __m256 b_vectors[kVectors];
    for (int v = 0; v < kVectors; ++v) b_vectors[v] = _mm256_loadu_ps(b_row + 8 * v);
#pragma GCC unroll 6
    for (int r = 0; r < kRows; ++r) {
      const __m256 a_r = _mm256_broadcast_ss(a + r);
      for (int v = 0; v < kVectors; ++v) acc[r][v] = _mm256_fmadd_ps(a_r, b_vectors[v], acc[r][v]);
    }
  }
  // The activations through exp go over the stored tile afterwards: beside the live sums their
  // constants and temporaries would spill (EfficientNet's SiLU cost twice as much so).
  const bool after = activation != nullptr && (activation->kind == Activation::kSigmoid ||
                                               activation->kind == Activation::kSilu);
#pragma GCC unroll 6
  for (int r = 0; r < kRows; ++r) {
    float* out = c + r * c_row_stride;
    for (int half = 0; half < kVectors; ++half) {
      __m256 value = acc[r][half];
      if (accumulate) {
        value = _mm256_add_ps(value, _mm256_loadu_ps(out + 8 * half));
      } else if (bias != nullptr) {
        value = _mm256_add_ps(value, _mm256_set1_ps(bias[r]));
      }
      if (activation != nullptr && !after) value = ActivateAvx2(*activation, value);
      _mm256_storeu_ps(out + 8 * half, value);
    }
  }
  if (after) {
    for (int r = 0; r < kRows; ++r) {
      float* out = c + r * c_row_stride;
      for (int half = 0; half < kVectors; ++half) {
        _mm256_storeu_ps(out + 8 * half,
                         ActivateAvx2(*activation, _mm256_loadu_ps(out + 8 * half)));
      }
    }
  }
}

// MicroKernel for AVX2 + FMA: the instantiation for the tile's rows and B's layout.
template <bool kInPlace, int kVectors>
struct TilesByRows {
  using Tile = void (*)(int64_t, const float*, const float*, const int32_t*, float*, int64_t,
                        const float*, bool, const Activation*);
  static_assert(kR == 6, "one instantiation per row count");
  static constexpr Tile kTiles[] = {nullptr,
                                    MicroKernelAvx2<1, kInPlace, kVectors>,
                                    MicroKernelAvx2<2, kInPlace, kVectors>,
                                    MicroKernelAvx2<3, kInPlace, kVectors>,
                                    MicroKernelAvx2<4, kInPlace, kVectors>,
                                    MicroKernelAvx2<5, kInPlace, kVectors>,
                                    MicroKernelAvx2<6, kInPlace, kVectors>};
};

__attribute__((target("avx2,fma"))) void MicroKernelAvx2Dispatch(
    int rows, int columns, int64_t depth, const float* a, const float* b, const int32_t* b_rows,
    float* c, int64_t c_row_stride, const float* bias, bool accumulate,
    const Activation* activation) {
  const bool in_place = b_rows != nullptr, half = columns == kHalfC;
  const auto& tiles = in_place
                          ? (half ? TilesByRows<true, 1>::kTiles : TilesByRows<true, 2>::kTiles)
                          : (half ? TilesByRows<false, 1>::kTiles : TilesByRows<false, 2>::kTiles);
  tiles[rows](depth, a, b, b_rows, c, c_row_stride, bias, accumulate, activation);
}
#endif  // SENTIO_GEMM_X86

// One column of C for up to kColumnPanels panels of A at once: sums[p * kR + r] = sum over k of
// panels[p][k * kR + r] * column[k], each a chain of multiply-adds in k order from zero, exactly
// as the micro-kernel computes an element, so that a column of C is the same whichever computes
// it. For C's last few columns, where even a half tile would mostly compute zeros.
constexpr int kColumnPanels = 4;
using ColumnKernel = void (*)(int64_t depth, const float* const* panels, int panel_count,
                              const float* column, float* sums);

void ColumnPortable(int64_t depth, const float* const* panels, int panel_count, const float* column,
                    float* sums) {
  for (int p = 0; p < panel_count; ++p) {
    float acc[kR] = {};
    const float* a = panels[p];
    for (int64_t k = 0; k < depth; ++k, a += kR) {
      for (int r = 0; r < kR; ++r) acc[r] += a[r] * column[k];
    }
    for (int r = 0; r < kR; ++r) sums[p * kR + r] = acc[r];
  }
}

#ifdef SENTIO_GEMM_X86
// The panels' six rows in the first six lanes (a masked load: nothing read past a panel), one
// independent chain per panel.
__attribute__((target("avx2,fma"))) void ColumnAvx2(int64_t depth, const float* const* panels,
                                                    int panel_count, const float* column,
                                                    float* sums) {
  static_assert(kR == 6 && kColumnPanels == 4, "six lanes of rows, four chains");
  const __m256i six = _mm256_setr_epi32(-1, -1, -1, -1, -1, -1, 0, 0);
  const float* a[kColumnPanels];
  for (int p = 0; p < kColumnPanels; ++p) a[p] = panels[p < panel_count ? p : 0];
  __m256 acc[kColumnPanels];
  for (__m256& sum : acc) sum = _mm256_setzero_ps();
  for (int64_t k = 0; k < depth; ++k) {
    const __m256 b = _mm256_broadcast_ss(column + k);
#pragma GCC unroll 4
    for (int p = 0; p < kColumnPanels; ++p) {
      acc[p] = _mm256_fmadd_ps(_mm256_maskload_ps(a[p] + k * kR, six), b, acc[p]);
    }
  }
  for (int p = 0; p < panel_count; ++p) {
    float lanes[8];
    _mm256_storeu_ps(lanes, acc[p]);
    for (int r = 0; r < kR; ++r) sums[p * kR + r] = lanes[r];
  }
}
#endif  // SENTIO_GEMM_X86

// C's column for a B of one column (batch-1 fully connected layers): the products of one kR-row
// panel of A (depth-major) with x, added to sums[kR]. Memory-bound on A, so no tiles of C.
using PanelVectorKernel = void (*)(int64_t depth, const float* a, const float* x, float* sums);

void PanelVectorPortable(int64_t depth, const float* a, const float* x, float* sums) {
  for (int64_t k = 0; k < depth; ++k, a += kR) {
    for (int r = 0; r < kR; ++r) sums[r] += a[r] * x[k];
  }
}

#ifdef SENTIO_GEMM_X86
// Four depth steps of the panel are 24 consecutive floats (three vectors) whose element i belongs
// to row i % 6: each vector is multiplied by x's values spread to match. Eight steps per iteration
// into six accumulators, so that the FMAs' latency does not bound the loop.
__attribute__((target("avx2,fma"))) void PanelVectorAvx2(int64_t depth, const float* a,
                                                         const float* x, float* sums) {
  static_assert(kR == 6, "the lane pattern below assumes 6-row panels");
  const __m256i spread0 = _mm256_setr_epi32(0, 0, 0, 0, 0, 0, 1, 1);
  const __m256i spread1 = _mm256_setr_epi32(1, 1, 1, 1, 2, 2, 2, 2);
  const __m256i spread2 = _mm256_setr_epi32(2, 2, 3, 3, 3, 3, 3, 3);
  __m256 acc[6];
  for (__m256& sum : acc) sum = _mm256_setzero_ps();
  int64_t k = 0;
  for (; k + 8 <= depth; k += 8, a += 8 * kR) {
    for (int half = 0; half < 2; ++half) {
      const __m256 x4 = _mm256_castps128_ps256(_mm_loadu_ps(x + k + 4 * half));
      const float* a4 = a + 4 * kR * half;
      __m256* acc3 = acc + 3 * half;
      acc3[0] =
          _mm256_fmadd_ps(_mm256_loadu_ps(a4), _mm256_permutevar8x32_ps(x4, spread0), acc3[0]);
      acc3[1] =
          _mm256_fmadd_ps(_mm256_loadu_ps(a4 + 8), _mm256_permutevar8x32_ps(x4, spread1), acc3[1]);
      acc3[2] =
          _mm256_fmadd_ps(_mm256_loadu_ps(a4 + 16), _mm256_permutevar8x32_ps(x4, spread2), acc3[2]);
    }
  }
  float lanes[8 * kR];
  for (int i = 0; i < 6; ++i) _mm256_storeu_ps(lanes + 8 * i, acc[i]);
  for (int r = 0; r < kR; ++r) {
    float sum = 0;
    for (int step = 0; step < 8; ++step) sum += lanes[step * kR + r];
    sums[r] += sum;
  }
  PanelVectorPortable(depth - k, a, x + k, sums);
}
#endif  // SENTIO_GEMM_X86

// The unpacked matrix-vector product (MultiplyMatrixVector): W's rows (or columns) read where they
// lie. kRows rows of W, each contiguous (row stride `row_stride`): sums[r] = W_r . x.
// W's elements are floats or IEEE halves (MultiplyHalfMatrixVector), converted as they are read.
inline float WeightValue(float w) { return w; }
inline float WeightValue(uint16_t w) { return HalfToFloat(w); }

template <typename T, int kRows>
void RowDotsPortable(const T* w, int64_t row_stride, int64_t depth, const float* x, float* sums) {
  for (int r = 0; r < kRows; ++r) {
    float sum = 0;
    for (int64_t k = 0; k < depth; ++k) sum += WeightValue(w[r * row_stride + k]) * x[k];
    sums[r] = sum;
  }
}

// `width` consecutive columns of W (W(i, k) at w[i + k * depth_stride]): sums[j] = W_j . x, over k
// in order, all columns in one pass over W's rows.
template <typename T>
void ColumnDotsPortable(const T* w, int64_t depth_stride, int64_t depth, const float* x,
                        int64_t width, float* sums) {
  std::fill(sums, sums + width, 0.0f);
  for (int64_t k = 0; k < depth; ++k) {
    for (int64_t j = 0; j < width; ++j) sums[j] += WeightValue(w[k * depth_stride + j]) * x[k];
  }
}

#ifdef SENTIO_GEMM_X86
__attribute__((target("avx2,fma"))) inline float HorizontalSum(__m256 v) {
  __m128 sum = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
  sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
  return _mm_cvtss_f32(sum);
}

__attribute__((target("avx2,fma,f16c"))) inline __m256 Load8(const float* w) {
  return _mm256_loadu_ps(w);
}
__attribute__((target("avx2,fma,f16c"))) inline __m256 Load8(const uint16_t* w) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w)));
}

template <typename T, int kRows>
__attribute__((target("avx2,fma,f16c"))) void RowDotsAvx2(const T* w, int64_t row_stride,
                                                          int64_t depth, const float* x,
                                                          float* sums) {
  __m256 acc[kRows][2];
  for (int r = 0; r < kRows; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
  int64_t k = 0;
  for (; k + 16 <= depth; k += 16) {
    const __m256 x0 = _mm256_loadu_ps(x + k), x1 = _mm256_loadu_ps(x + k + 8);
#pragma GCC unroll 4
    for (int r = 0; r < kRows; ++r) {
      acc[r][0] = _mm256_fmadd_ps(Load8(w + r * row_stride + k), x0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(Load8(w + r * row_stride + k + 8), x1, acc[r][1]);
    }
  }
  for (int r = 0; r < kRows; ++r) {
    float sum = HorizontalSum(_mm256_add_ps(acc[r][0], acc[r][1]));
    // An explicit FMA: the same rounding whether W is float or half (contraction of a * b + c
    // into an FMA is otherwise up to the compiler, instantiation by instantiation).
    for (int64_t kk = k; kk < depth; ++kk)
      sum = std::fma(WeightValue(w[r * row_stride + kk]), x[kk], sum);
    sums[r] = sum;
  }
}

// ColumnDotsPortable for `vectors` (1 to 8) vectors of 8 columns.
template <typename T, int kVectors>
__attribute__((target("avx2,fma,f16c"))) void ColumnVectorsAvx2(const T* w, int64_t depth_stride,
                                                                int64_t depth, const float* x,
                                                                float* sums) {
  __m256 acc[kVectors];
  for (__m256& sum : acc) sum = _mm256_setzero_ps();
  for (int64_t k = 0; k < depth; ++k, w += depth_stride) {
    const __m256 x_k = _mm256_broadcast_ss(x + k);
#pragma GCC unroll 8
    for (int v = 0; v < kVectors; ++v) {
      acc[v] = _mm256_fmadd_ps(Load8(w + 8 * v), x_k, acc[v]);
    }
  }
  for (int v = 0; v < kVectors; ++v) _mm256_storeu_ps(sums + 8 * v, acc[v]);
}

template <typename T>
__attribute__((target("avx2,fma,f16c"))) void ColumnDotsAvx2(const T* w, int64_t depth_stride,
                                                             int64_t depth, const float* x,
                                                             int64_t width, float* sums) {
  using Vectors = void (*)(const T*, int64_t, int64_t, const float*, float*);
  static constexpr Vectors kByCount[] = {nullptr,
                                         ColumnVectorsAvx2<T, 1>,
                                         ColumnVectorsAvx2<T, 2>,
                                         ColumnVectorsAvx2<T, 3>,
                                         ColumnVectorsAvx2<T, 4>,
                                         ColumnVectorsAvx2<T, 5>,
                                         ColumnVectorsAvx2<T, 6>,
                                         ColumnVectorsAvx2<T, 7>,
                                         ColumnVectorsAvx2<T, 8>};
  const int64_t vectors = width / 8;
  if (vectors > 0) kByCount[vectors](w, depth_stride, depth, x, sums);
  ColumnDotsPortable(w + 8 * vectors, depth_stride, depth, x, width - 8 * vectors,
                     sums + 8 * vectors);
}
#endif  // SENTIO_GEMM_X86

// Rows per step of the row-contiguous case and columns per step of the column-contiguous one.
constexpr int64_t kDotRows = 4, kDotColumns = 64;

// sums[r] = W_r . x for `count` (at most kDotRows) contiguous rows.
template <typename T>
void RowDots(GemmKernel kernel, const T* w, int64_t row_stride, int64_t count, int64_t depth,
             const float* x, float* sums) {
  using Dots = void (*)(const T*, int64_t, int64_t, const float*, float*);
  static constexpr Dots kPortable[] = {nullptr, RowDotsPortable<T, 1>, RowDotsPortable<T, 2>,
                                       RowDotsPortable<T, 3>, RowDotsPortable<T, 4>};
#ifdef SENTIO_GEMM_X86
  static constexpr Dots kAvx2[] = {nullptr, RowDotsAvx2<T, 1>, RowDotsAvx2<T, 2>, RowDotsAvx2<T, 3>,
                                   RowDotsAvx2<T, 4>};
  if (kernel == GemmKernel::kAvx2Fma) return kAvx2[count](w, row_stride, depth, x, sums);
#endif
  kPortable[count](w, row_stride, depth, x, sums);
}

template <typename T>
void ColumnDots(GemmKernel kernel, const T* w, int64_t depth_stride, int64_t depth, const float* x,
                int64_t width, float* sums) {
#ifdef SENTIO_GEMM_X86
  if (kernel == GemmKernel::kAvx2Fma) return ColumnDotsAvx2(w, depth_stride, depth, x, width, sums);
#endif
  ColumnDotsPortable(w, depth_stride, depth, x, width, sums);
}

PanelVectorKernel PanelVectorFunction(GemmKernel kernel) {
#ifdef SENTIO_GEMM_X86
  if (kernel == GemmKernel::kAvx2Fma) return PanelVectorAvx2;
#endif
  return PanelVectorPortable;
}

// The kernels of one instruction set: tiles of C, and single columns of C (for the last one to
// three columns, where even a half tile would mostly compute zeros: 7x7 images' 49th column).
struct Kernels {
  MicroKernel tile;
  ColumnKernel column;
};
constexpr int64_t kMaxColumnsByVector = 3;

Kernels KernelFunction(GemmKernel kernel) {
#ifdef SENTIO_GEMM_X86
  if (kernel == GemmKernel::kAvx2Fma) return {MicroKernelAvx2Dispatch, ColumnAvx2};
#endif
  return {MicroKernelPortable, ColumnPortable};
}

int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// The part of C one task computes: rows [row_begin, row_end), columns [col_begin, col_end);
// row_begin and col_begin lie on the tile grid.
struct TaskRange {
  int64_t row_begin, row_end, col_begin, col_end;
};

// Splits C's tiles into `tasks` rectangles (a grid of row_parts x col_parts with the product equal
// to tasks), choosing the grid whose largest rectangle has the fewest tiles; ties go to splitting
// columns, which keeps A's blocks whole.
std::vector<TaskRange> SplitTiles(int64_t m, int64_t n, int tasks) {
  const int64_t row_tiles = CeilDiv(m, kR), col_tiles = CeilDiv(n, kC);
  int best_row_parts = 1;
  int64_t best_cost = -1;
  for (int row_parts = 1; row_parts <= tasks; ++row_parts) {
    if (tasks % row_parts != 0) continue;
    const int col_parts = tasks / row_parts;
    const int64_t cost = CeilDiv(row_tiles, row_parts) * CeilDiv(col_tiles, col_parts);
    if (best_cost < 0 || cost < best_cost) {
      best_cost = cost;
      best_row_parts = row_parts;
    }
  }
  const int col_parts = tasks / best_row_parts;
  const int64_t rows_per = CeilDiv(row_tiles, best_row_parts) * kR;
  const int64_t cols_per = CeilDiv(col_tiles, col_parts) * kC;
  std::vector<TaskRange> ranges;
  for (int i = 0; i < best_row_parts; ++i) {
    for (int j = 0; j < col_parts; ++j) {
      TaskRange range{i * rows_per, std::min(m, (i + 1) * rows_per), j * cols_per,
                      std::min(n, (j + 1) * cols_per)};
      if (range.row_begin < range.row_end && range.col_begin < range.col_end) {
        ranges.push_back(range);
      }
    }
  }
  return ranges;
}

// C's tile at (row, col) of `rows` x `width` (a tile cut by C's last column, or C with column
// stride), through a local tile: the same kernel arithmetic, then the same merge in scalar code.
void EdgeTile(MicroKernel kernel, int64_t depth, const float* a, const float* b,
              const int32_t* b_rows, const GemmOutput& c, int64_t row, int64_t col, int64_t rows,
              int64_t width, bool accumulate, bool last) {
  float tile[kR * kC];
  const int columns = width <= kHalfC ? kHalfC : kC;
  kernel(static_cast<int>(rows), columns, depth, a, b, b_rows, tile, kC, nullptr, false, nullptr);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < width; ++j) {
      float& out = c.data[(row + r) * c.row_stride + (col + j) * c.col_stride];
      float value = tile[r * kC + j];
      if (accumulate) {
        value += out;
      } else if (c.bias != nullptr) {
        value += c.bias[row + r];
      }
      out = last ? Activate(c.activation, value) : value;
    }
  }
}

// The `width` (at most kMaxColumnsByVector) columns of rows [row_begin, row_end) in panel `col`,
// one depth block, a column at a time (B's rows as for MicroKernel), then merged into C as the
// micro-kernel merges its tile.
void RunColumns(const PackedMatrix& a, const GemmOutput& c, int64_t row_begin, int64_t row_end,
                int64_t col, int64_t width, int64_t k0, int64_t block_depth, const float* b_panel,
                const int32_t* b_rows, ColumnKernel kernel) {
  const int64_t m = a.rows();
  const bool accumulate = k0 > 0, last = k0 + block_depth == a.depth();
  float column[kDepthBlock];
  for (int64_t j = 0; j < width; ++j) {
    for (int64_t k = 0; k < block_depth; ++k) {
      column[k] = b_rows != nullptr ? b_panel[b_rows[k] + j] : b_panel[k * kC + j];
    }
    for (int64_t row0 = row_begin; row0 < row_end; row0 += kColumnPanels * kR) {
      const int count =
          static_cast<int>(std::min<int64_t>(kColumnPanels, CeilDiv(row_end - row0, kR)));
      const float* panels[kColumnPanels];
      for (int p = 0; p < count; ++p) panels[p] = a.Panel(k0, row0 / kR + p);
      float sums[kColumnPanels * kR];
      kernel(block_depth, panels, count, column, sums);
      for (int64_t i = 0; i < count * kR && row0 + i < std::min(row_end, m); ++i) {
        float& out = c.data[(row0 + i) * c.row_stride + (col + j) * c.col_stride];
        float value = sums[i];
        if (accumulate) {
          value += out;
        } else if (c.bias != nullptr) {
          value += c.bias[row0 + i];
        }
        out = last ? Activate(c.activation, value) : value;
      }
    }
  }
}

// The tiles of rows [row_begin, row_end) in column panel `col`, one depth block; B's rows as for
// MicroKernel.
void RunPanel(const PackedMatrix& a, const GemmOutput& c, int64_t row_begin, int64_t row_end,
              int64_t col, int64_t width, int64_t k0, int64_t block_depth, const float* b_panel,
              const int32_t* b_rows, const Kernels& kernels) {
  if (width <= kMaxColumnsByVector) {
    RunColumns(a, c, row_begin, row_end, col, width, k0, block_depth, b_panel, b_rows,
               kernels.column);
    return;
  }
  const MicroKernel kernel = kernels.tile;
  const int64_t m = a.rows(), depth = a.depth();
  const bool accumulate = k0 > 0, last = k0 + block_depth == depth;
  const Activation* activation = last ? &c.activation : nullptr;
  for (int64_t row = row_begin; row < row_end; row += kR) {
    const float* a_panel = a.Panel(k0, row / kR);
    const int64_t rows = std::min(kR, m - row);
    if ((width == kC || width == kHalfC) && c.col_stride == 1) {
      kernel(static_cast<int>(rows), static_cast<int>(width), block_depth, a_panel, b_panel, b_rows,
             c.data + row * c.row_stride + col, c.row_stride,
             c.bias != nullptr ? c.bias + row : nullptr, accumulate, activation);
    } else {
      EdgeTile(kernel, block_depth, a_panel, b_panel, b_rows, c, row, col, rows, width, accumulate,
               last);
    }
  }
}

// A task whose rows fit one row block: each panel of B is packed and used at once, while it is
// in L1 (packing a whole block first would push it out to L3 when few rows reuse it).
void RunTaskByPanel(const PackedMatrix& a, const RightOperand& b, const GemmOutput& c,
                    const TaskRange& range, const Kernels& kernels, float* panel) {
  const int64_t depth = a.depth();
  for (int64_t col = range.col_begin; col < range.col_end; col += kC) {
    const int64_t width = std::min(kC, range.col_end - col);
    for (int64_t k0 = 0; k0 < depth; k0 += kDepthBlock) {
      const int64_t block_depth = std::min(kDepthBlock, depth - k0);
      b.PackPanel(k0, block_depth, col, width, panel);
      RunPanel(a, c, range.row_begin, range.row_end, col, width, k0, block_depth, panel, nullptr,
               kernels);
    }
  }
}

// A task with several row blocks: a depth block of B's panels is packed once and reused by every
// row block.
void RunTask(const PackedMatrix& a, const RightOperand& b, const GemmOutput& c,
             const TaskRange& range, const Kernels& kernels, float* panels) {
  if (range.row_end - range.row_begin <= kRowBlock) {
    RunTaskByPanel(a, b, c, range, kernels, panels);
    return;
  }
  const int64_t depth = a.depth();
  for (int64_t col0 = range.col_begin; col0 < range.col_end; col0 += kColumnBlock) {
    const int64_t col1 = std::min(range.col_end, col0 + kColumnBlock);
    const int64_t panel_count = CeilDiv(col1 - col0, kC);
    for (int64_t k0 = 0; k0 < depth; k0 += kDepthBlock) {
      const int64_t block_depth = std::min(kDepthBlock, depth - k0);
      b.PackPanels(k0, block_depth, col0, col1 - col0, panels);
      for (int64_t row0 = range.row_begin; row0 < range.row_end; row0 += kRowBlock) {
        const int64_t row1 = std::min(range.row_end, row0 + kRowBlock);
        for (int64_t p = 0; p < panel_count; ++p) {
          const int64_t col = col0 + p * kC;
          RunPanel(a, c, row0, row1, col, std::min(kC, col1 - col), k0, block_depth,
                   panels + p * block_depth * kC, nullptr, kernels);
        }
      }
    }
  }
}

// C = act(A x + bias) for B = x, one column: the kR-row panels split over the pool's threads.
// `x` receives B.
void MultiplyVector(const PackedMatrix& a, const RightOperand& b, const GemmOutput& c,
                    ThreadPool& pool, GemmKernel kernel_kind, std::vector<float>& x) {
  const int64_t m = a.rows(), depth = a.depth();
  // Never shrunk: fully connected layers of different depths take turns.
  if (static_cast<int64_t>(x.size()) < depth) x.resize(depth);
  b.ReadColumn(0, depth, 0, x.data());
  const PanelVectorKernel kernel = PanelVectorFunction(kernel_kind);
  const int64_t tiles = CeilDiv(m, kR);
  const int tasks = m * depth < kMinParallelVectorWork
                        ? 1
                        : static_cast<int>(std::min<int64_t>(pool.size(), tiles));
  pool.ParallelFor(tasks, [&](int task) {
    for (int64_t tile = tiles * task / tasks; tile < tiles * (task + 1) / tasks; ++tile) {
      float sums[kR] = {};
      for (int64_t k0 = 0; k0 < depth; k0 += kDepthBlock) {
        kernel(std::min(kDepthBlock, depth - k0), a.Panel(k0, tile), x.data() + k0, sums);
      }
      for (int64_t r = 0; r < kR && tile * kR + r < m; ++r) {
        const int64_t row = tile * kR + r;
        const float value = c.bias != nullptr ? sums[r] + c.bias[row] : sums[r];
        c.data[row * c.row_stride] = Activate(c.activation, value);
      }
    }
  });
}

// C = act(bias): the product with a depth of zero.
void WriteActivatedBias(int64_t m, int64_t n, const GemmOutput& c) {
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      c.data[i * c.row_stride + j * c.col_stride] =
          Activate(c.activation, c.bias != nullptr ? c.bias[i] : 0.0f);
    }
  }
}

}  // namespace

void PackedMatrix::Pack(int64_t rows, int64_t depth, const float* values, int64_t row_stride,
                        int64_t depth_stride) {
  rows_ = rows;
  depth_ = depth;
  padded_rows_ = CeilDiv(rows, kR) * kR;
  values_.assign(padded_rows_ * depth, 0.0f);
  for (int64_t k0 = 0; k0 < depth; k0 += kDepthBlock) {
    const int64_t block_depth = std::min(kDepthBlock, depth - k0);
    for (int64_t tile = 0; tile * kR < rows; ++tile) {
      float* panel = values_.data() + k0 * padded_rows_ + tile * block_depth * kR;
      for (int64_t k = 0; k < block_depth; ++k) {
        for (int64_t r = 0; r < kR && tile * kR + r < rows; ++r) {
          panel[k * kR + r] = values[(tile * kR + r) * row_stride + (k0 + k) * depth_stride];
        }
      }
    }
  }
}

const float* PackedMatrix::Panel(int64_t k0, int64_t tile) const {
  return values_.data() + k0 * padded_rows_ + tile * std::min(kDepthBlock, depth_ - k0) * kR;
}

void StridedOperand::PackPanel(int64_t k0, int64_t depth, int64_t j0, int64_t width,
                               float* panel) const {
  for (int64_t k = 0; k < depth; ++k) {
    const float* row = data_ + (k0 + k) * row_stride_ + j0 * col_stride_;
    float* out = panel + k * kC;
    if (col_stride_ == 1 && width == kC) {
      // The next panels read on along these rows, one line per row, from L3 or memory when B is
      // large: the hardware prefetcher does not foresee that pattern.
      __builtin_prefetch(row + kPrefetchAhead);
      std::memcpy(out, row, kC * sizeof(float));
      continue;
    }
    for (int64_t j = 0; j < width; ++j) out[j] = row[j * col_stride_];
    std::fill(out + width, out + kC, 0.0f);
  }
}

void RightOperand::PackPanels(int64_t k0, int64_t depth, int64_t j0, int64_t width,
                              float* panels) const {
  for (int64_t col = 0; col < width; col += kC) {
    PackPanel(k0, depth, j0 + col, std::min(kC, width - col), panels + (col / kC) * depth * kC);
  }
}

void RightOperand::ReadColumn(int64_t k0, int64_t depth, int64_t j, float* out) const {
  constexpr int64_t kChunk = 64;
  float panel[kChunk * kC];
  for (int64_t kk = 0; kk < depth; kk += kChunk) {
    const int64_t chunk = std::min(kChunk, depth - kk);
    PackPanel(k0 + kk, chunk, j, 1, panel);
    for (int64_t i = 0; i < chunk; ++i) out[kk + i] = panel[i * kC];
  }
}

void StridedOperand::ReadColumn(int64_t k0, int64_t depth, int64_t j, float* out) const {
  const float* column = data_ + k0 * row_stride_ + j * col_stride_;
  if (row_stride_ == 1) {
    std::memcpy(out, column, depth * sizeof(float));
    return;
  }
  for (int64_t k = 0; k < depth; ++k) out[k] = column[k * row_stride_];
}

void StridedOperand::PackPanels(int64_t k0, int64_t depth, int64_t j0, int64_t width,
                                float* panels) const {
  if (col_stride_ != 1) {
    RightOperand::PackPanels(k0, depth, j0, width, panels);
    return;
  }
  const int64_t full = width / kC * kC;
  for (int64_t k = 0; k < depth; ++k) {
    const float* row = data_ + (k0 + k) * row_stride_ + j0;
    for (int64_t col = 0; col < full; col += kC) {
      std::memcpy(panels + (col / kC * depth + k) * kC, row + col, kC * sizeof(float));
    }
  }
  if (full < width) PackPanel(k0, depth, j0 + full, width - full, panels + full / kC * depth * kC);
}

GemmKernel BestGemmKernel() {
#ifdef SENTIO_GEMM_X86
  // F16C (every AVX2 CPU has it) for the half-precision matrix-vector kernels.
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
      __builtin_cpu_supports("f16c")) {
    return GemmKernel::kAvx2Fma;
  }
#endif
  return GemmKernel::kPortable;
}

GemmContext::GemmContext(ThreadPool& pool, GemmKernel kernel)
    : pool_(pool),
      kernel_(kernel),
      panels_(pool.size(), std::vector<float>(kDepthBlock * kColumnBlock)) {}

int64_t GemmContext::scratch_bytes() const {
  return static_cast<int64_t>(panels_.size() * kDepthBlock * kColumnBlock * sizeof(float));
}

int64_t GemmPanelFloats(int64_t n) {
  return kDepthBlock * std::min(CeilDiv(n, kC) * kC, kColumnBlock);
}

void MultiplyPackedOnThisThread(const PackedMatrix& a, const RightOperand& b, int64_t n,
                                const GemmOutput& c, GemmKernel kernel, float* panels) {
  if (a.rows() == 0 || n == 0) return;
  if (a.depth() == 0) {
    WriteActivatedBias(a.rows(), n, c);
    return;
  }
  RunTask(a, b, c, TaskRange{0, a.rows(), 0, n}, KernelFunction(kernel), panels);
}

void MultiplyPacked(const PackedMatrix& a, const RightOperand& b, int64_t n, const GemmOutput& c,
                    GemmContext& context) {
  const int64_t m = a.rows(), depth = a.depth();
  if (m == 0 || n == 0) return;
  if (depth == 0) {
    WriteActivatedBias(m, n, c);
    return;
  }
  if (n == 1) {
    MultiplyVector(a, b, c, context.pool_, context.kernel_, context.vector_);
    return;
  }
  const int tasks = m * n * depth < kMinParallelWork ? 1 : context.pool_.size();
  const std::vector<TaskRange> ranges = SplitTiles(m, n, tasks);
  const Kernels kernels = KernelFunction(context.kernel_);
  context.pool_.ParallelFor(static_cast<int>(ranges.size()), [&](int task) {
    RunTask(a, b, c, ranges[task], kernels, context.panels_[task].data());
  });
}

void MultiplyInPlace(const PackedMatrix& a, const float* b, const int32_t* b_row_offsets, int64_t n,
                     const GemmOutput& c, GemmContext& context) {
  const int64_t m = a.rows(), depth = a.depth();
  if (m == 0 || n == 0) return;
  if (depth == 0) {
    WriteActivatedBias(m, n, c);
    return;
  }
  const int tasks = m * n * depth < kMinParallelWork ? 1 : context.pool_.size();
  const std::vector<TaskRange> ranges = SplitTiles(m, n, tasks);
  const Kernels kernels = KernelFunction(context.kernel_);
  context.pool_.ParallelFor(static_cast<int>(ranges.size()), [&](int task) {
    const TaskRange& range = ranges[task];
    // BLIS's loop order without the packing: a block of A stays in L2 while the columns pass.
    for (int64_t row0 = range.row_begin; row0 < range.row_end; row0 += kRowBlock) {
      const int64_t row1 = std::min(range.row_end, row0 + kRowBlock);
      for (int64_t k0 = 0; k0 < depth; k0 += kDepthBlock) {
        const int64_t block_depth = std::min(kDepthBlock, depth - k0);
        for (int64_t col = range.col_begin; col < range.col_end; col += kC) {
          const int64_t width = std::min(kC, range.col_end - col);
          if (width == kC) {
            RunPanel(a, c, row0, row1, col, width, k0, block_depth, b + col, b_row_offsets + k0,
                     kernels);
            continue;
          }
          // C's last columns: B's rows end within the panel, so it is packed (zeros beyond).
          float* panel = context.panels_[task].data();
          for (int64_t k = 0; k < block_depth; ++k) {
            const float* row = b + b_row_offsets[k0 + k] + col;
            std::copy(row, row + width, panel + k * kC);
            std::fill(panel + k * kC + width, panel + (k + 1) * kC, 0.0f);
          }
          RunPanel(a, c, row0, row1, col, width, k0, block_depth, panel, nullptr, kernels);
        }
      }
    }
  });
}

template <typename T>
void MatrixVector(const T* w, int64_t rows, int64_t depth, int64_t row_stride, int64_t depth_stride,
                  const float* x, const GemmOutput& c, ThreadPool& pool, GemmKernel kernel) {
  if (rows == 0) return;
  const bool contiguous_rows = depth_stride == 1;
  const int64_t step = contiguous_rows ? kDotRows : kDotColumns;
  const int64_t steps = CeilDiv(rows, step);
  const int tasks = rows * depth < kMinParallelVectorWork
                        ? 1
                        : static_cast<int>(std::min<int64_t>(pool.size(), steps));
  pool.ParallelFor(tasks, [&](int task) {
    float sums[kDotColumns];
    for (int64_t s = steps * task / tasks; s < steps * (task + 1) / tasks; ++s) {
      const int64_t first = s * step, count = std::min(step, rows - first);
      if (contiguous_rows) {
        RowDots(kernel, w + first * row_stride, row_stride, count, depth, x, sums);
      } else {
        ColumnDots(kernel, w + first, depth_stride, depth, x, count, sums);
      }
      for (int64_t i = 0; i < count; ++i) {
        const int64_t row = first + i;
        const float value = c.bias != nullptr ? sums[i] + c.bias[row] : sums[i];
        c.data[row * c.row_stride] = Activate(c.activation, value);
      }
    }
  });
}

void MultiplyMatrixVector(const float* w, int64_t rows, int64_t depth, int64_t row_stride,
                          int64_t depth_stride, const float* x, const GemmOutput& c,
                          GemmContext& context) {
  MatrixVector(w, rows, depth, row_stride, depth_stride, x, c, context.pool_, context.kernel_);
}

void MultiplyHalfMatrixVector(const uint16_t* w, int64_t rows, int64_t depth, int64_t row_stride,
                              int64_t depth_stride, const float* x, const GemmOutput& c,
                              GemmContext& context) {
  MatrixVector(w, rows, depth, row_stride, depth_stride, x, c, context.pool_, context.kernel_);
}

}  // namespace sentio::cnn::cpu
