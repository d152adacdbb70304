// Importing ONNX models (opsets 7 to 17) into the model IR: the CNN operators listed in
// cnn/model.proto plus Constant, Identity and Dropout (removed), with constant inputs folded (e.g.
// Reshape of a weight), shape subgraphs computed at import (cnn/onnx_constant_folding.h: Shape,
// Gather, Unsqueeze, Concat, ... as PyTorch writes x.view(x.size(0), -1)), Squeeze / Unsqueeze of
// activations as Reshape, Cast to float dropped, auto_pad resolved to explicit pads, and
// BatchNormalization folded into the convolution before it. Anything else fails naming the op, the
// node and the file. A symbolic batch dimension is taken as 1, also where Shape reads it.
#ifndef CNN_ONNX_IMPORTER_H_
#define CNN_ONNX_IMPORTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/model.pb.h"
#include "third_party/onnx/onnx.pb.h"

namespace sentio {

// Reads and imports the .onnx file at `path`.
absl::StatusOr<cnn::Model> ImportOnnxFile(const std::string& path);

// Imports a parsed ONNX model; `file_name` names it in errors. The initializers' data is freed as
// it is imported: pass the model with std::move when it is not needed afterwards.
absl::StatusOr<cnn::Model> ImportOnnxModel(onnx::ModelProto onnx_model,
                                           absl::string_view file_name);

}  // namespace sentio

#endif  // CNN_ONNX_IMPORTER_H_
