#include "base/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sentio {
namespace {

constexpr std::chrono::milliseconds kRedrawInterval(100);
// Carriage return, then erase to the end of the line (ANSI): the line is drawn over itself.
constexpr char kClearLine[] = "\r\x1b[K";

std::string Duration(double seconds) {
  const int64_t s = static_cast<int64_t>(seconds + 0.5);
  if (s >= 3600) return absl::StrFormat("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return absl::StrFormat("%d:%02d", s / 60, s % 60);
}

}  // namespace

std::ostream* ProgressStream() {
  const char* setting = std::getenv("SENTIO_PROGRESS");
  if (setting != nullptr && std::string(setting) == "0") return nullptr;
  if (setting != nullptr && std::string(setting) == "1") return &std::cerr;
  return isatty(STDERR_FILENO) ? &std::cerr : nullptr;
}

ProgressLine::ProgressLine(std::string label, std::string what, int64_t total, std::ostream* out)
    : label_(std::move(label)),
      what_(std::move(what)),
      total_(total),
      out_(out),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressLine::~ProgressLine() {
  if (drawn_) *out_ << kClearLine << std::flush;
}

void ProgressLine::Advance() {
  ++done_;
  if (out_ == nullptr) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < kRedrawInterval && done_ != total_) return;
  last_draw_ = now;
  drawn_ = true;
  *out_ << kClearLine << Text() << std::flush;
}

std::string ProgressLine::Text() const {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? done_ / elapsed : 0;
  std::string text = absl::StrCat(label_, ": ", what_, " ", done_);
  if (total_ > 0) absl::StrAppend(&text, " of ", total_);
  const int decimals = rate < 10 ? 2 : rate < 100 ? 1 : 0;
  absl::StrAppend(&text, absl::StrFormat(" (%.*f/s", decimals, rate));
  if (total_ > 0 && rate > 0) {
    absl::StrAppend(&text, ", ETA ", Duration(std::max<int64_t>(0, total_ - done_) / rate));
  }
  return text + ")";
}

}  // namespace sentio
