// Time for sources that replay recordings: a Clock interface (the real steady clock, or a
// simulated one for tests), the `replay` option every file source takes ("fast": as fast as the
// graph consumes, "realtime": each packet at its timestamp's offset from the first one), and the
// pacer that sources call before emitting.
#ifndef SENSING_REPLAY_CLOCK_H_
#define SENSING_REPLAY_CLOCK_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/stage.h"

namespace sentio {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since an arbitrary, fixed origin; never decreases.
  virtual int64_t NowUs() = 0;
  // Returns once NowUs() >= time_us (at once if that time has passed), or soon after `stop`
  // (when given) returns true.
  virtual void SleepUntilUs(int64_t time_us, const std::function<bool()>& stop = nullptr) = 0;
};

// std::chrono::steady_clock; sleeps in slices of at most 50 ms when it may be stopped.
class RealClock : public Clock {
 public:
  int64_t NowUs() override;
  void SleepUntilUs(int64_t time_us, const std::function<bool()>& stop = nullptr) override;
};

// Time that moves only when someone sleeps: SleepUntilUs jumps to the wake-up time and records
// how long the sleep was.
class SimulatedClock : public Clock {
 public:
  explicit SimulatedClock(int64_t start_us = 0) : now_us_(start_us) {}
  int64_t NowUs() override { return now_us_; }
  void SleepUntilUs(int64_t time_us, const std::function<bool()>& stop = nullptr) override;
  void AdvanceUs(int64_t duration_us) { now_us_ += duration_us; }
  // The duration of every SleepUntilUs call that had to wait, in order.
  const std::vector<int64_t>& sleeps_us() const { return sleeps_us_; }

 private:
  int64_t now_us_;
  std::vector<int64_t> sleeps_us_;
};

// The clock sources pace by: a process-wide RealClock unless a test installs another.
Clock& SourceClock();

// Makes SourceClock() return `clock` while this object lives (tests; not thread-safe to nest
// across threads).
class ScopedSourceClock {
 public:
  explicit ScopedSourceClock(Clock* clock);
  ~ScopedSourceClock();
  ScopedSourceClock(const ScopedSourceClock&) = delete;
  ScopedSourceClock& operator=(const ScopedSourceClock&) = delete;

 private:
  Clock* previous_;
};

enum class ReplayMode { kFast, kRealtime };

// The value of the `repeat` option (default 1) of sources that can play their file several times
// in a row: 1 to 1,000,000 (the error names the option).
absl::StatusOr<int64_t> RepeatOption(const StageContext& context);

// "fast" or "realtime"; the error names the option and the value.
absl::StatusOr<ReplayMode> ParseReplayMode(absl::string_view text);

// In realtime mode, WaitUntilDue(t) sleeps until (t - first t) has passed on the clock since the
// first call, or until the run is stopping (`context.stopping()`, e.g. Ctrl-C); in fast mode it
// returns at once.
class ReplayPacer {
 public:
  ReplayPacer(ReplayMode mode, Clock* clock) : mode_(mode), clock_(clock) {}
  void WaitUntilDue(int64_t timestamp_us, const StageContext& context);

 private:
  ReplayMode mode_;
  Clock* clock_;
  std::optional<int64_t> first_timestamp_us_;
  int64_t first_wall_us_ = 0;
};

}  // namespace sentio

#endif  // SENSING_REPLAY_CLOCK_H_
