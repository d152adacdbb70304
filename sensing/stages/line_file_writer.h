// A text file that file sinks write line by line: created or truncated on Open, each line flushed
// as it is written (a live graph's output can be followed while it runs, and a reader never sees
// a partial line unless a write fails), and every failure an error naming the file, so each sink
// only decides what a line holds.
#ifndef SENSING_STAGES_LINE_FILE_WRITER_H_
#define SENSING_STAGES_LINE_FILE_WRITER_H_

#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace sentio {

class LineFileWriter {
 public:
  absl::Status Open(const std::string& path) {
    path_ = path;
    file_.open(path_, std::ios::trunc);
    if (!file_) return absl::NotFoundError(absl::StrCat("cannot create ", path_));
    return absl::OkStatus();
  }

  absl::Status WriteLine(absl::string_view line) {
    file_ << line << '\n' << std::flush;
    if (!file_) return absl::DataLossError(absl::StrCat("error writing ", path_));
    return absl::OkStatus();
  }

  absl::Status Close() {
    file_.close();
    if (file_.fail()) return absl::DataLossError(absl::StrCat("error writing ", path_));
    return absl::OkStatus();
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ofstream file_;
};

}  // namespace sentio

#endif  // SENSING_STAGES_LINE_FILE_WRITER_H_
