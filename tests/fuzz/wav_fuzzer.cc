// libFuzzer harness: WAV bytes (sensing/wav_reader.h).
#include "sensing/wav_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  absl::StatusOr<AudioClip> parsed = ParseWav(fuzz::AsText(data, size), fuzz::kInputName);
  if (!parsed.ok()) {
    fuzz::CheckInputError(parsed.status());
    return 0;
  }
  fuzz::Check(parsed->channels > 0 && parsed->sample_rate_hz > 0, "a clip without channels or rate");
  fuzz::Check(parsed->samples.size() % parsed->channels == 0, "a partial frame of samples");
  return 0;
}
