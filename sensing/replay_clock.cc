#include "sensing/replay_clock.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

Clock*& InstalledClock() {
  static Clock* clock = nullptr;
  return clock;
}

}  // namespace

int64_t RealClock::NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void RealClock::SleepUntilUs(int64_t time_us, const std::function<bool()>& stop) {
  constexpr int64_t kSliceUs = 50000;
  for (int64_t remaining_us = time_us - NowUs(); remaining_us > 0;
       remaining_us = time_us - NowUs()) {
    if (stop && stop()) return;
    std::this_thread::sleep_for(
        std::chrono::microseconds(stop ? std::min(remaining_us, kSliceUs) : remaining_us));
  }
}

void SimulatedClock::SleepUntilUs(int64_t time_us, const std::function<bool()>&) {
  if (time_us <= now_us_) return;
  sleeps_us_.push_back(time_us - now_us_);
  now_us_ = time_us;
}

Clock& SourceClock() {
  static RealClock real_clock;
  Clock* installed = InstalledClock();
  return installed != nullptr ? *installed : real_clock;
}

ScopedSourceClock::ScopedSourceClock(Clock* clock) : previous_(InstalledClock()) {
  InstalledClock() = clock;
}

ScopedSourceClock::~ScopedSourceClock() { InstalledClock() = previous_; }

absl::StatusOr<int64_t> RepeatOption(const StageContext& context) {
  const int64_t repeat = context.GetInt("repeat");
  if (repeat < 1 || repeat > 1000000) {
    return absl::InvalidArgumentError(
        absl::StrCat("option repeat=", repeat, " must be from 1 to 1000000"));
  }
  return repeat;
}

absl::StatusOr<ReplayMode> ParseReplayMode(absl::string_view text) {
  if (text == "fast") return ReplayMode::kFast;
  if (text == "realtime") return ReplayMode::kRealtime;
  return absl::InvalidArgumentError(
      absl::StrCat("option replay='", text, "' must be \"fast\" or \"realtime\""));
}

void ReplayPacer::WaitUntilDue(int64_t timestamp_us, const StageContext& context) {
  if (mode_ == ReplayMode::kFast) return;
  if (!first_timestamp_us_) {
    first_timestamp_us_ = timestamp_us;
    first_wall_us_ = clock_->NowUs();
    return;
  }
  clock_->SleepUntilUs(first_wall_us_ + (timestamp_us - *first_timestamp_us_),
                       [&context] { return context.stopping(); });
}

}  // namespace sentio
