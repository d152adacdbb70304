// libFuzzer harness: Darknet models (cnn/import/darknet_importer.h): a .cfg, a line "@@@", then
// the .weights bytes.
#include "cnn/import/darknet_importer.h"
#include "cnn/ir/shape_inference.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  const auto [cfg, weights] = fuzz::SplitPair(data, size);
  absl::StatusOr<cnn::Model> model =
      cnn::import::ImportDarknet(cfg, weights, "fuzz-input.cfg", "fuzz-input.weights");
  if (!model.ok()) {
    fuzz::CheckInputError(model.status(), "fuzz-input.");
    return 0;
  }
  fuzz::Check(cnn::InferModelShapes(*model).ok(), "an imported Darknet model fails shape inference");
  return 0;
}
