// libFuzzer harness: streaming graph configs in protobuf text (sensing/graph_config_reader.h).
#include "sensing/graph_config_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  absl::StatusOr<graph::GraphConfig> parsed =
      ParseGraphConfig(fuzz::AsText(data, size), fuzz::kInputName);
  if (!parsed.ok()) fuzz::CheckInputError(parsed.status());
  return 0;
}
