// Reader for the WISDM raw accelerometer file (WISDM_ar_v1.1_raw.txt): one reading per line,
// `user,activity,timestamp,x,y,z;`, timestamps in nanoseconds, x/y/z in m/s^2. The real file has
// quirks this reader handles: the trailing `;` is sometimes missing, blank lines, malformed lines
// (wrong field count, non-numeric or empty values), and timestamps that repeat or go backwards
// within a user's stream. Consecutive readings of one user and activity form a segment.
#ifndef SENSING_WISDM_READER_H_
#define SENSING_WISDM_READER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/imu_block.h"

namespace sentio {

// What to do with a bad line: fail naming the file and line, or drop it and count it by reason.
enum class BadLinePolicy { kReject, kSkip };

// "reject" or "skip"; the error names the option `policy`.
absl::StatusOr<BadLinePolicy> ParseBadLinePolicy(absl::string_view text);

// A run of consecutive readings of one user doing one activity: channels x, y, z (m/s^2),
// timestamps in µs (the file's nanoseconds, rounded down).
struct WisdmSegment {
  std::string user;
  std::string activity;
  int first_line = 0;  // the file line of the first reading
  ImuBlock readings;
};

struct WisdmRecording {
  std::vector<WisdmSegment> segments;
  // Lines dropped under BadLinePolicy::kSkip, by reason ("wrong field count", "empty value",
  // "non-numeric value", "timestamp not increasing"); blank lines are not counted.
  std::map<std::string, int64_t> skipped_lines;

  int64_t total_skipped() const;
  // "skipped 3 lines: 1 empty value, 2 timestamp not increasing", or "" when none was skipped.
  std::string SkipReport() const;
};

// Parses WISDM text; `file_name` names it in errors.
absl::StatusOr<WisdmRecording> ParseWisdm(absl::string_view text, absl::string_view file_name,
                                          BadLinePolicy policy);

absl::StatusOr<WisdmRecording> ReadWisdmFile(const std::string& path, BadLinePolicy policy);

}  // namespace sentio

#endif  // SENSING_WISDM_READER_H_
