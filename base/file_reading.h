// Reading a whole input file into memory, bounded: every reader of a data file, model or config
// goes through ReadWholeFile, so no input can make Sentio read without end or allocate more than
// the limit. Only regular files are read whole: a device (/dev/zero), a FIFO or a directory is
// an error at once, never a read that waits or grows.
#ifndef BASE_FILE_READING_H_
#define BASE_FILE_READING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace sentio {

// The largest file ReadWholeFile takes by default: protobuf's own limit for a serialized message,
// and more than any data set, model or recording Sentio reads whole.
inline constexpr int64_t kMaxWholeFileBytes = int64_t{2} << 30;  // 2 GiB

// The content of the regular file at `path`, at most `max_bytes` long. Errors name the file:
// NotFound when it cannot be opened; InvalidArgument when it is not a regular file or is larger
// than `max_bytes` (checked before anything is allocated); DataLoss when reading fails. A file
// that grows while it is read is read up to the size it had when opened.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path,
                                          int64_t max_bytes = kMaxWholeFileBytes);

// For readers that stream a file piece by piece (bounded by what they read, not by its size):
// fails as ReadWholeFile does unless `path` opens as a regular file, without waiting on a FIFO.
absl::Status CheckRegularFile(const std::string& path);

}  // namespace sentio

#endif  // BASE_FILE_READING_H_
