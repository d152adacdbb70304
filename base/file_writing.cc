#include "base/file_writing.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

absl::Status WriteError(const std::string& path, int error) {
  return absl::DataLossError(absl::StrCat("cannot write '", path, "': ", std::strerror(error)));
}

}  // namespace

int WriteToDescriptor(int fd, absl::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return errno;
    if (wrote == 0) return EIO;
    done += static_cast<size_t>(wrote);
  }
  return 0;
}

absl::Status WriteWholeFile(const std::string& path, absl::string_view bytes) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot write '", path, "': it is a directory"));
    }
    const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return WriteError(path, errno);
    int error = WriteToDescriptor(fd, bytes);
    if (close(fd) != 0 && error == 0) error = errno;
    return error == 0 ? absl::OkStatus() : WriteError(path, error);
  }
  const std::string aside = absl::StrCat(path, ".partial-", getpid());
  const int fd = open(aside.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create '", path, "': ", std::strerror(errno)));
  }
  int error = WriteToDescriptor(fd, bytes);
  if (close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && std::rename(aside.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    unlink(aside.c_str());
    return WriteError(path, error);
  }
  return absl::OkStatus();
}

}  // namespace sentio
