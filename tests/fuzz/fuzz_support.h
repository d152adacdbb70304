// What the libFuzzer harnesses in tests/fuzz/ share: checks that abort (a finding for libFuzzer, a
// failure of the corpus replay test) when a parser breaks its contract, and the input as a file
// or split in two for the parsers that need them.
#ifndef TESTS_FUZZ_FUZZ_SUPPORT_H_
#define TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/dataset.h"

namespace sentio::fuzz {

// The name the harnesses give their input; errors must carry it.
constexpr char kInputName[] = "fuzz-input";

// Aborts with `what` on stderr unless `condition` holds.
void Check(bool condition, absl::string_view what);

// A parser's error: it must be InvalidArgument (bad input, not an internal failure), with a
// message that names the input (`name`).
void CheckInputError(const absl::Status& status, absl::string_view name = kInputName);

// A table reader's result (ARFF, CSV): an error as CheckInputError wants it, or a data set whose
// every instance has one value per attribute.
void CheckParsedTable(const absl::StatusOr<Dataset>& parsed);

// The input as text.
absl::string_view AsText(const uint8_t* data, size_t size);

// Inputs of two files (a Caffe prototxt and its caffemodel, a Darknet cfg and its weights): the
// bytes before and after the first line "@@@" ("" after when there is none).
std::pair<absl::string_view, absl::string_view> SplitPair(const uint8_t* data, size_t size);

// Writes the input to a file of this process named "<kInputName><extension>" in the temporary
// directory and returns its path, for parsers that read files.
std::string WriteInputFile(const uint8_t* data, size_t size, absl::string_view extension);

}  // namespace sentio::fuzz

#endif  // TESTS_FUZZ_FUZZ_SUPPORT_H_
