// libFuzzer harness: native CNN model files, binary (cnn/import/model_io.h), read from a file.
#include "cnn/import/model_io.h"
#include "cnn/ir/shape_inference.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  const std::string path = fuzz::WriteInputFile(data, size, ".model");
  absl::StatusOr<cnn::Model> model = cnn::import::ReadModelFile(path);
  if (!model.ok()) {
    fuzz::CheckInputError(model.status(), path);
    return 0;
  }
  fuzz::Check(cnn::InferModelShapes(*model).ok(), "a model file read fails shape inference");
  return 0;
}
