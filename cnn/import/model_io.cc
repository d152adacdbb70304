#include "cnn/import/model_io.h"

#include <google/protobuf/text_format.h>


#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/file_reading.h"
#include "base/file_writing.h"
#include "base/status_macros.h"
#include "cnn/ir/shape_inference.h"
#include "sensing/text_proto.h"

namespace sentio::cnn::import {

bool IsTextModelPath(const std::string& path) { return absl::EndsWithIgnoreCase(path, ".pbtxt"); }

absl::StatusOr<cnn::Model> ReadModelFile(const std::string& path) {
  cnn::Model model;
  {
    // The file's bytes are freed once parsed: they are as large as the weights.
    ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path));
    if (IsTextModelPath(path)) {
      RETURN_IF_ERROR(ParseTextProto(bytes, path, &model));
    } else if (!model.ParseFromString(bytes)) {
      return absl::InvalidArgumentError(
          absl::StrCat(path,
                       ": not a native model file (cnn/ir/model.proto; a text-format one must "
                       "end in .pbtxt)"));
    }
  }
  // Half-precision weights (`half_values`) stay half: the engines convert them when they need
  // float. InferModelShapes checks their size and that they are finite.
  const absl::Status status = InferModelShapes(model);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", status.message()));
  }
  return model;
}

absl::Status WriteModelFile(const cnn::Model& model, const std::string& path) {
  std::string content;
  const bool printed = IsTextModelPath(path)
                           ? google::protobuf::TextFormat::PrintToString(model, &content)
                           : model.SerializeToString(&content);
  if (!printed) return absl::InternalError(absl::StrCat(path, ": cannot serialise the model"));
  return WriteWholeFile(path, content);
}

}  // namespace sentio::cnn::import
