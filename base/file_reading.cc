#include "base/file_reading.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

// What a file of mode `mode` is, for the error that refuses it.
const char* FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Closes the descriptor on every path out of ReadWholeFile.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Opens `path` and fills `info`; fails unless it is a regular file. `reading` says how it would
// be read, for the refusal.
absl::Status OpenRegular(const std::string& path, const char* reading, FileDescriptor& file,
                         struct stat& info) {
  if (file.get() < 0) {
    return absl::NotFoundError(absl::StrCat("cannot open '", path, "': ", std::strerror(errno)));
  }
  if (fstat(file.get(), &info) != 0) {
    return absl::DataLossError(absl::StrCat("cannot read '", path, "': ", std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("'", path, "' is ", FileKind(info.st_mode),
                                                   ": only regular files are ", reading));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckRegularFile(const std::string& path) {
  // O_NONBLOCK: opening a FIFO with no writer must not wait; it is refused.
  FileDescriptor file(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  struct stat info;
  return OpenRegular(path, "read", file, info);
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path, int64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO with no writer must not wait; it is refused below.
  FileDescriptor file(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  struct stat info;
  if (absl::Status status = OpenRegular(path, "read whole", file, info); !status.ok()) {
    return status;
  }
  const int64_t size = info.st_size;
  if (size > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("'", path, "' is ", size,
                                                   " bytes, more than the limit of ", max_bytes,
                                                   " bytes for a file read whole"));
  }
  std::string content(size, '\0');
  int64_t done = 0;
  while (done < size) {
    const ssize_t got = read(file.get(), content.data() + done, size - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return absl::DataLossError(absl::StrCat("cannot read '", path, "': ", std::strerror(errno)));
    }
    if (got == 0) break;  // the file shrank while it was read
    done += got;
  }
  content.resize(done);
  return content;
}

}  // namespace sentio
