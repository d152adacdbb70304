#include "cnn/model_io.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "cnn/shape_inference.h"
#include "sensing/status_macros.h"
#include "sensing/text_parsing.h"

namespace sentio {

absl::StatusOr<cnn::Model> ReadModelFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, ReadTextFile(path));
  cnn::Model model;
  if (!model.ParseFromString(bytes)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a native model file (cnn/model.proto)"));
  }
  absl::Status status = InferModelShapes(model);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", status.message()));
  }
  return model;
}

absl::Status WriteModelFile(const cnn::Model& model, const std::string& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot create '", path, "'"));
  if (!model.SerializeToOstream(&file) || !file.flush()) {
    return absl::DataLossError(absl::StrCat("cannot write '", path, "'"));
  }
  return absl::OkStatus();
}

}  // namespace sentio
