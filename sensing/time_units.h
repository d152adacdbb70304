// Units of the timestamps in users' files (seconds to nanoseconds, epoch or relative), their
// conversion to the microseconds that samples carry, and a guess of the unit when a file does not
// say.
#ifndef SENSING_TIME_UNITS_H_
#define SENSING_TIME_UNITS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio {

enum class TimeUnit { kSeconds, kMilliseconds, kMicroseconds, kNanoseconds };

// "s", "ms", "us" or "ns"; the error names the option `time_unit`.
absl::StatusOr<TimeUnit> ParseTimeUnit(absl::string_view text);

// "s", "ms", "us" or "ns".
absl::string_view TimeUnitName(TimeUnit unit);

// The timestamp `text` in `unit` as µs (nanoseconds rounded down), or nullopt when it is not a
// number or does not fit.
std::optional<int64_t> ParseTimestampUs(absl::string_view text, TimeUnit unit);

// The unit that timestamps most likely use, from their largest magnitude and their median step
// (`steps`: the differences between consecutive samples, positive): values of 1e8 and more are
// taken as Unix epoch times (1.7e9 s, 1.7e12 ms, 1.7e15 us, 1.7e18 ns today); smaller ones as
// times from the start of a recording sampled between 1 Hz and 1 kHz (a median step below 1 is
// seconds, below 1000 milliseconds, below 1e6 microseconds, else nanoseconds).
TimeUnit InferTimeUnit(double largest_magnitude, double median_step);

}  // namespace sentio

#endif  // SENSING_TIME_UNITS_H_
