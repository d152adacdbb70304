// The CPU engine's matrix product C = act(A * B + bias), BLIS style: A (weights) packed once into
// panels of kGemmTileRows rows, B packed per cache block into panels of kGemmTileCols columns by a
// RightOperand (a plain strided matrix, or im2col done while packing: cnn/cpu/conv_kernels.h), and
// a 6x16 micro-kernel (AVX2 + FMA intrinsics when the CPU has them, chosen at run time; portable
// C++ otherwise) that keeps the tile of C in registers and applies bias and activation on the way
// out. Work splits over tiles of C between the threads of a ThreadPool; every element of C is
// computed by the same sequence of operations whatever the thread count, so results are identical.
// A B of one column (batch-1 fully connected layers) takes a matrix-vector path instead of
// 16-column tiles, and a B whose rows are slices of one small buffer can be read in place, unpacked
// (MultiplyInPlace).
#ifndef CNN_CPU_GEMM_H_
#define CNN_CPU_GEMM_H_

#include <cstdint>
#include <vector>

#include "cnn/cpu/activation.h"
#include "cnn/cpu/thread_pool.h"

namespace sentio::cnn::cpu {

constexpr int64_t kGemmTileRows = 6;
constexpr int64_t kGemmTileCols = 16;

// The left operand, packed: depth blocks of kGemmDepthBlock, within each the panels of
// kGemmTileRows rows (zero-padded), each panel depth-major.
class PackedMatrix {
 public:
  // Packs the rows x depth matrix whose element (i, k) is values[i * row_stride + k *
  // depth_stride].
  void Pack(int64_t rows, int64_t depth, const float* values, int64_t row_stride,
            int64_t depth_stride);

  int64_t rows() const { return rows_; }
  int64_t depth() const { return depth_; }
  int64_t bytes() const { return static_cast<int64_t>(values_.capacity() * sizeof(float)); }
  // The panel of tile row `tile` in the depth block that starts at `k0`.
  const float* Panel(int64_t k0, int64_t tile) const;

 private:
  int64_t rows_ = 0, depth_ = 0, padded_rows_ = 0;
  std::vector<float> values_;
};

// The right operand B (depth x n), delivered in panels for the micro-kernel.
class RightOperand {
 public:
  virtual ~RightOperand() = default;
  // Writes rows [k0, k0 + depth) of columns [j0, j0 + width) (width <= kGemmTileCols) to panel[kk *
  // kGemmTileCols + j], zeros in the columns from width on.
  virtual void PackPanel(int64_t k0, int64_t depth, int64_t j0, int64_t width,
                         float* panel) const = 0;
  // Packs the panels of columns [j0, j0 + width) one after another (each depth x kGemmTileCols); by
  // default panel by panel.
  virtual void PackPanels(int64_t k0, int64_t depth, int64_t j0, int64_t width,
                          float* panels) const;
  // Writes rows [k0, k0 + depth) of column j to out[kk]; by default through PackPanel.
  virtual void ReadColumn(int64_t k0, int64_t depth, int64_t j, float* out) const;
};

// B given as memory: element (k, j) at data[k * row_stride + j * col_stride].
class StridedOperand : public RightOperand {
 public:
  StridedOperand(const float* data, int64_t row_stride, int64_t col_stride)
      : data_(data), row_stride_(row_stride), col_stride_(col_stride) {}
  void PackPanel(int64_t k0, int64_t depth, int64_t j0, int64_t width, float* panel) const override;
  // Row by row across the panels: reads B's rows sequentially.
  void PackPanels(int64_t k0, int64_t depth, int64_t j0, int64_t width,
                  float* panels) const override;
  void ReadColumn(int64_t k0, int64_t depth, int64_t j, float* out) const override;

 private:
  const float* data_;
  int64_t row_stride_, col_stride_;
};

// Where C goes: element (i, j) at data[i * row_stride + j * col_stride]; C = act(A B + bias[i]).
struct GemmOutput {
  float* data = nullptr;
  int64_t row_stride = 0, col_stride = 1;
  const float* bias = nullptr;  // one per row of C, or none
  Activation activation;
};

enum class GemmKernel { kPortable, kAvx2Fma };

// The fastest micro-kernel this CPU runs.
GemmKernel BestGemmKernel();

// The threads and the per-task packing buffers of the products, made once (the buffers are the
// engine's only GEMM scratch).
class GemmContext {
 public:
  explicit GemmContext(ThreadPool& pool, GemmKernel kernel = BestGemmKernel());

  ThreadPool& pool() const { return pool_; }
  GemmKernel kernel() const { return kernel_; }
  int64_t scratch_bytes() const;

 private:
  friend void MultiplyPacked(const PackedMatrix& a, const RightOperand& b, int64_t n,
                             const GemmOutput& c, GemmContext& context);
  friend void MultiplyMatrixVector(const float* w, int64_t rows, int64_t depth, int64_t row_stride,
                                   int64_t depth_stride, const float* x, const GemmOutput& c,
                                   GemmContext& context);
  friend void MultiplyHalfMatrixVector(const uint16_t* w, int64_t rows, int64_t depth,
                                       int64_t row_stride, int64_t depth_stride, const float* x,
                                       const GemmOutput& c, GemmContext& context);
  friend void MultiplyInPlace(const PackedMatrix& a, const float* b, const int32_t* b_row_offsets,
                              int64_t n, const GemmOutput& c, GemmContext& context);
  ThreadPool& pool_;
  GemmKernel kernel_;
  std::vector<std::vector<float>> panels_;  // per task: one depth block of B
  std::vector<float> vector_;               // B when it has one column
};

// C (a.rows() x n) = act(A B + bias), B of a.depth() rows and n columns.
void MultiplyPacked(const PackedMatrix& a, const RightOperand& b, int64_t n, const GemmOutput& c,
                    GemmContext& context);

// C (a.rows() x n) = act(A B + bias) with B read in place, never packed (but for a last panel of
// fewer than kGemmTileCols columns): B's row k is the n floats from b + b_row_offsets[k]. For
// small images seen through shifted windows (cnn/cpu/wide_row_conv.h) and 1x1 convolutions.
void MultiplyInPlace(const PackedMatrix& a, const float* b, const int32_t* b_row_offsets, int64_t n,
                     const GemmOutput& c, GemmContext& context);

// C's one column (c.data[i * c.row_stride]) = act(W x + bias) with W (rows x depth) read where it
// lies, never packed: W(i, k) at w[i * row_stride + k * depth_stride], with depth_stride 1 (W
// row-major) or row_stride 1 (its transpose row-major). For batch-1 fully connected layers: bound
// by reading W like the packed matrix-vector path, without a packed copy of W.
void MultiplyMatrixVector(const float* w, int64_t rows, int64_t depth, int64_t row_stride,
                          int64_t depth_stride, const float* x, const GemmOutput& c,
                          GemmContext& context);

// The same with W stored as IEEE halves (cnn/ir/half.h), converted to float as they are read
// (F16C): half the bytes of the float product, for the batch-1 fully connected layers of a model
// kept in half precision, which reading W bounds. The sums are those of MultiplyMatrixVector on
// W's float values.
void MultiplyHalfMatrixVector(const uint16_t* w, int64_t rows, int64_t depth, int64_t row_stride,
                              int64_t depth_stride, const float* x, const GemmOutput& c,
                              GemmContext& context);

// The same product on the calling thread alone, packing into `panels` (GemmPanelFloats(n) floats):
// for callers that split their work over threads themselves.
void MultiplyPackedOnThisThread(const PackedMatrix& a, const RightOperand& b, int64_t n,
                                const GemmOutput& c, GemmKernel kernel, float* panels);
int64_t GemmPanelFloats(int64_t n);

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_GEMM_H_
