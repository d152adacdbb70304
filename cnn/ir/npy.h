// NumPy .npy files (format versions 1.0 to 3.0): reading arrays of float32, float64 or uint8 in C
// order into a Tensor, and writing a Tensor as float32 in C order (version 1.0), the way
// `numpy.save` does.
#ifndef CNN_IR_NPY_H_
#define CNN_IR_NPY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn {

absl::StatusOr<Tensor> ReadNpyFile(const std::string& path);
// Parses .npy `bytes`; `file_name` names them in errors.
absl::StatusOr<Tensor> ParseNpy(absl::string_view bytes, absl::string_view file_name);

std::string SerializeNpy(const Tensor& tensor);
absl::Status WriteNpyFile(const Tensor& tensor, const std::string& path);

}  // namespace sentio::cnn

#endif  // CNN_IR_NPY_H_
