// Writes a Dataset as Weka ARFF text (the format sensing/arff_reader.h reads), for Weka or any
// other ARFF reader to open.
//
// Written: @relation, one @attribute per attribute in order (numeric, nominal {a, b}, string),
// then @data with one dense row per instance; `?` for a missing value; an instance weight other
// than 1 in braces after its row (`1, a, {0.5}`). Names, labels and strings are quoted with ' when
// Weka would quote them (empty, "?", or holding a space, quote, backslash, comma, brace, % or a
// control character), with Weka's backslash escapes. Numbers are written in the fewest digits that
// read back to the same double. ARFF marks no class: like Weka, readers take the last attribute,
// so a data set whose class is elsewhere is written as is and will be read back with the last
// attribute as its class.
//
// Not written (an InvalidArgumentError naming the attribute): date attributes, and relational
// ones (a Dataset has none).
#ifndef SENSING_ARFF_WRITER_H_
#define SENSING_ARFF_WRITER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "sensing/dataset.h"

namespace sentio {

// The ARFF text of `data`. Fails on a date attribute, on an instance whose value count differs
// from the attribute count (naming the instance), a nominal or string value that is not an index
// into its attribute's values, or a non-finite numeric value other than missing.
absl::StatusOr<std::string> FormatArff(const Dataset& data);

// Writes FormatArff(data) to `path`, naming the path when it cannot be written.
absl::Status WriteArffFile(const Dataset& data, const std::string& path);

}  // namespace sentio

#endif  // SENSING_ARFF_WRITER_H_
