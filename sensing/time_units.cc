#include "sensing/time_units.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/text_parsing.h"

namespace sentio {
namespace {

int64_t MicrosecondsPer(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSeconds:
      return 1000000;
    case TimeUnit::kMilliseconds:
      return 1000;
    case TimeUnit::kMicroseconds:
    case TimeUnit::kNanoseconds:
      return 1;
  }
  return 1;
}

}  // namespace

std::optional<int64_t> ParseTimestampUs(absl::string_view text, TimeUnit unit) {
  int64_t integer = 0;
  if (absl::SimpleAtoi(text, &integer)) {
    if (unit == TimeUnit::kNanoseconds) return integer / 1000 - (integer % 1000 < 0 ? 1 : 0);
    const int64_t scale = MicrosecondsPer(unit);
    if (std::abs(integer) > INT64_MAX / scale) return std::nullopt;
    return integer * scale;
  }
  const std::optional<double> value = ParseFiniteDouble(text);
  if (!value) return std::nullopt;
  const double us =
      unit == TimeUnit::kNanoseconds ? std::floor(*value / 1000) : *value * MicrosecondsPer(unit);
  if (!(std::abs(us) < 9e18)) return std::nullopt;
  return std::llround(us);
}

absl::StatusOr<TimeUnit> ParseTimeUnit(absl::string_view text) {
  if (text == "s") return TimeUnit::kSeconds;
  if (text == "ms") return TimeUnit::kMilliseconds;
  if (text == "us") return TimeUnit::kMicroseconds;
  if (text == "ns") return TimeUnit::kNanoseconds;
  return absl::InvalidArgumentError(
      absl::StrCat("option time_unit='", text, "' must be one of s, ms, us, ns"));
}

absl::string_view TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSeconds:
      return "s";
    case TimeUnit::kMilliseconds:
      return "ms";
    case TimeUnit::kMicroseconds:
      return "us";
    case TimeUnit::kNanoseconds:
      return "ns";
  }
  return "?";
}

TimeUnit InferTimeUnit(double largest_magnitude, double median_step) {
  if (largest_magnitude >= 1e17) return TimeUnit::kNanoseconds;
  if (largest_magnitude >= 1e14) return TimeUnit::kMicroseconds;
  if (largest_magnitude >= 1e11) return TimeUnit::kMilliseconds;
  if (largest_magnitude >= 1e8) return TimeUnit::kSeconds;
  if (median_step < 1) return TimeUnit::kSeconds;
  if (median_step < 1e3) return TimeUnit::kMilliseconds;
  if (median_step < 1e6) return TimeUnit::kMicroseconds;
  return TimeUnit::kNanoseconds;
}

}  // namespace sentio
