#include "cnn/ir/tensor.h"

#include <limits>
#include <new>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cnn/ir/half.h"

namespace sentio::cnn {
namespace {

// Fails unless `shape` holds exactly `count` elements.
absl::Status CheckCount(const Shape& shape, size_t count) {
  absl::StatusOr<int64_t> expected = NumElements(shape);
  if (!expected.ok()) return expected.status();
  if (*expected != static_cast<int64_t>(count)) {
    return absl::InvalidArgumentError(absl::StrCat("shape ", ShapeString(shape), " needs ",
                                                   *expected, " values, got ", count));
  }
  return absl::OkStatus();
}

}  // namespace

const char* DataTypeName(DataType dtype) {
  switch (dtype) {
    case DataType::kFloat32:
      return "float32";
    case DataType::kFloat16:
      return "float16";
    case DataType::kInt64:
      return "int64";
  }
  return "unknown";
}

int64_t DataTypeSize(DataType dtype) {
  switch (dtype) {
    case DataType::kFloat32:
      return 4;
    case DataType::kFloat16:
      return 2;
    case DataType::kInt64:
      return 8;
  }
  return 0;
}

absl::StatusOr<int64_t> NumElements(const Shape& shape) {
  // Tensors here live in memory, so anything above 2^40 elements is a corrupt shape.
  constexpr int64_t kMaxElements = int64_t{1} << 40;
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("shape ", ShapeString(shape), " has a negative dimension"));
    }
    if (dim != 0 && count > kMaxElements / dim) {
      return absl::InvalidArgumentError(
          absl::StrCat("shape ", ShapeString(shape), " has too many elements"));
    }
    count *= dim;
  }
  return count;
}

std::string ShapeString(const Shape& shape) { return absl::StrCat("[", absl::StrJoin(shape, ","), "]"); }

absl::StatusOr<Tensor> Tensor::Zeros(const Shape& shape) {
  absl::StatusOr<int64_t> count = NumElements(shape);
  if (!count.ok()) return count.status();
  // A model can ask for any size; memory that is not there is an error, not an exception.
  std::vector<float> values;
  try {
    values.assign(*count, 0.0f);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot allocate a tensor of shape ", ShapeString(shape)));
  }
  return FromValues(shape, std::move(values));
}

absl::StatusOr<Tensor> Tensor::FromValues(const Shape& shape, std::vector<float> values) {
  absl::Status counted = CheckCount(shape, values.size());
  if (!counted.ok()) return counted;
  Tensor tensor;
  tensor.shape_ = shape;
  tensor.floats_ = std::move(values);
  return tensor;
}

absl::StatusOr<Tensor> Tensor::FromHalves(const Shape& shape, std::vector<uint16_t> halves) {
  absl::Status counted = CheckCount(shape, halves.size());
  if (!counted.ok()) return counted;
  Tensor tensor;
  tensor.dtype_ = DataType::kFloat16;
  tensor.shape_ = shape;
  tensor.halves_ = std::move(halves);
  return tensor;
}

absl::StatusOr<Tensor> Tensor::FromInt64s(const Shape& shape, std::vector<int64_t> values) {
  absl::Status counted = CheckCount(shape, values.size());
  if (!counted.ok()) return counted;
  Tensor tensor;
  tensor.dtype_ = DataType::kInt64;
  tensor.shape_ = shape;
  tensor.int64s_ = std::move(values);
  return tensor;
}

int64_t Tensor::size() const {
  switch (dtype_) {
    case DataType::kFloat32:
      return static_cast<int64_t>(floats_.size());
    case DataType::kFloat16:
      return static_cast<int64_t>(halves_.size());
    case DataType::kInt64:
      return static_cast<int64_t>(int64s_.size());
  }
  return 0;
}

Tensor Tensor::ToFloat32() const {
  Tensor copy;
  copy.shape_ = shape_;
  switch (dtype_) {
    case DataType::kFloat32:
      copy.floats_ = floats_;
      break;
    case DataType::kFloat16:
      copy.floats_.resize(halves_.size());
      for (size_t i = 0; i < halves_.size(); ++i) copy.floats_[i] = HalfToFloat(halves_[i]);
      break;
    case DataType::kInt64:
      copy.floats_.assign(int64s_.begin(), int64s_.end());
      break;
  }
  return copy;
}

Tensor Tensor::ToFloat16() const {
  if (dtype_ == DataType::kFloat16) return *this;
  const Tensor floats = dtype_ == DataType::kFloat32 ? Tensor() : ToFloat32();
  const std::vector<float>& values = dtype_ == DataType::kFloat32 ? floats_ : floats.floats_;
  Tensor copy;
  copy.dtype_ = DataType::kFloat16;
  copy.shape_ = shape_;
  copy.halves_.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) copy.halves_[i] = FloatToHalf(values[i]);
  return copy;
}

absl::Status Tensor::Reshape(const Shape& shape) {
  absl::StatusOr<int64_t> count = NumElements(shape);
  if (!count.ok()) return count.status();
  if (*count != size()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot reshape ", ShapeString(shape_), " (",
                                                   size(), " values) to ", ShapeString(shape)));
  }
  shape_ = shape;
  return absl::OkStatus();
}

}  // namespace sentio::cnn
