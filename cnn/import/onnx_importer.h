// Importing ONNX models (opsets 1 to 21; the legacy
// broadcast with an axis of opsets before 7 is refused) into the model IR: every op of the registry
// (cnn/ops/op_registry.h) with its attributes copied and the inputs it reads as constants turned
// into attributes, plus Constant and Identity (removed), with constant inputs folded (e.g. Reshape
// of a weight), shape subgraphs computed at import (cnn/import/onnx_constant_folding.h: Shape,
// Gather, Unsqueeze, Concat, ... as PyTorch writes x.view(x.size(0), -1)), Squeeze / Unsqueeze of
// activations as Reshape, Cast to float dropped, and auto_pad resolved to explicit pads
// (BatchNormalization stays a node; the loader's passes fold it into the convolution before it,
// cnn/transforms/load_transforms.h). Anything else fails naming the op, the
// node and the file. Symbolic input dimensions take the shapes the caller gives (1 by default),
// also where Shape reads them; their names are kept in the IR inputs' `dim_params`.
#ifndef CNN_IMPORT_ONNX_IMPORTER_H_
#define CNN_IMPORT_ONNX_IMPORTER_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"
#include "third_party/onnx/onnx.pb.h"

namespace sentio::cnn::import {

// Shapes for graph inputs by name, for a model with symbolic dimensions: each must have the input's
// rank and agree with its fixed dimensions.
using InputShapes = std::map<std::string, Shape>;

// Reads and imports the .onnx file at `path`.
absl::StatusOr<cnn::Model> ImportOnnxFile(const std::string& path,
                                          const InputShapes& input_shapes = {});

// Imports a parsed ONNX model; `file_name` names it in errors. The initializers' data is freed as
// it is imported: pass the model with std::move when it is not needed afterwards.
absl::StatusOr<cnn::Model> ImportOnnxModel(onnx::ModelProto onnx_model,
                                           absl::string_view file_name,
                                           const InputShapes& input_shapes = {});

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_ONNX_IMPORTER_H_
