// libFuzzer harness: CSV with a header (sensing/csv_reader.h).
#include "sensing/csv_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  fuzz::CheckParsedTable(ParseCsv(fuzz::AsText(data, size), fuzz::kInputName));
  return 0;
}
