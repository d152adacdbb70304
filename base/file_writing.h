// Writing a whole output file so that a failure leaves nothing half-written: the bytes go to a
// temporary file beside the target, which is renamed over it only once everything was written
// and closed; on any failure the temporary file is removed and the error names the target and
// the system's reason ("No space left on device"). A target that exists and is not a regular file
// (/dev/full, /dev/null, a FIFO) is written in place, as it cannot be replaced.
#ifndef BASE_FILE_WRITING_H_
#define BASE_FILE_WRITING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sentio {

// Writes `bytes` as the whole content of `path` (see above).
absl::Status WriteWholeFile(const std::string& path, absl::string_view bytes);

// Writes all of `bytes` to the open file descriptor `fd`, going on after short writes and
// interruptions; returns the errno of the first failure, or 0.
int WriteToDescriptor(int fd, absl::string_view bytes);

}  // namespace sentio

#endif  // BASE_FILE_WRITING_H_
