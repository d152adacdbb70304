// libFuzzer harness: classifier model files (classifiers/model_file.h), binary and text format
// (the same bytes read as a .model and as a .pbtxt file).
#include "classifiers/model_file.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  for (const char* extension : {".model", ".pbtxt"}) {
    const std::string path = fuzz::WriteInputFile(data, size, extension);
    absl::StatusOr<LoadedModel> model = LoadModelFile(path);
    if (!model.ok()) fuzz::CheckInputError(model.status(), path);
  }
  return 0;
}
