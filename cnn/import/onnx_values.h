// Reading values out of ONNX protobufs (third_party/onnx): a node's attribute by name, and a
// TensorProto's elements from raw_data or the typed fields as floats or 64-bit integers, with the
// element count checked against the dims before anything is allocated.
#ifndef CNN_IMPORT_ONNX_VALUES_H_
#define CNN_IMPORT_ONNX_VALUES_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/tensor.h"
#include "third_party/onnx/onnx.pb.h"

namespace sentio::cnn::import {

// The attribute of `node` called `name`, or nullptr.
const onnx::AttributeProto* FindAttribute(const onnx::NodeProto& node, absl::string_view name);

// Whether tensors of ONNX `data_type` are read by IntegerValues (INT64, INT32, INT16, UINT16,
// INT8, UINT8, BOOL, UINT32, UINT64).
bool IsIntegerType(int32_t data_type);

// A FLOAT or DOUBLE tensor as float32; errors name the tensor.
absl::StatusOr<Tensor> FloatTensor(const onnx::TensorProto& tensor);

// An integer or BOOL tensor's elements (IsIntegerType); errors name the tensor.
absl::StatusOr<std::vector<int64_t>> IntegerValues(const onnx::TensorProto& tensor);

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_ONNX_VALUES_H_
