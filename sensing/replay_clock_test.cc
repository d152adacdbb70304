#include "sensing/replay_clock.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(ReplayClockTest, RealtimePacerWaitsTheTimestampOffsets) {
  SimulatedClock clock(5000);
  ReplayPacer pacer(ReplayMode::kRealtime, &clock);
  pacer.WaitUntilDue(1000000);  // the first packet anchors the replay
  pacer.WaitUntilDue(1100000);
  pacer.WaitUntilDue(1250000);
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(100000, 150000));
  EXPECT_EQ(clock.NowUs(), 5000 + 250000);
}

TEST(ReplayClockTest, RealtimePacerDoesNotWaitWhenConsumersAreLate) {
  SimulatedClock clock;
  ReplayPacer pacer(ReplayMode::kRealtime, &clock);
  pacer.WaitUntilDue(0);
  clock.AdvanceUs(300000);  // processing took longer than the stream's pace
  pacer.WaitUntilDue(100000);
  pacer.WaitUntilDue(400000);
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(100000));
}

TEST(ReplayClockTest, FastPacerNeverWaits) {
  SimulatedClock clock;
  ReplayPacer pacer(ReplayMode::kFast, &clock);
  pacer.WaitUntilDue(0);
  pacer.WaitUntilDue(1000000);
  EXPECT_THAT(clock.sleeps_us(), IsEmpty());
  EXPECT_EQ(clock.NowUs(), 0);
}

TEST(ReplayClockTest, RealClockSleepsAtLeastUntilTheTime) {
  RealClock clock;
  const int64_t start = clock.NowUs();
  clock.SleepUntilUs(start + 2000);
  EXPECT_GE(clock.NowUs(), start + 2000);
}

TEST(ReplayClockTest, ScopedSourceClockInstallsAndRestores) {
  Clock* real = &SourceClock();
  SimulatedClock simulated;
  {
    ScopedSourceClock scoped(&simulated);
    EXPECT_EQ(&SourceClock(), &simulated);
  }
  EXPECT_EQ(&SourceClock(), real);
}

TEST(ReplayClockTest, ParsesReplayModes) {
  EXPECT_EQ(*ParseReplayMode("fast"), ReplayMode::kFast);
  EXPECT_EQ(*ParseReplayMode("realtime"), ReplayMode::kRealtime);
  EXPECT_THAT(ParseReplayMode("slow").status().message(), HasSubstr("replay='slow'"));
  EXPECT_EQ(std::get<std::string>(*ReplayOptionSpec().default_value), "fast");
}

}  // namespace
}  // namespace sentio
