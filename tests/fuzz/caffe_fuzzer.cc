// libFuzzer harness: Caffe models (cnn/import/caffe_importer.h): a prototxt, a line "@@@", then
// the caffemodel's bytes.
#include "cnn/import/caffe_importer.h"
#include "cnn/ir/shape_inference.h"
#include "sensing/text_proto.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  const auto [prototxt, caffemodel] = fuzz::SplitPair(data, size);
  caffe::NetParameter net, weights;
  const absl::Status text = ParseTextProto(prototxt, "fuzz-input.prototxt", &net);
  if (!text.ok()) {
    fuzz::CheckInputError(text, "fuzz-input.prototxt");
    return 0;
  }
  if (!weights.ParseFromArray(caffemodel.data(), static_cast<int>(caffemodel.size()))) return 0;
  absl::StatusOr<cnn::Model> model = cnn::import::ImportCaffeNet(
      net, weights, "fuzz-input.prototxt", "fuzz-input.caffemodel");
  if (!model.ok()) {
    fuzz::CheckInputError(model.status(), "fuzz-input.");
    return 0;
  }
  fuzz::Check(cnn::InferModelShapes(*model).ok(), "an imported Caffe model fails shape inference");
  return 0;
}
