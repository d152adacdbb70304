#include "sensing/replay_clock.h"

#include <chrono>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(ReplayClockTest, RealtimePacerWaitsTheTimestampOffsets) {
  auto context = FakeStageContext::WithoutOptions();
  SimulatedClock clock(5000);
  ReplayPacer pacer(ReplayMode::kRealtime, &clock);
  pacer.WaitUntilDue(1000000, *context);  // the first packet anchors the replay
  pacer.WaitUntilDue(1100000, *context);
  pacer.WaitUntilDue(1250000, *context);
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(100000, 150000));
  EXPECT_EQ(clock.NowUs(), 5000 + 250000);
}

TEST(ReplayClockTest, RealtimePacerDoesNotWaitWhenConsumersAreLate) {
  auto context = FakeStageContext::WithoutOptions();
  SimulatedClock clock;
  ReplayPacer pacer(ReplayMode::kRealtime, &clock);
  pacer.WaitUntilDue(0, *context);
  clock.AdvanceUs(300000);  // processing took longer than the stream's pace
  pacer.WaitUntilDue(100000, *context);
  pacer.WaitUntilDue(400000, *context);
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(100000));
}

TEST(ReplayClockTest, FastPacerNeverWaits) {
  auto context = FakeStageContext::WithoutOptions();
  SimulatedClock clock;
  ReplayPacer pacer(ReplayMode::kFast, &clock);
  pacer.WaitUntilDue(0, *context);
  pacer.WaitUntilDue(1000000, *context);
  EXPECT_THAT(clock.sleeps_us(), IsEmpty());
  EXPECT_EQ(clock.NowUs(), 0);
}

TEST(ReplayClockTest, RealClockSleepsAtLeastUntilTheTime) {
  RealClock clock;
  const int64_t start = clock.NowUs();
  clock.SleepUntilUs(start + 2000);
  EXPECT_GE(clock.NowUs(), start + 2000);
}

TEST(ReplayClockTest, RealtimePacerStopsWaitingWhenTheRunStops) {
  auto context = FakeStageContext::WithoutOptions();
  RealClock clock;
  ReplayPacer pacer(ReplayMode::kRealtime, &clock);
  pacer.WaitUntilDue(0, *context);
  std::thread stopper([&context] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    context->stop = true;
  });
  const int64_t start = clock.NowUs();
  pacer.WaitUntilDue(60000000, *context);  // a minute away
  stopper.join();
  EXPECT_LT(clock.NowUs() - start, 2000000);
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
}

}  // namespace
}  // namespace sentio
