// libFuzzer harness: WISDM accelerometer text, both bad-line policies (sensing/wisdm_reader.h).
#include "sensing/wisdm_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  for (BadLinePolicy policy : {BadLinePolicy::kReject, BadLinePolicy::kSkip}) {
    absl::StatusOr<WisdmRecording> parsed =
        ParseWisdm(fuzz::AsText(data, size), fuzz::kInputName, policy);
    if (!parsed.ok()) fuzz::CheckInputError(parsed.status());
  }
  return 0;
}
