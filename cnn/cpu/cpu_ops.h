// The CPU engine's kernels for the cheap operators, on raw arrays in the engine's arena: pooling,
// nearest upsampling, broadcast Add / Mul, activations (also Tanh, PRelu), softmax,
// per-channel affine (BatchNormalization), concat, transpose and LRN.
// They follow cnn/engine/reference_ops.cc but accumulate in float and write into memory given to
// them.
#ifndef CNN_CPU_CPU_OPS_H_
#define CNN_CPU_CPU_OPS_H_

#include <cstdint>
#include <vector>

#include "cnn/cpu/activation.h"
#include "cnn/cpu/thread_pool.h"
#include "cnn/ir/shape_inference.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn::cpu {

// MaxPool / AveragePool of `planes` planes of in_h x in_w into out_h x out_w; planes split over the
// pool's threads.
void Pool2d(const PoolParams& params, bool is_max, const float* x, int64_t planes, int64_t in_h,
            int64_t in_w, int64_t out_h, int64_t out_w, float* y, ThreadPool& pool);

// The mean of each of `planes` planes of `plane_size` values.
void GlobalAveragePool(const float* x, int64_t planes, int64_t plane_size, float* y);

// The largest of each of `planes` planes of `plane_size` values (GlobalMaxPool).
void GlobalMaxPool(const float* x, int64_t planes, int64_t plane_size, float* y);

// Nearest-neighbour upsampling of `planes` planes by the integer factors out_h / in_h and
// out_w / in_w (the IR's Upsample).
void UpsampleNearest(const float* x, int64_t planes, int64_t in_h, int64_t in_w, int64_t out_h,
                     int64_t out_w, float* y);

// y[i] = tanh(x[i]).
void Tanh(const float* x, int64_t count, float* y);

// y[i] = x[i] < 0 ? slope * x[i] : x[i] with one slope (channels = 1) or one per channel of
// `inner` values each (x of images x channels x inner).
void PRelu(const float* x, int64_t count, const float* slope, int64_t channels, int64_t inner,
           float* y);

// y = x with its axes permuted: output axis k is input axis perm[k].
void Transpose(const float* x, const Shape& x_shape, const std::vector<int64_t>& perm, float* y);

// Local response normalization across channels (x of batch x channels x inner), in double as the
// reference does; `square_sums` is scratch (resized to `inner`).
void Lrn(const LrnParams& p, const float* x, int64_t batch, int64_t channels, int64_t inner,
         std::vector<double>& square_sums, float* y);

// y = a + b (or a * b) with NumPy broadcasting of a's and b's shapes to `output`.
void BroadcastBinary(bool is_add, const float* a, const Shape& a_shape, const float* b,
                     const Shape& b_shape, const Shape& output, float* y);

// y = act(a + b) (or act(a * b)) for arrays of the same shape (ResNet's residual Add + Relu), in
// one pass, split over the pool's threads; y may be a or b.
void ElementwiseSameShape(bool is_add, const float* a, const float* b, int64_t count,
                          const Activation& activation, float* y, ThreadPool& pool);

// y[i] = act(x[i]); x and y may be the same.
void ActivateArray(const Activation& activation, const float* x, int64_t count, float* y);

// Softmax along an axis of `length` values between `outer` blocks and `inner` strides.
void Softmax(const float* x, int64_t outer, int64_t length, int64_t inner, float* y);

// y = x * scale[c] + shift[c] for x of images x channels x inner.
void ChannelAffine(const float* x, int64_t images, int64_t channels, int64_t inner,
                   const float* scale, const float* shift, float* y);

// Concatenation along an axis: each input is `outer` chunks of chunk_sizes[i] values.
void Concat(const std::vector<const float*>& inputs, const std::vector<int64_t>& chunk_sizes,
            int64_t outer, float* y);

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_CPU_OPS_H_
