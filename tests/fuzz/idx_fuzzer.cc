// libFuzzer harness: IDX arrays, plain or gzip (sensing/idx_reader.h).
#include "sensing/idx_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  absl::StatusOr<IdxArray> parsed = ParseIdx(fuzz::AsText(data, size), fuzz::kInputName);
  if (!parsed.ok()) {
    fuzz::CheckInputError(parsed.status());
    return 0;
  }
  size_t count = 1;
  for (int64_t dim : parsed->dims) count *= static_cast<size_t>(dim);
  fuzz::Check(count == parsed->values.size(), "values do not fill the dimensions");
  return 0;
}
