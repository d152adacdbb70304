// libFuzzer harness: NumPy .npy bytes (cnn/ir/npy.h).
#include "cnn/ir/npy.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  absl::StatusOr<cnn::Tensor> parsed = cnn::ParseNpy(fuzz::AsText(data, size), fuzz::kInputName);
  if (!parsed.ok()) {
    fuzz::CheckInputError(parsed.status());
    return 0;
  }
  int64_t count = 1;
  for (int64_t dim : parsed->shape()) count *= dim;
  fuzz::Check(count == parsed->size(), "elements do not fill the shape");
  return 0;
}
