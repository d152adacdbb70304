// A dense tensor in row-major order (NCHW for images): a shape and contiguous values of one data
// type, the unit that CNN engines take in and give out. Engines compute in float32; float16 holds
// weights stored as IEEE halves (cnn/ir/half.h) until an engine asks for float (ToFloat32), and
// int64 holds shape arithmetic. Storage is a std::vector of the element type: copies are deep and
// nothing is freed by hand.
#ifndef CNN_IR_TENSOR_H_
#define CNN_IR_TENSOR_H_

#include <cassert>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio::cnn {

using Shape = std::vector<int64_t>;

enum class DataType { kFloat32, kFloat16, kInt64 };

// "float32", "float16", "int64".
const char* DataTypeName(DataType dtype);
// The bytes of one element: 4, 2, 8.
int64_t DataTypeSize(DataType dtype);

// The number of elements of `shape` (1 for a scalar), or an error naming the shape when a
// dimension is negative or the count overflows.
absl::StatusOr<int64_t> NumElements(const Shape& shape);

// "[1,3,28,28]".
std::string ShapeString(const Shape& shape);

class Tensor {
 public:
  // An empty float32 tensor of shape [0].
  Tensor() : shape_{0} {}

  // A float32 tensor of `shape` filled with zeros.
  static absl::StatusOr<Tensor> Zeros(const Shape& shape);
  // A float32 tensor of `shape` holding `values`, whose count must match the shape.
  static absl::StatusOr<Tensor> FromValues(const Shape& shape, std::vector<float> values);
  // A float16 tensor of `shape` holding the IEEE half bit patterns `halves`; count as above.
  static absl::StatusOr<Tensor> FromHalves(const Shape& shape, std::vector<uint16_t> halves);
  // An int64 tensor of `shape` holding `values`; count as above.
  static absl::StatusOr<Tensor> FromInt64s(const Shape& shape, std::vector<int64_t> values);

  DataType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  int rank() const { return static_cast<int>(shape_.size()); }
  // Dimension `axis`; a negative axis counts from the end.
  int64_t dim(int axis) const { return shape_[axis < 0 ? axis + rank() : axis]; }
  // The number of elements, whatever the data type.
  int64_t size() const;
  // The bytes of the elements held: size() * DataTypeSize(dtype()).
  int64_t ByteSize() const { return size() * DataTypeSize(dtype_); }

  // The float32 values; only for a float32 tensor (asserted: other types have no float storage).
  float* data() { return floats().data(); }
  const float* data() const { return floats().data(); }
  const std::vector<float>& values() const { return floats(); }
  float& operator[](int64_t i) { return floats()[i]; }
  float operator[](int64_t i) const { return floats()[i]; }

  // The half bit patterns of a float16 tensor (asserted).
  const std::vector<uint16_t>& halves() const {
    assert(dtype_ == DataType::kFloat16 && "halves() of a tensor that is not float16");
    return halves_;
  }
  // The values of an int64 tensor (asserted).
  const std::vector<int64_t>& int64s() const {
    assert(dtype_ == DataType::kInt64 && "int64s() of a tensor that is not int64");
    return int64s_;
  }

  // A float32 copy: halves decoded exactly (HalfToFloat), int64s converted to the nearest float,
  // float32 values copied.
  Tensor ToFloat32() const;
  // A float16 copy: each value rounded to the nearest half (FloatToHalf; beyond 65504 it becomes
  // infinite), float16 values copied. Int64 tensors go through float.
  Tensor ToFloat16() const;

  // The same values under another shape with the same element count.
  absl::Status Reshape(const Shape& shape);

 private:
  std::vector<float>& floats() {
    assert(dtype_ == DataType::kFloat32 && "float access to a tensor that is not float32");
    return floats_;
  }
  const std::vector<float>& floats() const {
    assert(dtype_ == DataType::kFloat32 && "float access to a tensor that is not float32");
    return floats_;
  }

  DataType dtype_ = DataType::kFloat32;
  Shape shape_;
  // The storage of dtype_; the other two stay empty.
  std::vector<float> floats_;
  std::vector<uint16_t> halves_;
  std::vector<int64_t> int64s_;
};

}  // namespace sentio::cnn

#endif  // CNN_IR_TENSOR_H_
