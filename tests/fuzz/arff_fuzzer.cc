// libFuzzer harness: ARFF text (sensing/arff_reader.h).
#include "sensing/arff_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  absl::StatusOr<Dataset> parsed = ParseArff(fuzz::AsText(data, size), fuzz::kInputName);
  if (!parsed.ok()) {
    fuzz::CheckInputError(parsed.status());
    return 0;
  }
  for (const Instance& instance : parsed->instances) {
    fuzz::Check(static_cast<int>(instance.values.size()) == parsed->num_attributes(),
                "an instance without a value per attribute");
  }
  return 0;
}
