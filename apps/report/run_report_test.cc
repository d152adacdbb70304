#include "apps/report/run_report.h"

#include <cstdlib>
#include <string>

#include "base/file_reading.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace report {
namespace {

using ::testing::HasSubstr;

Packet Decision(int64_t time_us, const std::string& label) {
  return Packet::Make(time_us, Prediction{label, {"walk", "run"}, {0.5, 0.5}});
}

TEST(RunReportTest, ScoresEachDecisionAgainstTheSegmentHoldingIt) {
  RunRecorder recorder;
  const PacketObserver see = recorder.Observer();
  see("labels", Packet::Make(0, SegmentLabel{"walk", 999}));
  see("labels", Packet::Make(2000, SegmentLabel{"run", 2999}));
  see("predictions", Decision(100, "walk"));
  see("predictions", Decision(999, "run"));    // last moment of the walk segment
  see("predictions", Decision(1500, "walk"));  // between segments: not scored
  see("predictions", Decision(2000, "run"));
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/run_report";
  const absl::StatusOr<std::string> page = recorder.Write(dir, "sentio run");
  ASSERT_TRUE(page.ok()) << page.status();
  const std::string html = *ReadWholeFile(*page);
  EXPECT_THAT(html, HasSubstr("<dt>decisions on &#39;predictions&#39;</dt><dd>4</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>decisions inside a labelled segment</dt><dd>3</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>accuracy per decision</dt><dd>0.6667</dd>"));
  EXPECT_THAT(html, HasSubstr("<title>walk as run: 1</title>"));
  EXPECT_THAT(html, HasSubstr(">truth: labels</text>"));
}

TEST(RunReportTest, AGraphWithoutDecisionsSaysSo) {
  RunRecorder recorder;
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/empty_report";
  const absl::StatusOr<std::string> page = recorder.Write(dir, "sentio run");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(*ReadWholeFile(*page),
              HasSubstr("put no labelled segments, predictions or detections"));
}

}  // namespace
}  // namespace report
}  // namespace sentio
