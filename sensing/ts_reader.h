// Reader for the UEA/sktime `.ts` time-series classification format (timeseriesclassification.com),
// e.g. BasicMotions: `#` comments, a header of @tags, then after @data one case per line with
// dimensions separated by ':', values by ',' and the class label last.
//
// Supported: all header tags (names case-insensitive; @dimension and @dimensions alike),
// @classLabel true/false, equal and (with @equalLength false) unequal lengths across cases, and
// @timeStamps true with numeric timestamps in seconds: `(0.5,1.2),(0.6,1.3)`.
// Not supported (rejected with the file and line): regression (@targetLabel true), missing values
// `?` (an ImuBlock needs finite samples), date timestamps, dimensions of unequal length or with
// different timestamps within one case. @classLabel must be declared before @data.
#ifndef SENSING_TS_READER_H_
#define SENSING_TS_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/time_series.h"

namespace sentio {

struct TsReadOptions {
  // .ts files carry no rate: timestamps are synthesised at this rate (i * 1e6 / rate us), unless
  // @timeStamps true. At most 1 MHz, since timestamps are whole microseconds.
  double sample_rate_hz = 1.0;
};

// Parses the text of a .ts file; `file_name` names it in error messages ("walk.ts:14: ...").
// Dimension d becomes channel "dim_<d>"; a case's label indexes the @classLabel labels in their
// declared order, or is -1 with @classLabel false. The problem name defaults to the file's stem.
absl::StatusOr<TimeSeriesDataset> ParseTs(absl::string_view text, absl::string_view file_name,
                                          const TsReadOptions& options = {});

absl::StatusOr<TimeSeriesDataset> ReadTsFile(const std::string& path,
                                             const TsReadOptions& options = {});

}  // namespace sentio

#endif  // SENSING_TS_READER_H_
