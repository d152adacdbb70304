#include "sensing/csv_reader.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The error message of parsing `text` as "bad.csv"; empty when it parses.
std::string ErrorOf(absl::string_view text) {
  return std::string(ParseCsv(text, "bad.csv").status().message());
}

TEST(CsvReaderTest, ReadsNumericAndNominalColumns) {
  const absl::StatusOr<Dataset> data = ParseCsv(
      "temperature,outlook,windy,play\n"
      "20.5,sunny,1,yes\n"
      "-3,rainy,0,no\n"
      "1e1,sunny,1,yes\n",
      "data/weather.csv");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->relation, "weather");
  ASSERT_EQ(data->num_attributes(), 4);
  EXPECT_EQ(data->attributes[0].name, "temperature");
  EXPECT_EQ(data->attributes[0].type, AttributeType::kNumeric);
  EXPECT_EQ(data->attributes[1].type, AttributeType::kNominal);
  EXPECT_THAT(data->attributes[1].values, ElementsAre("sunny", "rainy"));
  EXPECT_EQ(data->attributes[2].type, AttributeType::kNumeric);
  EXPECT_EQ(data->class_index, 3);
  EXPECT_THAT(data->class_attribute().values, ElementsAre("yes", "no"));
  ASSERT_EQ(data->num_instances(), 3);
  EXPECT_THAT(data->instances[0].values, ElementsAre(20.5, 0, 1, 0));
  EXPECT_THAT(data->instances[1].values, ElementsAre(-3, 1, 0, 1));
  EXPECT_THAT(data->instances[2].values, ElementsAre(10, 0, 1, 0));
  EXPECT_EQ(data->instances[0].weight, 1.0);
  EXPECT_TRUE(data->ValidateForClassification().ok());
}

TEST(CsvReaderTest, ClassIsNominalEvenWhenNumeric) {
  const absl::StatusOr<Dataset> data = ParseCsv("x,digit\n0.5,7\n1.5,3\n2.5,7\n", "digits.csv");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->class_attribute().type, AttributeType::kNominal);
  EXPECT_THAT(data->class_attribute().values, ElementsAre("7", "3"));
  EXPECT_EQ(data->ClassOf(1), 1);
  EXPECT_EQ(data->ClassOf(2), 0);
}

TEST(CsvReaderTest, NamedClassColumnIsNominalAndGoesLast) {
  CsvReadOptions options;
  options.class_column = "activity";
  const absl::StatusOr<Dataset> data =
      ParseCsv("x,activity,y\n0.5,1,2\n1.5,2,3\n2.5,1,4\n", "acc.csv", options);
  ASSERT_TRUE(data.ok()) << data.status();
  ASSERT_EQ(data->num_attributes(), 3);
  EXPECT_EQ(data->attributes[0].name, "x");
  EXPECT_EQ(data->attributes[1].name, "y");
  EXPECT_EQ(data->class_attribute().name, "activity");
  EXPECT_EQ(data->class_index, 2);
  EXPECT_EQ(data->class_attribute().type, AttributeType::kNominal);
  EXPECT_THAT(data->class_attribute().values, ElementsAre("1", "2"));
  EXPECT_THAT(data->instances[1].values, ElementsAre(1.5, 3, 1));
  EXPECT_TRUE(data->ValidateForClassification().ok());
}

TEST(CsvReaderTest, UnknownClassColumnNamesTheColumns) {
  CsvReadOptions options;
  options.class_column = "label";
  EXPECT_THAT(ParseCsv("x,activity\n1,a\n", "acc.csv", options).status().message(),
              HasSubstr("acc.csv:1: --class=label: no such column (the header has x, activity)"));
}

TEST(CsvReaderTest, TabSeparated) {
  CsvReadOptions options;
  options.separator = '\t';
  const absl::StatusOr<Dataset> data = ParseCsv("x\tclass\n1,5\ta\n", "t.tsv", options);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_THAT(data->attributes[0].values, ElementsAre("1,5"));
}

TEST(CsvReaderTest, EmptyFieldsAndQuestionMarksAreMissing) {
  const absl::StatusOr<Dataset> data =
      ParseCsv("size,colour,class\n,red,a\n2,?,?\n?,,b\n", "missing.csv");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->attributes[0].type, AttributeType::kNumeric);
  EXPECT_THAT(data->attributes[1].values, ElementsAre("red"));
  EXPECT_THAT(data->class_attribute().values, ElementsAre("a", "b"));
  EXPECT_TRUE(IsMissing(data->instances[0].values[0]));
  EXPECT_EQ(data->instances[1].values[0], 2);
  EXPECT_TRUE(IsMissing(data->instances[1].values[1]));
  EXPECT_EQ(data->ClassOf(1), -1);
  EXPECT_TRUE(IsMissing(data->instances[2].values[1]));
}

TEST(CsvReaderTest, NonFiniteOrMixedValuesMakeAColumnNominal) {
  const absl::StatusOr<Dataset> data =
      ParseCsv("a,b,c,class\n1,nan,0x10,x\n2,3,4,y\nthree,inf,5,x\n", "mixed.csv");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_THAT(data->attributes[0].values, ElementsAre("1", "2", "three"));
  EXPECT_THAT(data->attributes[1].values, ElementsAre("nan", "3", "inf"));
  EXPECT_THAT(data->attributes[2].values, ElementsAre("0x10", "4", "5"));
  for (int a = 0; a < 3; ++a) EXPECT_EQ(data->attributes[a].type, AttributeType::kNominal);
}

TEST(CsvReaderTest, QuotedFieldsFollowRfc4180) {
  const absl::StatusOr<Dataset> data = ParseCsv(
      "\"name, full\",\"say \"\"hi\"\"\",class\n"
      "\"Smith, J\", \"two\nlines\" ,\" spaced \"\n"
      "  plain  ,\"\",\"a\"\n",
      "quotes.csv");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->attributes[0].name, "name, full");
  EXPECT_EQ(data->attributes[1].name, "say \"hi\"");
  EXPECT_THAT(data->attributes[0].values, ElementsAre("Smith, J", "plain"));
  EXPECT_THAT(data->attributes[1].values, ElementsAre("two\nlines"));
  EXPECT_TRUE(IsMissing(data->instances[1].values[1]));
  EXPECT_THAT(data->class_attribute().values, ElementsAre(" spaced ", "a"));
}

TEST(CsvReaderTest, HandlesCrlfAndBlankLines) {
  const absl::StatusOr<Dataset> data =
      ParseCsv("x,class\r\n1,a\r\n\r\n2,\"b\r\nc\"\r\n", "crlf.csv");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->num_instances(), 2);
  EXPECT_THAT(data->class_attribute().values, ElementsAre("a", "b\nc"));
  EXPECT_THAT(data->instances[1].values, ElementsAre(2, 1));
}

TEST(CsvReaderTest, StructureErrorsNameFileAndLine) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("bad.csv:1: empty file"));
  EXPECT_THAT(ErrorOf("\n  \r\n"), HasSubstr("bad.csv:1: empty file"));
  EXPECT_THAT(ErrorOf("\nclass\n1\n"),
              HasSubstr("bad.csv:2: the header has 1 column; at least one attribute and the class "
                        "are needed"));
  EXPECT_THAT(ErrorOf("x,y,x\n1,2,a\n"),
              HasSubstr("bad.csv:1: duplicate column name 'x' (columns 1 and 3)"));
  EXPECT_THAT(ErrorOf("x,,class\n1,2,a\n"), HasSubstr("bad.csv:1: column 2 has no name"));
  EXPECT_THAT(ErrorOf("x,class\n\n"), HasSubstr("bad.csv:1: no data rows after the header"));
  EXPECT_THAT(ErrorOf("x,class\n1,a\n2,b,c\n"),
              HasSubstr("bad.csv:3: row has 3 fields, the header (line 1) has 2"));
  EXPECT_THAT(ErrorOf("x,class\n1,a\n2\n"), HasSubstr("bad.csv:3: row has 1 fields"));
}

TEST(CsvReaderTest, QuoteErrorsNameFileAndLine) {
  EXPECT_THAT(ErrorOf("x,class\n1,a\n2,\"b\n3,c\n"), HasSubstr("bad.csv:3: unterminated quote"));
  EXPECT_THAT(ErrorOf("x,class\n1,\"a\"b\n"),
              HasSubstr("bad.csv:2: unexpected 'b' after the closing quote of field 2"));
}

TEST(CsvReaderTest, ReadCsvFileReportsMissingFile) {
  EXPECT_EQ(ReadCsvFile("/nonexistent/x.csv").status().code(), absl::StatusCode::kNotFound);
}

TEST(CsvReaderTest, NoCrashOnOddInput) {
  for (const char* text :
       {"\"", ",", ",\n,", "\"\"\"", "a,b\n\"", "a,b\n,\"\"\"", "\xff,\xfe\n1,2", "a,b\n\",\"\n"}) {
    const absl::StatusOr<Dataset> data = ParseCsv(text, "odd.csv");
    if (!data.ok()) {
      EXPECT_THAT(data.status().message(), HasSubstr("odd.csv:")) << text;
    }
  }
}

}  // namespace
}  // namespace sentio
