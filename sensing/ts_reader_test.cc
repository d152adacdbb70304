#include "sensing/ts_reader.h"

#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Lines 1-8: a header for two dimensions of three values, labelled a or b; cases start at line 9.
constexpr char kHeader[] =
    "@problemName Toy\n"
    "@timeStamps false\n"
    "@univariate false\n"
    "@dimensions 2\n"
    "@equalLength true\n"
    "@seriesLength 3\n"
    "@classLabel true a b\n"
    "@data\n";

TsReadOptions AtRate(double sample_rate_hz) {
  TsReadOptions options;
  options.sample_rate_hz = sample_rate_hz;
  return options;
}

absl::StatusOr<TimeSeriesDataset> ParseToy(absl::string_view cases, TsReadOptions options = {}) {
  return ParseTs(absl::StrCat(kHeader, cases), "toy.ts", options);
}

// The error message of parsing `text` as "bad.ts"; empty when it parses.
std::string ErrorOf(absl::string_view text, TsReadOptions options = {}) {
  return std::string(ParseTs(text, "bad.ts", options).status().message());
}

TEST(TsReaderTest, ReadsLabelledMultivariateCases) {
  const absl::StatusOr<TimeSeriesDataset> data =
      ParseToy("1,2,3:4,5,6:b\n-0.5,0,1e2:7,8,9:a\n", AtRate(10));
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->problem_name, "Toy");
  EXPECT_THAT(data->class_labels, ElementsAre("a", "b"));
  ASSERT_EQ(data->cases.size(), 2);
  EXPECT_EQ(data->cases[0].label, 1);
  EXPECT_EQ(data->cases[1].label, 0);
  const ImuBlock& first = data->cases[0].series;
  EXPECT_THAT(first.channel_names(), ElementsAre("dim_0", "dim_1"));
  EXPECT_THAT(first.timestamps_us(), ElementsAre(0, 100000, 200000));
  EXPECT_THAT(first.Channel(0, 0, 3), ElementsAre(1, 2, 3));
  EXPECT_THAT(first.Channel(1, 0, 3), ElementsAre(4, 5, 6));
  EXPECT_THAT(data->cases[1].series.Channel(0, 0, 3), ElementsAre(-0.5f, 0, 100));
}

TEST(TsReaderTest, SynthesisedTimestampsRoundEachSampleTime) {
  const absl::StatusOr<TimeSeriesDataset> data =
      ParseToy("1,2,3:4,5,6:a\n", AtRate(3));
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_THAT(data->cases[0].series.timestamps_us(), ElementsAre(0, 333333, 666667));
}

TEST(TsReaderTest, SkipsCommentsBlankLinesAndCarriageReturns) {
  const absl::StatusOr<TimeSeriesDataset> data = ParseTs(
      "# a comment\r\n\r\n@PROBLEMNAME Toy\r\n@ClassLabel TRUE x\r\n   \r\n@DATA\r\n"
      "# between cases\r\n1,2:x\r\n\r\n3,4:x\r\n",
      "crlf.ts");
  ASSERT_TRUE(data.ok()) << data.status();
  ASSERT_EQ(data->cases.size(), 2);
  EXPECT_THAT(data->cases[1].series.Channel(0, 0, 2), ElementsAre(3, 4));
}

TEST(TsReaderTest, UnlabelledCasesGetMinusOne) {
  const absl::StatusOr<TimeSeriesDataset> data =
      ParseTs("@classLabel false\n@data\n1,2:3,4\n", "unlabelled.ts");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_TRUE(data->class_labels.empty());
  EXPECT_EQ(data->cases[0].label, -1);
  EXPECT_EQ(data->cases[0].series.num_channels(), 2);
}

TEST(TsReaderTest, ProblemNameDefaultsToFileStem) {
  const absl::StatusOr<TimeSeriesDataset> data =
      ParseTs("@classLabel false\n@data\n1\n", "dir/Walk_TRAIN.ts");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->problem_name, "Walk_TRAIN");
}

TEST(TsReaderTest, UnequalLengthsAcrossCasesNeedEqualLengthFalse) {
  const absl::StatusOr<TimeSeriesDataset> data =
      ParseTs("@equalLength false\n@classLabel true a\n@data\n1,2,3:a\n4:a\n", "unequal.ts");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->cases[0].series.num_samples(), 3);
  EXPECT_EQ(data->cases[1].series.num_samples(), 1);

  EXPECT_THAT(ErrorOf("@classLabel true a\n@data\n1,2,3:a\n4:a\n"),
              HasSubstr("bad.ts:4: case has 1 values per dimension but earlier cases have 3"));
  EXPECT_THAT(ErrorOf("@equalLength true\n@classLabel true a\n@data\n1,2,3:a\n4:a\n"),
              HasSubstr("bad.ts:5: case has 1 values"));
}

TEST(TsReaderTest, UnivariateAndDimensionSpellings) {
  const absl::StatusOr<TimeSeriesDataset> univariate =
      ParseTs("@univariate true\n@classLabel true a\n@data\n1,2:a\n", "uni.ts");
  ASSERT_TRUE(univariate.ok()) << univariate.status();
  EXPECT_EQ(univariate->cases[0].series.num_channels(), 1);

  const absl::StatusOr<TimeSeriesDataset> sktime_spelling =
      ParseTs("@dimension 2\n@classLabel true a\n@data\n1:2:a\n", "dims.ts");
  ASSERT_TRUE(sktime_spelling.ok()) << sktime_spelling.status();
  EXPECT_EQ(sktime_spelling->cases[0].series.num_channels(), 2);
}

TEST(TsReaderTest, NumericTimestampsAreSeconds) {
  const absl::StatusOr<TimeSeriesDataset> data = ParseTs(
      "@timeStamps true\n@classLabel true a\n@data\n"
      "(0,1.5),(0.25,2.5), (1,3.5):( 0 , -1 ),(0.25,-2),(1,-3):a\n",
      "stamped.ts", AtRate(50));
  ASSERT_TRUE(data.ok()) << data.status();
  const ImuBlock& series = data->cases[0].series;
  EXPECT_THAT(series.timestamps_us(), ElementsAre(0, 250000, 1000000));
  EXPECT_THAT(series.Channel(0, 0, 3), ElementsAre(1.5f, 2.5f, 3.5f));
  EXPECT_THAT(series.Channel(1, 0, 3), ElementsAre(-1, -2, -3));
}

TEST(TsReaderTest, TimestampErrors) {
  const std::string header = "@timeStamps true\n@classLabel true a\n@data\n";
  EXPECT_THAT(ErrorOf(header + "(2004-08-10 18:00:00,1130.0):a\n"),
              HasSubstr("bad.ts:4: dim_0 value 1: timestamp '2004-08-10 18:00:00' is not a "
                        "number; only numeric timestamps (seconds) are supported"));
  EXPECT_THAT(ErrorOf(header + "(0,1),2:a\n"),
              HasSubstr("bad.ts:4: dim_0 value 2: expected (timestamp,value), got '2'"));
  EXPECT_THAT(ErrorOf(header + "(0,1,2):a\n"), HasSubstr("bad.ts:4: dim_0 value 1: expected"));
  EXPECT_THAT(ErrorOf(header + "(0,1:a\n"), HasSubstr("bad.ts:4:"));
  EXPECT_THAT(ErrorOf(header + "(0,x):a\n"),
              HasSubstr("bad.ts:4: dim_0 value 1 'x' is not a finite number"));
  EXPECT_THAT(ErrorOf(header + "(1e300,1):a\n"), HasSubstr("bad.ts:4: dim_0 value 1: timestamp"));
  EXPECT_THAT(ErrorOf(header + "(1,1),(1,2):a\n"),
              HasSubstr("bad.ts:4: IMU timestamps must strictly increase"));
  EXPECT_THAT(ErrorOf(header + "(0,1),(1,2):(0,1),(2,2):a\n"),
              HasSubstr("bad.ts:4: dim_1 has other timestamps than dim_0"));
}

TEST(TsReaderTest, HeaderErrorsNameFileAndLine) {
  EXPECT_THAT(ErrorOf("@problemName x\n@colour red\n"), HasSubstr("bad.ts:2: unknown tag @colour"));
  EXPECT_THAT(ErrorOf("@timeStamps yes\n"),
              HasSubstr("bad.ts:1: @timeStamps expects true or false, got 'yes'"));
  EXPECT_THAT(ErrorOf("@missing\n"), HasSubstr("bad.ts:1: @missing expects true or false"));
  EXPECT_THAT(ErrorOf("@dimensions 0\n"),
              HasSubstr("bad.ts:1: @dimensions expects a positive integer, got '0'"));
  EXPECT_THAT(ErrorOf("@seriesLength many\n"), HasSubstr("bad.ts:1: @seriesLength expects"));
  EXPECT_THAT(ErrorOf("@problemName\n"), HasSubstr("bad.ts:1: @problemName needs a name"));
  EXPECT_THAT(ErrorOf("@missing false\n@Missing false\n"),
              HasSubstr("bad.ts:2: duplicate @Missing"));
  EXPECT_THAT(ErrorOf("@classLabel true\n"),
              HasSubstr("bad.ts:1: @classLabel true must list the class labels"));
  EXPECT_THAT(ErrorOf("@classLabel false a\n"),
              HasSubstr("bad.ts:1: @classLabel false takes no labels"));
  EXPECT_THAT(ErrorOf("@classLabel maybe\n"), HasSubstr("bad.ts:1: @classLabel expects true"));
  EXPECT_THAT(ErrorOf("@classLabel true a b a\n"),
              HasSubstr("bad.ts:1: class label 'a' is declared twice"));
  EXPECT_THAT(ErrorOf("@data now\n"), HasSubstr("bad.ts:1: @data takes no value"));
}

TEST(TsReaderTest, HeaderMustBeCompleteAndConsistent) {
  EXPECT_THAT(ErrorOf("# only\n@classLabel false\n"),
              HasSubstr("bad.ts:2: missing @data: the file ends inside the header"));
  EXPECT_THAT(ErrorOf(""), HasSubstr("bad.ts:1: missing @data"));
  EXPECT_THAT(ErrorOf("@problemName x\n1,2:a\n"),
              HasSubstr("bad.ts:2: data before @data (expected a @tag or a # comment)"));
  EXPECT_THAT(ErrorOf("@problemName x\n@data\n1,2\n"),
              HasSubstr("bad.ts:2: missing @classLabel before @data"));
  EXPECT_THAT(ErrorOf("@univariate true\n@dimensions 3\n@classLabel false\n@data\n"),
              HasSubstr("bad.ts:4: @univariate true contradicts @dimensions 3"));
  EXPECT_THAT(ErrorOf("@equalLength false\n@seriesLength 5\n@classLabel false\n@data\n"),
              HasSubstr("bad.ts:4: @seriesLength contradicts @equalLength false"));
}

TEST(TsReaderTest, RegressionIsRejected) {
  EXPECT_THAT(ErrorOf("@problemName r\n@targetLabel true\n@data\n1,2:3.5\n"),
              HasSubstr("bad.ts:2: @targetLabel true: regression data sets are not supported"));
  EXPECT_TRUE(ParseTs("@targetLabel false\n@classLabel false\n@data\n1\n", "ok.ts").ok());
}

TEST(TsReaderTest, CaseShapeErrorsNameFileAndLine) {
  const std::string header = kHeader;
  EXPECT_THAT(ErrorOf(header + "1,2,3:a\n"),
              HasSubstr("bad.ts:9: case has 1 dimensions, expected 2 as in @dimensions 2"));
  EXPECT_THAT(ErrorOf(header + "1,2,3:4,5,6:7,8,9:a\n"), HasSubstr("bad.ts:9: case has 3"));
  EXPECT_THAT(ErrorOf(header + "1,2,3:4,5:a\n"),
              HasSubstr("bad.ts:9: dim_1 has 2 values but dim_0 has 3"));
  EXPECT_THAT(ErrorOf(header + "1,2:4,5:a\n"),
              HasSubstr("bad.ts:9: case has 2 values per dimension, @seriesLength is 3"));
  EXPECT_THAT(ErrorOf("@classLabel false\n@data\n1:2\n3\n"),
              HasSubstr("bad.ts:4: case has 1 dimensions, expected 2 as in the first case (line 3)"));
  EXPECT_THAT(ErrorOf("@univariate true\n@classLabel false\n@data\n1:2\n"),
              HasSubstr("bad.ts:4: case has 2 dimensions, expected 1 as in @univariate true"));
  EXPECT_THAT(ErrorOf(header + "1,2,3:4,5,6:a\n@data\n"),
              HasSubstr("bad.ts:10: header tag after @data"));
}

TEST(TsReaderTest, TruncatedLinesAndLabelErrors) {
  const std::string header = kHeader;
  EXPECT_THAT(ErrorOf(header + "1,2,3:4,5,6\n"),
              HasSubstr("bad.ts:9: class label '4,5,6' is not declared in @classLabel"));
  EXPECT_THAT(ErrorOf(header + "1,2,3\n"),
              HasSubstr("bad.ts:9: missing class label (expected ':<label>' at the end)"));
  EXPECT_THAT(ErrorOf(header + "1,2,3:4,5,\n"),
              HasSubstr("bad.ts:9: class label '4,5,' is not declared"));
  EXPECT_THAT(ErrorOf(header + "1,2,3:4,5,:a\n"),
              HasSubstr("bad.ts:9: dim_1 value 3 is empty (truncated line?)"));
  EXPECT_THAT(ErrorOf(header + "1,2,3:4,5,6:\n"), HasSubstr("bad.ts:9: empty class label"));
  EXPECT_THAT(ErrorOf(header + "1,2,3:4,5,6:c\n"),
              HasSubstr("bad.ts:9: class label 'c' is not declared in @classLabel"));
}

TEST(TsReaderTest, ValueErrorsNameFileLineAndPlace) {
  const std::string header = kHeader;
  EXPECT_THAT(ErrorOf(header + "1,2,3:4,five,6:a\n"),
              HasSubstr("bad.ts:9: dim_1 value 2 'five' is not a finite number"));
  EXPECT_THAT(ErrorOf(header + "1,nan,3:4,5,6:a\n"),
              HasSubstr("bad.ts:9: dim_0 value 2 'nan' is not a finite number"));
  EXPECT_THAT(ErrorOf(header + "1,2,-inf:4,5,6:a\n"),
              HasSubstr("bad.ts:9: dim_0 value 3 '-inf' is not a finite number"));
  EXPECT_THAT(ErrorOf(header + "1,2,1e39:4,5,6:a\n"),
              HasSubstr("bad.ts:9: dim_0 value 3 1e39 is out of the range of a float"));
}

TEST(TsReaderTest, MissingValuesAreRejected) {
  EXPECT_THAT(ErrorOf(absl::StrCat(kHeader, "1,?,3:4,5,6:a\n")),
              HasSubstr("bad.ts:9: dim_0 value 2 is missing ('?') but the header lacks "
                        "@missing true"));
  EXPECT_THAT(ErrorOf("@missing true\n@classLabel false\n@data\n1,2\n3,?\n"),
              HasSubstr("bad.ts:5: dim_0 value 2 is missing ('?'): missing values are not "
                        "supported, an ImuBlock requires finite samples"));
}

TEST(TsReaderTest, EmptyDataIsAnError) {
  EXPECT_THAT(ErrorOf(absl::StrCat(kHeader, "# nothing\n\n")),
              HasSubstr("bad.ts:8: no cases after @data"));
}

TEST(TsReaderTest, SampleRateMustBeUsable) {
  for (const double rate : {0.0, -1.0, 2e6, std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_THAT(ErrorOf(absl::StrCat(kHeader, "1,2,3:4,5,6:a\n"), AtRate(rate)),
                HasSubstr("sample_rate_hz must be in (0, 1e6]"));
  }
  EXPECT_THAT(ErrorOf("@classLabel false\n@data\n1,2,3\n", AtRate(1e-13)),
              HasSubstr("bad.ts:3: case of 3 samples at 1e-13 Hz overflows"));
}

TEST(TsReaderTest, NoCrashOnOddInput) {
  for (const char* text :
       {"@", "@ \n", "@data", "@classLabel", "@classLabel true\t", ":", "\n\n\r\n", "#",
        "@classLabel true a\n@data\n:", "@classLabel true a\n@data\n:::::a",
        "@classLabel false\n@data\n,,,", "@timeStamps true\n@classLabel false\n@data\n(",
        "@timeStamps true\n@classLabel false\n@data\n()", "@timeStamps true\n@classLabel "
        "false\n@data\n(,)", "@timeStamps true\n@classLabel false\n@data\n)(:)(",
        "@classLabel false\n@data\n\xff\xfe", "@dimensions 99999999999999999999"}) {
    EXPECT_FALSE(ParseTs(text, "odd.ts").ok()) << text;
  }
}

TEST(TsReaderTest, ReadTsFileReportsMissingFile) {
  const absl::StatusOr<TimeSeriesDataset> data = ReadTsFile("/nonexistent/x.ts");
  EXPECT_EQ(data.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace sentio
