// A dense float32 tensor in row-major order (NCHW for images): a shape and contiguous values, the
// unit that CNN engines take in and give out.
#ifndef CNN_IR_TENSOR_H_
#define CNN_IR_TENSOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio {

using Shape = std::vector<int64_t>;

// The number of elements of `shape` (1 for a scalar), or an error naming the shape when a
// dimension is negative or the count overflows.
absl::StatusOr<int64_t> NumElements(const Shape& shape);

// "[1,3,28,28]".
std::string ShapeString(const Shape& shape);

class Tensor {
 public:
  // An empty tensor of shape [0].
  Tensor() : shape_{0} {}

  // A tensor of `shape` filled with zeros.
  static absl::StatusOr<Tensor> Zeros(const Shape& shape);
  // A tensor of `shape` holding `values`, whose count must match the shape.
  static absl::StatusOr<Tensor> FromValues(const Shape& shape, std::vector<float> values);

  const Shape& shape() const { return shape_; }
  int rank() const { return static_cast<int>(shape_.size()); }
  // Dimension `axis`; a negative axis counts from the end.
  int64_t dim(int axis) const { return shape_[axis < 0 ? axis + rank() : axis]; }
  int64_t size() const { return static_cast<int64_t>(values_.size()); }

  float* data() { return values_.data(); }
  const float* data() const { return values_.data(); }
  const std::vector<float>& values() const { return values_; }

  float& operator[](int64_t i) { return values_[i]; }
  float operator[](int64_t i) const { return values_[i]; }

  // The same values under another shape with the same element count.
  absl::Status Reshape(const Shape& shape);

 private:
  Tensor(Shape shape, std::vector<float> values)
      : shape_(std::move(shape)), values_(std::move(values)) {}

  Shape shape_;
  std::vector<float> values_;
};

}  // namespace sentio

#endif  // CNN_IR_TENSOR_H_
