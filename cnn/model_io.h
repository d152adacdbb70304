// Reading and writing the native model file: a cnn/model.proto `Model` as binary protobuf.
#ifndef CNN_MODEL_IO_H_
#define CNN_MODEL_IO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cnn/model.pb.h"

namespace sentio {

// Reads the model at `path` and checks it (cnn/shape_inference.h); errors name the file.
absl::StatusOr<cnn::Model> ReadModelFile(const std::string& path);

// Writes `model` to `path`, replacing the file.
absl::Status WriteModelFile(const cnn::Model& model, const std::string& path);

}  // namespace sentio

#endif  // CNN_MODEL_IO_H_
