// Reads the real UEA BasicMotions archive (smart-watch accelerometer and gyroscope, four
// activities) with the .ts reader and checks what the files are known to hold.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;

constexpr char kDataDir[] = "external/shared_data/har/";

absl::StatusOr<TimeSeriesDataset> ReadBasicMotions(const std::string& split) {
  TsReadOptions options;
  options.sample_rate_hz = 10;  // the watch sampled every tenth of a second
  return ReadTsFile(std::string(kDataDir) + "BasicMotions_" + split + ".ts", options);
}

void ExpectBasicMotionsShape(const TimeSeriesDataset& data) {
  EXPECT_EQ(data.problem_name, "BasicMotions");
  EXPECT_THAT(data.class_labels, ElementsAre("Standing", "Running", "Walking", "Badminton"));
  ASSERT_EQ(data.cases.size(), 40);
  int cases_per_class[4] = {0, 0, 0, 0};
  for (const TimeSeriesCase& c : data.cases) {
    ASSERT_GE(c.label, 0);
    ASSERT_LT(c.label, 4);
    ++cases_per_class[c.label];
    EXPECT_EQ(c.series.num_channels(), 6);
    ASSERT_EQ(c.series.num_samples(), 100);
    EXPECT_EQ(c.series.timestamps_us()[0], 0);
    EXPECT_EQ(c.series.timestamps_us()[1], 100000);
    EXPECT_EQ(c.series.timestamps_us()[99], 9900000);
  }
  EXPECT_THAT(cases_per_class, ElementsAre(10, 10, 10, 10));
}

TEST(TsRealDataTest, ReadsBasicMotionsTrain) {
  const absl::StatusOr<TimeSeriesDataset> data = ReadBasicMotions("TRAIN");
  ASSERT_TRUE(data.ok()) << data.status();
  ExpectBasicMotionsShape(*data);
  const ImuBlock& first = data->cases[0].series;
  EXPECT_THAT(first.channel_names(),
              ElementsAre("dim_0", "dim_1", "dim_2", "dim_3", "dim_4", "dim_5"));
  EXPECT_FLOAT_EQ(first.at(0, 0), 0.079106f);  // the file's first value
  EXPECT_FLOAT_EQ(first.at(0, 1), 0.394032f);  // first value of its second dimension
}

TEST(TsRealDataTest, ReadsBasicMotionsTest) {
  const absl::StatusOr<TimeSeriesDataset> data = ReadBasicMotions("TEST");
  ASSERT_TRUE(data.ok()) << data.status();
  ExpectBasicMotionsShape(*data);
}

}  // namespace
}  // namespace sentio
