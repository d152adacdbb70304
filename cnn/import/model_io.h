// Reading and writing the native model file: a cnn/ir/model.proto `Model` as binary protobuf, or as
// protobuf text format when the file name ends in .pbtxt. Weights may be stored as floats or as
// half-precision values (cnn/transforms/half_weights.h); reading keeps them half (the engines
// hold them as float16 tensors and convert them where they compute in float).
#ifndef CNN_IMPORT_MODEL_IO_H_
#define CNN_IMPORT_MODEL_IO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/ir/model.pb.h"

namespace sentio::cnn::import {

// Whether `path` names a text-format model file (it ends in .pbtxt).
bool IsTextModelPath(const std::string& path);

// Reads the model at `path` and checks it (cnn/ir/shape_inference.h); errors name the file.
absl::StatusOr<cnn::Model> ReadModelFile(const std::string& path);

// Writes `model` to `path`, replacing the file; half-precision weights are written as they are.
absl::Status WriteModelFile(const cnn::Model& model, const std::string& path);

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_MODEL_IO_H_
