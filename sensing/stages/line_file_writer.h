// A text file that file sinks write line by line: created or truncated on Open, each line written
// through to the file as it comes (a live graph's output can be followed while it runs), and every
// failure an error naming the file, so each sink only decides what a line holds.
//
// A failed write (a full disk, a file size limit) never leaves a partial line: the file is cut back
// to the whole lines written before, which stay (they are the decisions already made), and the
// error says how many there are; a file that got no whole line is removed.
#ifndef SENSING_STAGES_LINE_FILE_WRITER_H_
#define SENSING_STAGES_LINE_FILE_WRITER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sentio {

class LineFileWriter {
 public:
  LineFileWriter() = default;
  LineFileWriter(const LineFileWriter&) = delete;
  LineFileWriter& operator=(const LineFileWriter&) = delete;
  ~LineFileWriter();

  absl::Status Open(const std::string& path);
  // Appends `line` and a newline.
  absl::Status WriteLine(absl::string_view line);
  absl::Status Close();

  const std::string& path() const { return path_; }

 private:
  // Cuts the file back to its whole lines after a write failed with `error` (an errno).
  absl::Status KeepWholeLines(int error);

  std::string path_;
  int fd_ = -1;
  bool regular_file_ = false;
  int64_t bytes_written_ = 0;  // all in whole lines
  int64_t lines_written_ = 0;
};

}  // namespace sentio

#endif  // SENSING_STAGES_LINE_FILE_WRITER_H_
