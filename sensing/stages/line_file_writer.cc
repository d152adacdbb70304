#include "sensing/stages/line_file_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/file_writing.h"

namespace sentio {

LineFileWriter::~LineFileWriter() {
  if (fd_ >= 0) close(fd_);
}

absl::Status LineFileWriter::Open(const std::string& path) {
  path_ = path;
  fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create '", path, "': ", std::strerror(errno)));
  }
  struct stat info;
  regular_file_ = fstat(fd_, &info) == 0 && S_ISREG(info.st_mode);
  bytes_written_ = 0;
  lines_written_ = 0;
  return absl::OkStatus();
}

absl::Status LineFileWriter::WriteLine(absl::string_view line) {
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat("'", path_, "' is not open"));
  const std::string bytes = absl::StrCat(line, "\n");
  if (const int error = WriteToDescriptor(fd_, bytes); error != 0) return KeepWholeLines(error);
  bytes_written_ += static_cast<int64_t>(bytes.size());
  ++lines_written_;
  return absl::OkStatus();
}

absl::Status LineFileWriter::KeepWholeLines(int error) {
  std::string outcome;
  if (regular_file_ && lines_written_ == 0) {
    close(fd_);
    fd_ = -1;
    unlink(path_.c_str());
    outcome = "; no line was written, the file is removed";
  } else if (regular_file_) {
    outcome = ftruncate(fd_, bytes_written_) == 0
                  ? absl::StrCat("; it keeps the ", lines_written_, " whole lines written before")
                  : absl::StrCat("; cutting it back to its ", lines_written_,
                                 " whole lines failed too: ", std::strerror(errno));
  }
  return absl::DataLossError(absl::StrCat("cannot write '", path_, "' after ", lines_written_,
                                          " lines: ", std::strerror(error), outcome));
}

absl::Status LineFileWriter::Close() {
  if (fd_ < 0) return absl::OkStatus();
  const int result = close(fd_);
  fd_ = -1;
  if (result != 0) {
    return absl::DataLossError(absl::StrCat("cannot write '", path_, "': ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace sentio
