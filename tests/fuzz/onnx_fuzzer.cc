// libFuzzer harness: ONNX models (cnn/import/onnx_importer.h): a model that parses must import or
// be refused naming the input; an imported model's shapes are consistent (shape inference ran).
#include "cnn/import/onnx_importer.h"
#include "cnn/ir/shape_inference.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  onnx::ModelProto proto;
  if (!proto.ParseFromArray(data, static_cast<int>(size))) return 0;
  absl::StatusOr<cnn::Model> model = cnn::import::ImportOnnxModel(proto, fuzz::kInputName);
  if (!model.ok()) {
    fuzz::CheckInputError(model.status());
    return 0;
  }
  fuzz::Check(cnn::InferModelShapes(*model).ok(), "an imported ONNX model fails shape inference");
  return 0;
}
