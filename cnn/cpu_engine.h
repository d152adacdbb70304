// The CPU engine: convolutions as im2col + a cache-blocked GEMM, Gemm and MatMul on the same GEMM
// with constant weights laid out for it at load, and the reference kernels (cnn/reference_ops.h)
// for the cheap operators. Single-threaded; float accumulation.
#ifndef CNN_CPU_ENGINE_H_
#define CNN_CPU_ENGINE_H_

#include <cstdint>
#include <map>
#include <vector>

#include "cnn/engine.h"
#include "cnn/model_runner.h"

namespace sentio {

// C[m x n] += A[m x k] * B[k x n]; row-major, with the given row strides.
void GemmAccumulate(int64_t m, int64_t n, int64_t k, const float* a, int64_t a_stride,
                    const float* b, int64_t b_stride, float* c, int64_t c_stride);

class CpuEngine : public Engine {
 public:
  absl::Status Load(const cnn::Model& model) override;
  absl::StatusOr<TensorMap> Run(const TensorMap& inputs) override;

 private:
  absl::StatusOr<std::vector<Tensor>> RunNode(const cnn::Node& node,
                                              const std::vector<const Tensor*>& inputs) const;
  absl::StatusOr<Tensor> Conv(const cnn::Node& node, const std::vector<const Tensor*>& inputs,
                              const Shape& output_shape) const;
  absl::StatusOr<Tensor> Gemm(const cnn::Node& node, const std::vector<const Tensor*>& inputs) const;

  ModelRunner runner_;
  // For Gemm nodes with constant B: B as a [K, N] matrix (transposed at load when transB).
  std::map<const cnn::Node*, std::vector<float>> gemm_b_;
};

}  // namespace sentio

#endif  // CNN_CPU_ENGINE_H_
