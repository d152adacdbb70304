// libFuzzer harness: UEA/sktime .ts time series (sensing/ts_reader.h).
#include "sensing/ts_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  absl::StatusOr<TimeSeriesDataset> parsed = ParseTs(fuzz::AsText(data, size), fuzz::kInputName);
  if (!parsed.ok()) fuzz::CheckInputError(parsed.status());
  return 0;
}
