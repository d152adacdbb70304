#include "sensing/arff_reader.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Lines 1-4: a numeric attribute x and a nominal class c; data rows start on line 5.
constexpr char kHeader[] =
    "@relation r\n"
    "@attribute x numeric\n"
    "@attribute c {a, b}\n"
    "@data\n";

// The message of the error ParseArff gives for `text`, read as t.arff; fails the test when the
// text parses or fails with another code.
std::string ErrorOf(const std::string& text) {
  const absl::StatusOr<Dataset> dataset = ParseArff(text, "t.arff");
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument) << dataset.status();
  return std::string(dataset.status().message());
}

// The error for a data row `row` on line 5, under kHeader.
std::string RowErrorOf(const std::string& row) { return ErrorOf(absl::StrCat(kHeader, row, "\n")); }

TEST(ArffReaderTest, ReadsRelationAttributesAndDenseRows) {
  const absl::StatusOr<Dataset> dataset =
      ParseArff(absl::StrCat(kHeader, "1.5,a\n-2,b\n"), "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->relation, "r");
  ASSERT_EQ(dataset->num_attributes(), 2);
  EXPECT_EQ(dataset->attributes[0].name, "x");
  EXPECT_EQ(dataset->attributes[0].type, AttributeType::kNumeric);
  EXPECT_EQ(dataset->attributes[1].type, AttributeType::kNominal);
  EXPECT_THAT(dataset->attributes[1].values, ElementsAre("a", "b"));
  EXPECT_EQ(dataset->class_index, 1);
  ASSERT_EQ(dataset->num_instances(), 2);
  EXPECT_THAT(dataset->instances[0].values, ElementsAre(1.5, 0));
  EXPECT_THAT(dataset->instances[1].values, ElementsAre(-2, 1));
  EXPECT_EQ(dataset->instances[0].weight, 1.0);
  EXPECT_TRUE(dataset->ValidateForClassification().ok());
}

TEST(ArffReaderTest, KeywordsAndTypeNamesAreCaseInsensitive) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      "@RELATION R\n@Attribute a REAL\n@ATTRIBUTE b Integer\n@attribute c NUMERIC\n"
      "@attribute d String\n@attribute e DATE\n@attribute f {x}\n@DaTa\n",
      "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  std::vector<AttributeType> types;
  for (const Attribute& attribute : dataset->attributes) types.push_back(attribute.type);
  EXPECT_THAT(types,
              ElementsAre(AttributeType::kNumeric, AttributeType::kNumeric, AttributeType::kNumeric,
                          AttributeType::kString, AttributeType::kDate, AttributeType::kNominal));
}

TEST(ArffReaderTest, SkipsCommentsBlankLinesByteOrderMarkAndCarriageReturns) {
  const std::string text =
      "\xEF\xBB\xBF% a comment before the relation\r\n"
      "\r\n"
      "@relation r\r\n"
      "   % an indented comment\r\n"
      "@attribute x numeric\r\n"
      "\t\r\n"
      "@attribute c {a, b}\r\n"
      "@data\r\n"
      "% a comment among the rows\r\n"
      "1,a\r\n"
      "\r\n"
      "2,b\r\n";
  const absl::StatusOr<Dataset> dataset = ParseArff(text, "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_THAT(dataset->attributes[1].values, ElementsAre("a", "b"));
  ASSERT_EQ(dataset->num_instances(), 2);
  EXPECT_THAT(dataset->instances[1].values, ElementsAre(2, 1));
  // Line numbers in errors count the comment and blank lines.
  EXPECT_THAT(ErrorOf(text + "3,z\r\n"), HasSubstr("t.arff:13: nominal value 'z'"));
}

TEST(ArffReaderTest, ReadsQuotedNamesAndValuesWithEscapes) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      "@relation 'my relation'\n"
      "@attribute \"full name\" string\n"
      "@attribute 'it\\'s' {'a b', \"c,d\", 'e\\\\f', plain}\n"
      "@data\n"
      "'O\\'Brien\\tJr', 'a b'\n"
      "\"say \\\"hi\\\"\\n\", \"c,d\"\n"
      "'x', 'e\\\\f'\n"
      "'', plain\n",
      "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->relation, "my relation");
  EXPECT_EQ(dataset->attributes[0].name, "full name");
  EXPECT_EQ(dataset->attributes[1].name, "it's");
  EXPECT_THAT(dataset->attributes[1].values, ElementsAre("a b", "c,d", "e\\f", "plain"));
  EXPECT_THAT(dataset->attributes[0].values, ElementsAre("O'Brien\tJr", "say \"hi\"\n", "x", ""));
  ASSERT_EQ(dataset->num_instances(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_THAT(dataset->instances[i].values, ElementsAre(i, i)) << "row " << i;
  }
}

TEST(ArffReaderTest, NominalListsNeedNoSpaceBeforeTheBrace) {
  const absl::StatusOr<Dataset> dataset =
      ParseArff("@relation r\n@attribute c{ 'x y' ,z}\n@data\nz\n'x y'\n", "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_THAT(dataset->attributes[0].values, ElementsAre("x y", "z"));
  EXPECT_THAT(dataset->instances[0].values, ElementsAre(1));
  EXPECT_THAT(dataset->instances[1].values, ElementsAre(0));
}

TEST(ArffReaderTest, QuestionMarkIsMissingButQuotedQuestionMarkIsALabel) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      "@relation r\n@attribute x numeric\n@attribute c {'?', a}\n@data\n?, ?\n1, '?'\n", "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_TRUE(IsMissing(dataset->instances[0].values[0]));
  EXPECT_TRUE(IsMissing(dataset->instances[0].values[1]));
  EXPECT_EQ(dataset->ClassOf(0), -1);
  EXPECT_EQ(dataset->instances[1].values[1], 0);
}

TEST(ArffReaderTest, StringValuesAreInternedInOrderOfAppearance) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      "@relation r\n@attribute s string\n@data\nhello\n'big world'\nhello\n?\n", "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_THAT(dataset->attributes[0].values, ElementsAre("hello", "big world"));
  ASSERT_EQ(dataset->num_instances(), 4);
  EXPECT_EQ(dataset->instances[0].values[0], 0);
  EXPECT_EQ(dataset->instances[1].values[0], 1);
  EXPECT_EQ(dataset->instances[2].values[0], 0);
  EXPECT_TRUE(IsMissing(dataset->instances[3].values[0]));
}

TEST(ArffReaderTest, DatesUseTheDefaultPatternAsUtcMilliseconds) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      "@relation r\n@attribute d date\n@data\n2001-04-03T12:12:12\n'1969-12-31T23:59:59'\n?\n",
      "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->attributes[0].date_format, "yyyy-MM-dd'T'HH:mm:ss");
  EXPECT_EQ(dataset->instances[0].values[0], 986299932000.0);
  EXPECT_EQ(dataset->instances[1].values[0], -1000.0);
  EXPECT_TRUE(IsMissing(dataset->instances[2].values[0]));
}

TEST(ArffReaderTest, DatesFollowACustomPattern) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      "@relation r\n"
      "@attribute precise date \"yyyy-MM-dd HH:mm:ss.SSS\"\n"
      "@attribute spoken date 'dd/MM/yyyy \\'at\\' HH\\'h\\''\n"
      "@attribute compact date yyyyMMdd\n"
      "@data\n"
      "'2020-02-29 23:59:58.250', '5/11/2021 at 07h', 20191231\n",
      "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->attributes[1].date_format, "dd/MM/yyyy 'at' HH'h'");
  EXPECT_THAT(dataset->instances[0].values,
              ElementsAre(1583020798250.0, 1636095600000.0, 1577750400000.0));
}

TEST(ArffReaderTest, SparseRowsFillAbsentValuesLikeWeka) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      "@relation r\n@attribute x numeric\n@attribute s string\n@attribute d date\n"
      "@attribute c {a, b}\n@data\n"
      "{0 2.5, 3 b}\n"
      "{1 word}\n"
      "{ }\n"
      "{0 ?,3 ?}\n",
      "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->num_instances(), 4);
  // Absent: 0 for numbers and dates, the first label for nominals, "" for strings.
  EXPECT_THAT(dataset->attributes[1].values, ElementsAre("", "word"));
  EXPECT_THAT(dataset->instances[0].values, ElementsAre(2.5, 0, 0, 1));
  EXPECT_THAT(dataset->instances[1].values, ElementsAre(0, 1, 0, 0));
  EXPECT_THAT(dataset->instances[2].values, ElementsAre(0, 0, 0, 0));
  EXPECT_TRUE(IsMissing(dataset->instances[3].values[0]));
  EXPECT_TRUE(IsMissing(dataset->instances[3].values[3]));
}

TEST(ArffReaderTest, InstanceWeightsFollowDenseAndSparseRows) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      absl::StrCat(kHeader, "1, a, {0.5}\n2, b {3}\n{0 1}, {2}\n{1 b} { 4e-1 }\n3, a\n"), "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  std::vector<double> weights;
  for (const Instance& instance : dataset->instances) weights.push_back(instance.weight);
  EXPECT_THAT(weights, ElementsAre(0.5, 3, 2, 0.4, 1));
  EXPECT_THAT(dataset->instances[1].values, ElementsAre(2, 1));
  EXPECT_THAT(dataset->instances[3].values, ElementsAre(0, 1));
}

TEST(ArffReaderTest, ValuesMayHaveSpacesAndTabsAroundCommas) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      "@relation\tr\n@attribute\tx\tnumeric\n@attribute c\t{a,\tb}\n@data\n  1 ,\tb  \n", "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_THAT(dataset->instances[0].values, ElementsAre(1, 1));
}

TEST(ArffReaderTest, ReadsNumbersInDecimalAndScientificForms) {
  const absl::StatusOr<Dataset> dataset = ParseArff(
      "@relation r\n@attribute x numeric\n@data\n-1.5e3\n+2\n.5\n7.\n1E-2\n'42'\n", "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  std::vector<double> values;
  for (const Instance& instance : dataset->instances) values.push_back(instance.values[0]);
  EXPECT_THAT(values, ElementsAre(-1500, 2, 0.5, 7, 0.01, 42));
}

TEST(ArffReaderTest, TheLastAttributeIsTheClassEvenWhenNotNominal) {
  const absl::StatusOr<Dataset> dataset =
      ParseArff("@relation r\n@attribute c {a}\n@attribute y numeric\n@data\na, 1\n", "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->class_index, 1);
  EXPECT_FALSE(dataset->ValidateForClassification().ok());
}

TEST(ArffReaderTest, AcceptsAnEmptyDataSection) {
  const absl::StatusOr<Dataset> dataset = ParseArff(kHeader, "t.arff");
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->num_instances(), 0);
  EXPECT_EQ(dataset->num_attributes(), 2);
}

TEST(ArffReaderTest, RejectsAnEmptyFile) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("t.arff:1: the file is empty"));
  EXPECT_THAT(ErrorOf(" \n\t\n"), HasSubstr("t.arff:1: the file is empty"));
  EXPECT_THAT(ErrorOf("% only\n% comments\n"),
              HasSubstr("t.arff:1: missing @relation: the file holds only comments"));
}

TEST(ArffReaderTest, RejectsAMissingRelation) {
  EXPECT_THAT(ErrorOf("@attribute x numeric\n@data\n"),
              HasSubstr("t.arff:1: missing @relation before @attribute"));
  EXPECT_THAT(ErrorOf("\n1,2\n"), HasSubstr("t.arff:2: missing @relation before '1,2'"));
  EXPECT_THAT(ErrorOf("@relation\n"), HasSubstr("t.arff:1: expected a relation name"));
  EXPECT_THAT(ErrorOf("@relation a b\n"), HasSubstr("t.arff:1: unexpected 'b'"));
  EXPECT_THAT(ErrorOf("@relation a\n@relation b\n"), HasSubstr("t.arff:2: a second @relation"));
}

TEST(ArffReaderTest, RejectsAMissingDataSection) {
  EXPECT_THAT(ErrorOf("@relation r\n@attribute x numeric\n\n% end\n"),
              HasSubstr("t.arff:2: missing @data"));
  EXPECT_THAT(ErrorOf("@relation r\n"), HasSubstr("t.arff:1: missing @data"));
  EXPECT_THAT(ErrorOf("@relation r\n@data\n"), HasSubstr("t.arff:2: @data before any @attribute"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute x numeric\n@data 1\n"),
              HasSubstr("t.arff:3: unexpected '1' after @data"));
}

TEST(ArffReaderTest, RejectsDataBeforeTheDataKeyword) {
  EXPECT_THAT(ErrorOf("@relation r\n@attribute x numeric\n1\n@data\n"),
              HasSubstr("t.arff:3: data before @data: '1'"));
}

TEST(ArffReaderTest, RejectsUnknownKeywordsAndTypes) {
  EXPECT_THAT(ErrorOf("@relation r\n@attrib x numeric\n"),
              HasSubstr("t.arff:2: unknown keyword '@attrib'"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute x float\n"),
              HasSubstr("t.arff:2: unknown type 'float' for attribute 'x'"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute x\n"),
              HasSubstr("t.arff:2: expected a type for attribute 'x', found end of line"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute\n"),
              HasSubstr("t.arff:2: expected an attribute name"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute x numeric extra\n"),
              HasSubstr("t.arff:2: unexpected 'extra' after the type of attribute 'x'"));
}

TEST(ArffReaderTest, RejectsRelationalAttributes) {
  EXPECT_THAT(ErrorOf("@relation r\n@attribute bag relational\n@end bag\n"),
              HasSubstr("t.arff:2: relational attribute 'bag': relational attributes are not "
                        "supported"));
}

TEST(ArffReaderTest, RejectsUnterminatedQuotes) {
  EXPECT_THAT(ErrorOf("@relation 'r\n"),
              HasSubstr("t.arff:1: unterminated quote in a relation name"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute \"x numeric\n"),
              HasSubstr("t.arff:2: unterminated quote in an attribute name"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute c {'a, b}\n"),
              HasSubstr("t.arff:2: unterminated quote in a nominal label"));
  EXPECT_THAT(RowErrorOf("1, 'a"), HasSubstr("t.arff:5: unterminated quote in a value"));
  EXPECT_THAT(RowErrorOf("1, 'a\\'"), HasSubstr("t.arff:5: unterminated quote in a value"));
  EXPECT_THAT(RowErrorOf("1, 'a\\"), HasSubstr("t.arff:5: unterminated quote in a value"));
}

TEST(ArffReaderTest, RejectsMalformedNominalLists) {
  for (const char* declaration : {"{a,b", "{a,", "{a", "{ 'a' ,"}) {
    SCOPED_TRACE(declaration);
    EXPECT_THAT(ErrorOf(absl::StrCat("@relation r\n@attribute c ", declaration, "\n")),
                HasSubstr("t.arff:2: unterminated nominal list of attribute 'c': missing '}'"));
  }
  EXPECT_THAT(ErrorOf("@relation r\n@attribute c {}\n"),
              HasSubstr("t.arff:2: nominal attribute 'c' declares no labels"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute c {a b}\n"),
              HasSubstr("t.arff:2: expected ',' or '}' after label 'a' of attribute 'c'"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute c {a,}\n"),
              HasSubstr("t.arff:2: expected a nominal label, found '}'"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute c {a, b, 'a'}\n"),
              HasSubstr("t.arff:2: duplicate label 'a' in attribute 'c'"));
}

TEST(ArffReaderTest, RejectsDuplicateAttributeNames) {
  EXPECT_THAT(ErrorOf("@relation r\n@attribute x numeric\n@attribute 'x' {a}\n"),
              HasSubstr("t.arff:3: duplicate attribute name 'x'"));
}

TEST(ArffReaderTest, RejectsDenseRowsWithTheWrongNumberOfValues) {
  EXPECT_THAT(RowErrorOf("1"), HasSubstr("t.arff:5: expected 2 values, found 1"));
  EXPECT_THAT(RowErrorOf("1, a, b"), HasSubstr("t.arff:5: expected 2 values, found 3"));
  EXPECT_THAT(RowErrorOf("1,,a"), HasSubstr("t.arff:5: expected a value, found ',a'"));
  EXPECT_THAT(RowErrorOf("1,a,"), HasSubstr("t.arff:5: expected a value, found end of line"));
  EXPECT_THAT(RowErrorOf("1 a"), HasSubstr("t.arff:5: expected ',' after value '1'"));
}

TEST(ArffReaderTest, RejectsUndeclaredNominalValues) {
  EXPECT_THAT(RowErrorOf("1, foo"),
              HasSubstr("t.arff:5: nominal value 'foo' is not declared for attribute 'c'"));
  EXPECT_THAT(RowErrorOf("1, A"), HasSubstr("t.arff:5: nominal value 'A'"));
}

TEST(ArffReaderTest, RejectsNonNumericValuesForNumericAttributes) {
  for (const char* value :
       {"abc", "nan", "NaN", "inf", "-Infinity", "1e999", "0x10", "1.2.3", "--1", "''", "5e"}) {
    SCOPED_TRACE(value);
    EXPECT_THAT(RowErrorOf(absl::StrCat(value, ", a")), HasSubstr("t.arff:5: '"));
    EXPECT_THAT(RowErrorOf(absl::StrCat(value, ", a")), HasSubstr("' is not a number"));
  }
}

TEST(ArffReaderTest, RejectsSparseIndicesOutOfRangeOrNotIncreasing) {
  EXPECT_THAT(RowErrorOf("{2 1}"), HasSubstr("t.arff:5: sparse index 2 is out of range 0..1"));
  EXPECT_THAT(RowErrorOf("{-1 1}"), HasSubstr("t.arff:5: sparse index -1 is out of range"));
  EXPECT_THAT(RowErrorOf("{1 a, 0 1}"),
              HasSubstr("t.arff:5: sparse indices must increase: 0 after 1"));
  EXPECT_THAT(RowErrorOf("{0 1, 0 2}"),
              HasSubstr("t.arff:5: sparse indices must increase: 0 after 0"));
}

TEST(ArffReaderTest, RejectsMalformedSparseEntries) {
  EXPECT_THAT(RowErrorOf("{1}"),
              HasSubstr("t.arff:5: expected a value after sparse index 1, found '}'"));
  EXPECT_THAT(RowErrorOf("{x 1}"),
              HasSubstr("t.arff:5: malformed sparse entry: index 'x' is not an integer"));
  EXPECT_THAT(RowErrorOf("{1.5 a}"), HasSubstr("t.arff:5: malformed sparse entry: index '1.5'"));
  EXPECT_THAT(RowErrorOf("{'0' 1}"), HasSubstr("t.arff:5: malformed sparse entry: index '0'"));
  EXPECT_THAT(RowErrorOf("{0 1 1 a}"), HasSubstr("t.arff:5: malformed sparse entry '0 1'"));
  EXPECT_THAT(RowErrorOf("{0 1,}"), HasSubstr("t.arff:5: expected a sparse entry"));
  EXPECT_THAT(RowErrorOf("{0 1"), HasSubstr("t.arff:5: unterminated sparse row"));
  EXPECT_THAT(RowErrorOf("{0 1} x"), HasSubstr("t.arff:5: expected an instance weight"));
  EXPECT_THAT(RowErrorOf("{0 x}"), HasSubstr("t.arff:5: 'x' is not a number"));
}

TEST(ArffReaderTest, RefusesDataBeyondTheValueLimit) {
  const std::string text =
      "@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute c numeric\n@data\n"
      "{}\n{0 1}\n{2 5}\n";
  EXPECT_TRUE(ParseArff(text, "t.arff", 9).ok());
  EXPECT_THAT(ParseArff(text, "t.arff", 8).status().message(),
              HasSubstr("t.arff:8: the data come to more than 8 values (3 rows x 3 attributes"));
}

TEST(ArffReaderTest, RejectsBadDates) {
  const std::string header = "@relation r\n@attribute d date 'yyyy-MM-dd HH:mm'\n@data\n";
  for (const char* date : {"2021-13-01 00:00", "2021-02-29 00:00", "2021-01-01 24:00",
                           "2021-01-01 10:60", "2021/01/01 10:00", "2021-01-01 10:00:00",
                           "2021-01-01", "", "yesterday", "2021-01-01T10:00"}) {
    SCOPED_TRACE(date);
    EXPECT_THAT(ErrorOf(absl::StrCat(header, "'", date, "'\n")), HasSubstr("t.arff:4: bad date '"));
  }
  EXPECT_THAT(ErrorOf(absl::StrCat(header, "'2021-00-10 10:00'\n")),
              HasSubstr("t.arff:4: bad date '2021-00-10 10:00' for attribute 'd': expected the "
                        "format 'yyyy-MM-dd HH:mm'"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute d date yyyyMMdd\n@data\n20210\n"),
              HasSubstr("t.arff:4: bad date '20210'"));
}

TEST(ArffReaderTest, RejectsUnsupportedDatePatterns) {
  EXPECT_THAT(ErrorOf("@relation r\n@attribute d date 'yyyy-MM-dd z'\n"),
              HasSubstr("t.arff:2: bad date pattern 'yyyy-MM-dd z' for attribute 'd': "
                        "unsupported field 'z'"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute d date 'yy-MM-dd'\n"),
              HasSubstr("t.arff:2: bad date pattern 'yy-MM-dd'"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute d date 'dd MMM yyyy'\n"),
              HasSubstr("t.arff:2: bad date pattern 'dd MMM yyyy'"));
  EXPECT_THAT(ErrorOf("@relation r\n@attribute d date \"yyyy'T\"\n"),
              HasSubstr("t.arff:2: bad date pattern 'yyyy'T' for attribute 'd': unterminated "
                        "quote"));
}

TEST(ArffReaderTest, QuotedNumbersMayCarrySpacesLikeJavasDoubleValueOf) {
  auto data = ParseArff(kHeader + std::string("' 1.5 ', a\n"), "t.arff");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->instances[0].values[0], 1.5);
}

TEST(ArffReaderTest, RejectsBadInstanceWeights) {
  for (const char* weight : {"{abc}", "{-1}", "{0}", "{nan}"}) {
    SCOPED_TRACE(weight);
    EXPECT_THAT(RowErrorOf(absl::StrCat("1, a, ", weight)),
                HasSubstr("': must be a positive number"));
  }
  EXPECT_THAT(RowErrorOf("1, a, {-1}"),
              HasSubstr("t.arff:5: bad instance weight '-1': must be a positive number"));
  EXPECT_THAT(RowErrorOf("1, a, {1"), HasSubstr("t.arff:5: bad instance weight '1': expected '}'"));
  EXPECT_THAT(RowErrorOf("1, a, {1 2}"), HasSubstr("t.arff:5: bad instance weight '1'"));
  EXPECT_THAT(RowErrorOf("1, a, {1} x"),
              HasSubstr("t.arff:5: unexpected 'x' after the instance weight"));
  EXPECT_THAT(RowErrorOf("1, a, {"),
              HasSubstr("t.arff:5: expected an instance weight, found end of line"));
  EXPECT_THAT(RowErrorOf("1, a, {}"), HasSubstr("t.arff:5: expected an instance weight"));
}

TEST(ArffReaderTest, NothingCrashesOnTruncatedOrMutatedInput) {
  const std::string valid =
      "% comment\n@relation 'r r'\n@attribute x numeric\n@attribute s string\n"
      "@attribute d date 'yyyy-MM-dd\\'T\\'HH'\n@attribute c {a, 'b c'}\n@data\n"
      "1.5, 'it\\'s', '2020-01-02T03', a, {2}\n{0 -1, 1 \"q\", 3 'b c'} {0.5}\n?,?,?,?\n";
  ASSERT_TRUE(ParseArff(valid, "t.arff").ok());
  auto expect_ok_or_invalid = [](const std::string& text) {
    const absl::Status status = ParseArff(text, "t.arff").status();
    EXPECT_TRUE(status.ok() || status.code() == absl::StatusCode::kInvalidArgument) << status;
  };
  for (size_t length = 0; length <= valid.size(); ++length) {
    expect_ok_or_invalid(valid.substr(0, length));
  }
  for (size_t i = 0; i < valid.size(); ++i) {
    for (char replacement : {'\'', '"', '\\', '{', '}', ',', '?', '%', '\n', ' ', '\0', '\xff'}) {
      std::string mutated = valid;
      mutated[i] = replacement;
      expect_ok_or_invalid(mutated);
    }
  }
}

TEST(ArffReaderTest, ReadArffFileNamesAPathItCannotOpen) {
  const absl::StatusOr<Dataset> dataset = ReadArffFile("/nonexistent/dir/missing.arff");
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(dataset.status().message(), HasSubstr("'/nonexistent/dir/missing.arff'"));
}

TEST(ArffReaderTest, ReadArffFileReadsAFileAndNamesItInErrors) {
  const char* tmpdir = std::getenv("TEST_TMPDIR");
  const std::string directory = tmpdir != nullptr ? tmpdir : "/tmp";
  const std::string good_path = directory + "/good.arff";
  const std::string bad_path = directory + "/bad.arff";
  std::ofstream(good_path) << kHeader << "1, a\n";
  std::ofstream(bad_path) << kHeader << "1, z\n";

  const absl::StatusOr<Dataset> good = ReadArffFile(good_path);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->num_instances(), 1);
  const absl::Status bad = ReadArffFile(bad_path).status();
  EXPECT_THAT(bad.message(), HasSubstr(absl::StrCat(bad_path, ":5: nominal value 'z'")));
}

}  // namespace
}  // namespace sentio
