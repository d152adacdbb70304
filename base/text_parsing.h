// Small helpers shared by the text readers (UEA/sktime `.ts`, CSV): splitting a file's text
// into lines, parsing whole fields as numbers, and errors that name the file and line.
#ifndef BASE_TEXT_PARSING_H_
#define BASE_TEXT_PARSING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio {

// Splits `text` at '\n' and drops the '\r' of CRLF line ends and a leading UTF-8 byte order mark.
// Element i is line i + 1 of the file; a final line end does not start another (empty) line.
std::vector<absl::string_view> SplitLines(absl::string_view text);

// The decimal number that the whole of `text` spells (surrounding ASCII whitespace allowed), or
// nullopt when there is anything else in it or the number is not finite ("nan", "inf", "1e999").
std::optional<double> ParseFiniteDouble(absl::string_view text);

// A whole number as such ("200", not "2e+02"), anything else in the shortest %g form that reads
// back as `value` exactly.
std::string ShortestNumber(double value);

// InvalidArgument "<file_name>:<line>: <message>", the way compilers report a place in a file.
absl::Status ErrorAt(absl::string_view file_name, int line, absl::string_view message);

// The file name without its folders and extension: "data/weather.csv" -> "weather".
std::string FileStem(absl::string_view path);

}  // namespace sentio

#endif  // BASE_TEXT_PARSING_H_
