#include "sensing/wisdm_reader.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

// Lines in the style of WISDM_ar_v1.1_raw.txt, with its quirks: a missing `;`, a blank line.
constexpr char kClean[] =
    "33,Jogging,49105962326000,-0.6946377,12.680544,0.50395286;\n"
    "33,Jogging,49106062271000,5.012288,11.264028,0.95342433;\n"
    "33,Jogging,49106112167000,4.903325,10.882658,-0.08172209\n"
    "\n"
    "33,Walking,49106262787000,-0.61291564,18.496431,3.0237172;\n"
    "17,Sitting,1000000,0.0,9.8,0.1;\n";

TEST(WisdmReaderTest, ReadsSegmentsPerUserAndActivity) {
  auto recording = ParseWisdm(kClean, "clean.txt", BadLinePolicy::kReject);
  ASSERT_TRUE(recording.ok()) << recording.status();
  ASSERT_EQ(recording->segments.size(), 3u);
  const WisdmSegment& jogging = recording->segments[0];
  EXPECT_EQ(jogging.user, "33");
  EXPECT_EQ(jogging.activity, "Jogging");
  EXPECT_EQ(jogging.first_line, 1);
  EXPECT_THAT(jogging.readings.channel_names(), ElementsAre("x", "y", "z"));
  EXPECT_THAT(jogging.readings.timestamps_us(),
              ElementsAre(49105962326, 49106062271, 49106112167));
  EXPECT_FLOAT_EQ(jogging.readings.at(0, 1), 12.680544f);
  EXPECT_FLOAT_EQ(jogging.readings.at(2, 2), -0.08172209f);
  EXPECT_EQ(recording->segments[1].activity, "Walking");
  EXPECT_EQ(recording->segments[1].first_line, 5);
  EXPECT_EQ(recording->segments[2].user, "17");
  EXPECT_THAT(recording->segments[2].readings.timestamps_us(), ElementsAre(1000));
  EXPECT_EQ(recording->total_skipped(), 0);
  EXPECT_EQ(recording->SkipReport(), "");
}

constexpr char kMessy[] =
    "33,Jogging,1000000,1,2,3;\n"
    "33,Jogging,1050000,1,2,;\n"          // empty z
    "33,Jogging,1100000,1,2;\n"           // wrong field count
    "33,Jogging,1150000,1,abc,3;\n"       // non-numeric
    "33,Jogging,900000,4,5,6;\n"          // backwards
    "33,Jogging,1200000,4,5,6;\n"
    "33,Jogging,1200000,7,8,9;\n"         // repeated
    "33,Jogging,12.5e6,7,8,9;\n"          // timestamp not an integer
    "34,Jogging,5000,1,1,1\n";            // another user's stream may start earlier

TEST(WisdmReaderTest, SkipPolicyCountsBadLinesByReason) {
  auto recording = ParseWisdm(kMessy, "messy.txt", BadLinePolicy::kSkip);
  ASSERT_TRUE(recording.ok()) << recording.status();
  ASSERT_EQ(recording->segments.size(), 2u);
  EXPECT_THAT(recording->segments[0].readings.timestamps_us(), ElementsAre(1000, 1200));
  EXPECT_FLOAT_EQ(recording->segments[0].readings.at(1, 0), 4.0f);
  EXPECT_THAT(recording->segments[1].readings.timestamps_us(), ElementsAre(5));
  EXPECT_THAT(recording->skipped_lines,
              ElementsAre(Pair("empty value", 1), Pair("non-numeric value", 2),
                          Pair("timestamp not increasing", 2), Pair("wrong field count", 1)));
  EXPECT_EQ(recording->total_skipped(), 6);
  EXPECT_EQ(recording->SkipReport(),
            "skipped 6 lines: 1 empty value, 2 non-numeric value, 2 timestamp not increasing, "
            "1 wrong field count");
}

TEST(WisdmReaderTest, RejectPolicyNamesFileAndLineOfTheFirstBadLine) {
  EXPECT_THAT(ParseWisdm(kMessy, "messy.txt", BadLinePolicy::kReject).status().message(),
              HasSubstr("messy.txt:2: field z is empty"));
  EXPECT_THAT(ParseWisdm("1,Walking,5,1,2\n", "f.txt", BadLinePolicy::kReject).status().message(),
              HasSubstr("f.txt:1: expected 6 fields"));
  EXPECT_THAT(ParseWisdm("1,Walking,5,1,2,x\n", "f.txt", BadLinePolicy::kReject).status().message(),
              HasSubstr("f.txt:1: z 'x' is not a finite number"));
  EXPECT_THAT(ParseWisdm("1,Walking,5000,1,2,3\n1,Walking,5000,1,2,3\n", "f.txt",
                         BadLinePolicy::kReject)
                  .status()
                  .message(),
              HasSubstr("f.txt:2: timestamp 5 µs of user 1 is not after"));
  EXPECT_THAT(ParseWisdm("1,Walking,5,1,2,nan\n", "f.txt", BadLinePolicy::kReject).status().message(),
              HasSubstr("f.txt:1:"));
}

TEST(WisdmReaderTest, ActivityChangeKeepsTheUsersTimeline) {
  // A user's stream goes on across activities, so going back in time there is still bad.
  auto recording = ParseWisdm("5,Walking,2000,1,1,1;\n5,Upstairs,1000,1,1,1;\n", "f.txt",
                              BadLinePolicy::kSkip);
  ASSERT_TRUE(recording.ok());
  EXPECT_EQ(recording->segments.size(), 1u);
  EXPECT_EQ(recording->total_skipped(), 1);
}

TEST(WisdmReaderTest, EmptyAndBlankInputGiveNoSegments) {
  auto recording = ParseWisdm("\n  \n;\n", "blank.txt", BadLinePolicy::kReject);
  ASSERT_TRUE(recording.ok());
  EXPECT_TRUE(recording->segments.empty());
}

TEST(WisdmReaderTest, ReadsFilesAndNamesMissingOnes) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/wisdm.txt";
  std::ofstream(path) << kClean;
  auto recording = ReadWisdmFile(path, BadLinePolicy::kReject);
  ASSERT_TRUE(recording.ok());
  EXPECT_EQ(recording->segments.size(), 3u);
  EXPECT_THAT(ReadWisdmFile("/no/such/wisdm.txt", BadLinePolicy::kSkip).status().message(),
              HasSubstr("/no/such/wisdm.txt"));
}

TEST(WisdmReaderTest, ParsesPolicyNames) {
  EXPECT_EQ(*ParseBadLinePolicy("reject"), BadLinePolicy::kReject);
  EXPECT_EQ(*ParseBadLinePolicy("skip"), BadLinePolicy::kSkip);
  EXPECT_THAT(ParseBadLinePolicy("ignore").status().message(), HasSubstr("policy='ignore'"));
}

}  // namespace
}  // namespace sentio
