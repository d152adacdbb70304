#include "sensing/csv_recordings.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

CsvRecordingOptions TimeIs(const std::string& column) {
  CsvRecordingOptions options;
  options.time_column = column;
  return options;
}

std::string ErrorOf(absl::string_view text, const CsvRecordingOptions& options) {
  return std::string(ParseCsvRecordings(text, "log.csv", options).status().message());
}

// Two subjects at 50 Hz (epoch milliseconds, a 20 ms step): s1 walks 6 samples then sits 4; s2's
// clock restarts and walks 5 samples, loses 200 ms, and walks 3 more.
std::string TwoSubjects() {
  std::string text = "t,x,y,subject,activity\n";
  auto add = [&text](int64_t t, const char* subject, const char* activity) {
    absl::StrAppendFormat(&text, "%d,%d.5,-%d,%s,%s\n", t, t % 7, t % 3, subject, activity);
  };
  for (int i = 0; i < 10; ++i) add(1700000000000 + 20 * i, "s1", i < 6 ? "walk" : "sit");
  for (int i = 0; i < 5; ++i) add(1700000000000 + 20 * i, "s2", "walk");
  for (int i = 0; i < 3; ++i) add(1700000000300 + 20 * i, "s2", "walk");
  return text;
}

TEST(CsvRecordingsTest, CutsAtSubjectsLabelsAndGaps) {
  CsvRecordingOptions options = TimeIs("t");
  options.group_column = "subject";
  const absl::StatusOr<CsvRecordings> recordings =
      ParseCsvRecordings(TwoSubjects(), "data/log.csv", options);
  ASSERT_TRUE(recordings.ok()) << recordings.status();
  EXPECT_EQ(recordings->data.problem_name, "log");
  EXPECT_EQ(recordings->time_unit, TimeUnit::kMilliseconds);
  EXPECT_TRUE(recordings->time_unit_inferred);
  EXPECT_DOUBLE_EQ(recordings->median_rate_hz, 50);
  EXPECT_EQ(recordings->class_column, "activity");
  EXPECT_EQ(recordings->gaps, 1);
  EXPECT_THAT(recordings->data.class_labels, ElementsAre("walk", "sit"));
  EXPECT_THAT(recordings->group_names, ElementsAre("s1", "s2"));
  EXPECT_THAT(recordings->group_of_case, ElementsAre(0, 0, 1, 1));
  const std::vector<TimeSeriesCase>& cases = recordings->data.cases;
  ASSERT_THAT(cases, SizeIs(4));
  EXPECT_EQ(cases[0].label, 0);
  EXPECT_EQ(cases[1].label, 1);
  EXPECT_EQ(cases[0].series.num_samples(), 6);
  EXPECT_EQ(cases[1].series.num_samples(), 4);
  EXPECT_EQ(cases[2].series.num_samples(), 5);
  EXPECT_EQ(cases[3].series.num_samples(), 3);
  EXPECT_THAT(cases[0].series.channel_names(), ElementsAre("x", "y"));
  EXPECT_EQ(cases[1].series.timestamps_us()[0], 1700000000120000);
  EXPECT_FLOAT_EQ(cases[1].series.at(0, 0), 1700000000120 % 7 + 0.5f);
  EXPECT_FLOAT_EQ(cases[1].series.at(0, 1), -(1700000000120 % 3));
  EXPECT_THAT(recordings->warnings, IsEmpty());
}

TEST(CsvRecordingsTest, NumericLastColumnIsAChannelUnlessNamedAsTheClass) {
  const std::string text = "time_s,x,z\n0.00,1,2\n0.02,1,3\n0.04,2,1\n";
  const absl::StatusOr<CsvRecordings> unlabelled =
      ParseCsvRecordings(text, "u.csv", TimeIs("time_s"));
  ASSERT_TRUE(unlabelled.ok()) << unlabelled.status();
  EXPECT_EQ(unlabelled->time_unit, TimeUnit::kSeconds);
  EXPECT_EQ(unlabelled->class_column, "");
  EXPECT_THAT(unlabelled->data.class_labels, IsEmpty());
  ASSERT_THAT(unlabelled->data.cases, SizeIs(1));
  EXPECT_EQ(unlabelled->data.cases[0].label, -1);
  EXPECT_THAT(unlabelled->data.cases[0].series.channel_names(), ElementsAre("x", "z"));
  EXPECT_EQ(unlabelled->data.cases[0].series.timestamps_us()[2], 40000);

  CsvRecordingOptions options = TimeIs("time_s");
  options.class_column = "z";
  const absl::StatusOr<CsvRecordings> labelled = ParseCsvRecordings(text, "u.csv", options);
  ASSERT_TRUE(labelled.ok()) << labelled.status();
  EXPECT_THAT(labelled->data.class_labels, ElementsAre("2", "3", "1"));
  EXPECT_THAT(labelled->data.cases, SizeIs(3));
}

TEST(CsvRecordingsTest, JitterIsReportedOrResampledAway) {
  std::string text = "t_us,x,activity\n";
  for (int i = 0; i < 40; ++i) {
    absl::StrAppendFormat(&text, "%d,%d,run\n", 10000 * i + (i % 2 ? 1500 : -1500), i);
  }
  const absl::StatusOr<CsvRecordings> raw = ParseCsvRecordings(text, "j.csv", TimeIs("t_us"));
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_EQ(raw->time_unit, TimeUnit::kMicroseconds);
  ASSERT_THAT(raw->warnings, SizeIs(1));
  EXPECT_THAT(raw->warnings[0], HasSubstr("sample times are irregular"));

  CsvRecordingOptions options = TimeIs("t_us");
  options.resample_hz = 100;
  const absl::StatusOr<CsvRecordings> grid = ParseCsvRecordings(text, "j.csv", options);
  ASSERT_TRUE(grid.ok()) << grid.status();
  EXPECT_THAT(grid->warnings, IsEmpty());
  const ImuBlock& series = grid->data.cases[0].series;
  EXPECT_EQ(series.timestamps_us()[1] - series.timestamps_us()[0], 10000);
  // The second grid point, 10 ms after the first sample (t = -1,500 us, x = 0), lies 10/13 of the
  // way to the second (t = 11,500 us, x = 1).
  EXPECT_EQ(series.timestamps_us()[1], 8500);
  EXPECT_NEAR(series.at(1, 0), 0 + 10000.0 / 13000.0, 1e-5);
}

TEST(CsvRecordingsTest, ResamplingCannotMultiplyTheSamplesWithoutBound) {
  CsvRecordingOptions options = TimeIs("t");
  options.time_unit = TimeUnit::kSeconds;
  options.resample_hz = 1000;
  EXPECT_THAT(ParseCsvRecordings("t,x,c\n0,0,a\n100,1,a\n200,0,a\n", "slow.csv", options)
                  .status()
                  .message(),
              HasSubstr("slow.csv:2: resampling the 3 samples from here at 1000 Hz would make "
                        "200001; choose a --resample_hz nearer the recording's 0.01 Hz"));
  options.resample_hz = 2e6;
  EXPECT_THAT(ParseCsvRecordings("t,x,c\n0,0,a\n", "f.csv", options).status().message(),
              HasSubstr("f.csv: resampling rate 2e+06 Hz is outside 0 to 1 MHz"));
}

TEST(CsvRecordingsTest, GivenUnitOverridesTheGuess) {
  CsvRecordingOptions options = TimeIs("t");
  options.time_unit = TimeUnit::kSeconds;
  const absl::StatusOr<CsvRecordings> recordings =
      ParseCsvRecordings("t,x,c\n1,0,a\n2,1,a\n3,0,a\n", "s.csv", options);
  ASSERT_TRUE(recordings.ok()) << recordings.status();
  EXPECT_FALSE(recordings->time_unit_inferred);
  EXPECT_DOUBLE_EQ(recordings->median_rate_hz, 1);
}

TEST(CsvRecordingsTest, BadInputIsNamedByLineAndColumn) {
  const CsvRecordingOptions t = TimeIs("t");
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,a\n", TimeIs("")), HasSubstr("log.csv: no time column named"));
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,a\n", TimeIs("time")),
              HasSubstr("log.csv:1: --time=time: no such column (the header has t, x, c)"));
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,a\n3,0,a\n2,1,a\n", t),
              HasSubstr("log.csv:4: column 't': 2 is not after the previous row's 3 (line 3); "
                        "times must increase"));
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,a\n1,1,a\n", t), HasSubstr("log.csv:3: column 't': 1 is not"));
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,a\nnoon,1,a\n", t),
              HasSubstr("log.csv:3: column 't': 'noon' is not a time"));
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,a\n2,,a\n", t),
              HasSubstr("log.csv:3: column 'x': '' is not a number (a value column: leave it out "
                        "with --ignore=x)"));
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,a\n",
                      [] {
                        CsvRecordingOptions o = TimeIs("t");
                        o.class_column = "t";
                        return o;
                      }()),
              HasSubstr("--class=t: that column is already the time column or ignored"));
  EXPECT_THAT(ErrorOf("t,c\n1,a\n", t), HasSubstr("log.csv:1: no value columns left"));
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,a\n2,5e72,a\n", t),
              HasSubstr("log.csv:3: column 'x': 5e72 is beyond the range of a sample"));
  CsvRecordingOptions grouped = TimeIs("t");
  grouped.group_column = "g";
  EXPECT_THAT(ErrorOf("t,x,g,c\n1,0,s1,a\n2,0,,a\n", grouped),
              HasSubstr("log.csv:3: column 'g' is empty"));
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,a\n9223372036854775807,1,a\n",
                      [] {
                        CsvRecordingOptions o = TimeIs("t");
                        o.time_unit = TimeUnit::kSeconds;
                        return o;
                      }()),
              HasSubstr("log.csv:3: column 't': 9223372036854775807 s does not fit"));
}

TEST(CsvRecordingsTest, TimesMayRestartAtANewGroup) {
  CsvRecordingOptions options = TimeIs("t");
  options.group_column = "g";
  const absl::StatusOr<CsvRecordings> recordings =
      ParseCsvRecordings("t,x,g,c\n1,0,a,w\n2,0,a,w\n1,0,b,w\n2,0,b,w\n", "r.csv", options);
  ASSERT_TRUE(recordings.ok()) << recordings.status();
  EXPECT_THAT(recordings->group_of_case, ElementsAre(0, 1));
  EXPECT_THAT(ErrorOf("t,x,c\n1,0,w\n2,0,w\n1,0,w\n", TimeIs("t")), HasSubstr("log.csv:4:"));
}

}  // namespace
}  // namespace sentio
