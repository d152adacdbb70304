#include "cnn/ir/tensor.h"

#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sentio {

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
  return Tensor(shape, std::vector<float>(*count, 0.0f));
}

absl::StatusOr<Tensor> Tensor::FromValues(const Shape& shape, std::vector<float> values) {
  absl::StatusOr<int64_t> count = NumElements(shape);
  if (!count.ok()) return count.status();
  if (*count != static_cast<int64_t>(values.size())) {
    return absl::InvalidArgumentError(absl::StrCat("shape ", ShapeString(shape), " needs ", *count,
                                                   " values, got ", values.size()));
  }
  return Tensor(shape, std::move(values));
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

}  // namespace sentio
