// A progress line for long commands (cross-validation, feature extraction over many files, video
// detection, benchmarks): "eval: fold 3 of 10 (0.8/s, ETA 0:09)", redrawn in place on standard
// error when that is a terminal and absent when it is not, so scripts that read a command's output
// see no change. SENTIO_PROGRESS=0 turns it off on a terminal, SENTIO_PROGRESS=1 on elsewhere.
#ifndef BASE_PROGRESS_H_
#define BASE_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace sentio {

// &std::cerr when progress should be shown (see above), else nullptr.
std::ostream* ProgressStream();

class ProgressLine {
 public:
  // `what` names the step ("fold", "file", "frame"); `total` <= 0 when unknown (no ETA).
  // Nothing is drawn when `out` is nullptr.
  ProgressLine(std::string label, std::string what, int64_t total,
               std::ostream* out = ProgressStream());
  // Clears the line.
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // One more step done; redraws at most ten times a second, and at the last step.
  void Advance();

  // The line as it stands, e.g. "eval: fold 3 of 10 (0.8/s, ETA 0:09)".
  std::string Text() const;

 private:
  std::string label_, what_;
  int64_t total_, done_ = 0;
  std::ostream* out_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool drawn_ = false;
};

}  // namespace sentio

#endif  // BASE_PROGRESS_H_
