#include "sensing/csv_imu_reader.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

CsvImuColumns Columns(TimeUnit unit) { return {"t", unit, {"az", "ax"}}; }

TEST(CsvImuReaderTest, ReadsNamedColumnsInTheAskedOrder) {
  auto block = ParseCsvImu("t, ax,\"ay\",az,note\n0.5,1,2,3,x\n\n0.52,4,5,6,y\n", "imu.csv",
                           Columns(TimeUnit::kSeconds));
  ASSERT_TRUE(block.ok()) << block.status();
  EXPECT_THAT(block->channel_names(), ElementsAre("az", "ax"));
  EXPECT_THAT(block->timestamps_us(), ElementsAre(500000, 520000));
  EXPECT_EQ(block->at(0, 0), 3.0f);
  EXPECT_EQ(block->at(1, 1), 4.0f);
}

TEST(CsvImuReaderTest, ConvertsEveryTimeUnit) {
  const std::string text = "t,ax,az\n1500,0,0\n2500,0,0\n";
  EXPECT_THAT(ParseCsvImu(text, "f", Columns(TimeUnit::kMilliseconds))->timestamps_us(),
              ElementsAre(1500000, 2500000));
  EXPECT_THAT(ParseCsvImu(text, "f", Columns(TimeUnit::kMicroseconds))->timestamps_us(),
              ElementsAre(1500, 2500));
  EXPECT_THAT(ParseCsvImu(text, "f", Columns(TimeUnit::kNanoseconds))->timestamps_us(),
              ElementsAre(1, 2));
  EXPECT_THAT(
      ParseCsvImu("t,ax,az\n1.25,0,0\n", "f", Columns(TimeUnit::kMilliseconds))->timestamps_us(),
      ElementsAre(1250));
}

TEST(CsvImuReaderTest, MalformedInputNamesFileAndLine) {
  const CsvImuColumns columns = Columns(TimeUnit::kSeconds);
  EXPECT_THAT(ParseCsvImu("", "f.csv", columns).status().message(),
              HasSubstr("f.csv:1: expected a header"));
  EXPECT_THAT(ParseCsvImu("time,ax,az\n", "f.csv", columns).status().message(),
              HasSubstr("f.csv:1: no column 't' in the header (time, ax, az)"));
  EXPECT_THAT(ParseCsvImu("t,ax,az,ax\n", "f.csv", columns).status().message(),
              HasSubstr("f.csv:1: column 'ax' appears twice"));
  EXPECT_THAT(ParseCsvImu("t,ax,az\n1,2\n", "f.csv", columns).status().message(),
              HasSubstr("f.csv:2: expected 3 fields"));
  EXPECT_THAT(ParseCsvImu("t,ax,az\n1,2,3\nx,2,3\n", "f.csv", columns).status().message(),
              HasSubstr("f.csv:3: timestamp 'x'"));
  EXPECT_THAT(ParseCsvImu("t,ax,az\n1e300,2,3\n", "f.csv", columns).status().message(),
              HasSubstr("f.csv:2: timestamp '1e300'"));
  EXPECT_THAT(ParseCsvImu("t,ax,az\n1,2,3\n1,2,3\n", "f.csv", columns).status().message(),
              HasSubstr("f.csv:3: timestamp 1000000 µs is not after"));
  EXPECT_THAT(ParseCsvImu("t,ax,az\n1,,3\n", "f.csv", columns).status().message(),
              HasSubstr("f.csv:2: value '' in column 'ax'"));
  EXPECT_THAT(ParseCsvImu("t,ax,az\n1,2,nan\n", "f.csv", columns).status().message(),
              HasSubstr("f.csv:2: value 'nan' in column 'az'"));
  EXPECT_THAT(ParseCsvImu("t,ax,az\n", "f.csv", {"t", TimeUnit::kSeconds, {}}).status().message(),
              HasSubstr("no value columns"));
}

TEST(CsvImuReaderTest, HeaderOnlyGivesAnEmptyBlock) {
  auto block = ParseCsvImu("t,ax,az\n", "f.csv", Columns(TimeUnit::kSeconds));
  ASSERT_TRUE(block.ok()) << block.status();
  EXPECT_EQ(block->num_samples(), 0);
}

TEST(CsvImuReaderTest, ReadsFilesAndParsesUnits) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/imu.csv";
  std::ofstream(path) << "t,ax,az\n1,2,3\n";
  EXPECT_EQ(ReadCsvImuFile(path, Columns(TimeUnit::kSeconds))->num_samples(), 1);
  EXPECT_THAT(ReadCsvImuFile("/no/such.csv", Columns(TimeUnit::kSeconds)).status().message(),
              HasSubstr("/no/such.csv"));
  EXPECT_EQ(*ParseTimeUnit("ns"), TimeUnit::kNanoseconds);
  EXPECT_EQ(*ParseTimeUnit("s"), TimeUnit::kSeconds);
  EXPECT_THAT(ParseTimeUnit("min").status().message(), HasSubstr("time_unit='min'"));
}

TEST(CsvImuReaderTest, LabelColumnGivesEachSampleItsLabel) {
  CsvImuColumns columns{"t", TimeUnit::kSeconds, {"ax"}, "activity"};
  auto recording =
      ParseLabelledCsvImu("t,ax,activity\n0,1,walk\n1,2,\n2,3,\"run\"\n", "f.csv", columns);
  ASSERT_TRUE(recording.ok()) << recording.status();
  EXPECT_EQ(recording->block.num_samples(), 3);
  EXPECT_THAT(recording->labels, ElementsAre("walk", "", "run"));
  columns.label_column = "class";
  EXPECT_THAT(ParseLabelledCsvImu("t,ax\n0,1\n", "f.csv", columns).status().message(),
              HasSubstr("no column 'class' in the header (t, ax)"));
  columns.label_column.clear();
  EXPECT_TRUE(ParseLabelledCsvImu("t,ax\n0,1\n", "f.csv", columns)->labels.empty());
}

}  // namespace
}  // namespace sentio
