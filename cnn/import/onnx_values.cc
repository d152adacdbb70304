#include "cnn/import/onnx_values.h"

#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio::cnn::import {
namespace {

absl::Status Error(absl::string_view message) { return absl::InvalidArgumentError(message); }

// The elements of an ONNX tensor, from raw_data or the typed field, as `T`.
template <typename T, typename Raw>
absl::StatusOr<std::vector<T>> RawValues(const onnx::TensorProto& tensor, int64_t count) {
  if (static_cast<int64_t>(tensor.raw_data().size()) != count * static_cast<int64_t>(sizeof(Raw))) {
    return Error(absl::StrCat("tensor '", tensor.name(), "' has ", tensor.raw_data().size(),
                              " bytes of raw data for ", count, " elements"));
  }
  std::vector<T> values(count);
  for (int64_t i = 0; i < count; ++i) {
    Raw raw;
    std::memcpy(&raw, tensor.raw_data().data() + i * sizeof(Raw), sizeof(Raw));
    values[i] = static_cast<T>(raw);
  }
  return values;
}

template <typename T, typename Field>
absl::StatusOr<std::vector<T>> FieldValues(const onnx::TensorProto& tensor, const Field& field,
                                           int64_t count) {
  if (field.size() != count) {
    return Error(absl::StrCat("tensor '", tensor.name(), "' has ", field.size(), " values for ",
                              count, " elements"));
  }
  return std::vector<T>(field.begin(), field.end());
}

Shape TensorShape(const onnx::TensorProto& tensor) {
  return Shape(tensor.dims().begin(), tensor.dims().end());
}

}  // namespace

const onnx::AttributeProto* FindAttribute(const onnx::NodeProto& node, absl::string_view name) {
  for (const onnx::AttributeProto& attribute : node.attribute()) {
    if (attribute.name() == name) return &attribute;
  }
  return nullptr;
}

absl::StatusOr<Tensor> FloatTensor(const onnx::TensorProto& tensor) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    return Error(absl::StrCat("tensor '", tensor.name(), "' keeps its data in an external file"));
  }
  const Shape shape = TensorShape(tensor);
  ASSIGN_OR_RETURN(int64_t count, NumElements(shape));
  if (count == 0) return Error(absl::StrCat("tensor '", tensor.name(), "' is empty"));
  std::vector<float> values;
  if (tensor.data_type() == onnx::TensorProto::FLOAT) {
    if (tensor.has_raw_data()) {
      ASSIGN_OR_RETURN(values, (RawValues<float, float>(tensor, count)));
    } else {
      ASSIGN_OR_RETURN(values, FieldValues<float>(tensor, tensor.float_data(), count));
    }
  } else if (tensor.data_type() == onnx::TensorProto::DOUBLE) {
    if (tensor.has_raw_data()) {
      ASSIGN_OR_RETURN(values, (RawValues<float, double>(tensor, count)));
    } else {
      ASSIGN_OR_RETURN(values, FieldValues<float>(tensor, tensor.double_data(), count));
    }
  } else {
    return Error(absl::StrCat("tensor '", tensor.name(), "' has data type ", tensor.data_type(),
                              ", not float"));
  }
  return Tensor::FromValues(shape, std::move(values));
}

absl::StatusOr<std::vector<int64_t>> IntegerValues(const onnx::TensorProto& tensor) {
  ASSIGN_OR_RETURN(int64_t count, NumElements(TensorShape(tensor)));
  if (tensor.data_type() == onnx::TensorProto::INT64) {
    if (tensor.has_raw_data()) return RawValues<int64_t, int64_t>(tensor, count);
    return FieldValues<int64_t>(tensor, tensor.int64_data(), count);
  }
  if (tensor.data_type() == onnx::TensorProto::INT32) {
    if (tensor.has_raw_data()) return RawValues<int64_t, int32_t>(tensor, count);
    return FieldValues<int64_t>(tensor, tensor.int32_data(), count);
  }
  // The narrower types keep one value per int32_data element when not raw, UINT32 in uint64_data.
  if (!tensor.has_raw_data() && tensor.data_type() == onnx::TensorProto::UINT32) {
    return FieldValues<int64_t>(tensor, tensor.uint64_data(), count);
  }
  if (!tensor.has_raw_data() && tensor.data_type() != onnx::TensorProto::UINT64 &&
      IsIntegerType(tensor.data_type())) {
    return FieldValues<int64_t>(tensor, tensor.int32_data(), count);
  }
  switch (tensor.data_type()) {
    case onnx::TensorProto::BOOL:
    case onnx::TensorProto::UINT8:
      return RawValues<int64_t, uint8_t>(tensor, count);
    case onnx::TensorProto::INT8:
      return RawValues<int64_t, int8_t>(tensor, count);
    case onnx::TensorProto::UINT16:
      return RawValues<int64_t, uint16_t>(tensor, count);
    case onnx::TensorProto::INT16:
      return RawValues<int64_t, int16_t>(tensor, count);
    case onnx::TensorProto::UINT32:
      return RawValues<int64_t, uint32_t>(tensor, count);
    case onnx::TensorProto::UINT64: {
      // Values above INT64_MAX have no int64 meaning here: an error, not a wrapped number.
      std::vector<uint64_t> values;
      if (tensor.has_raw_data()) {
        ASSIGN_OR_RETURN(values, (RawValues<uint64_t, uint64_t>(tensor, count)));
      } else {
        ASSIGN_OR_RETURN(values, FieldValues<uint64_t>(tensor, tensor.uint64_data(), count));
      }
      for (uint64_t value : values) {
        if (value > static_cast<uint64_t>(INT64_MAX)) {
          return Error(absl::StrCat("tensor '", tensor.name(), "' holds ", value,
                                    ", beyond the int64 range"));
        }
      }
      return std::vector<int64_t>(values.begin(), values.end());
    }
    default:
      break;
  }
  return Error(absl::StrCat("tensor '", tensor.name(), "' has data type ", tensor.data_type(),
                            ", not an integer type"));
}

bool IsIntegerType(int32_t data_type) {
  switch (data_type) {
    case onnx::TensorProto::INT64:
    case onnx::TensorProto::INT32:
    case onnx::TensorProto::INT16:
    case onnx::TensorProto::UINT16:
    case onnx::TensorProto::INT8:
    case onnx::TensorProto::UINT8:
    case onnx::TensorProto::BOOL:
    case onnx::TensorProto::UINT32:
    case onnx::TensorProto::UINT64:
      return true;
    default:
      return false;
  }
}

}  // namespace sentio::cnn::import
