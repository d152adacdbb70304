#include "sensing/csv_records.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CsvRecordsTest, SplitsTabSeparatedFieldsKeepingCommas) {
  const absl::StatusOr<CsvTable> table =
      ParseCsvTable("t\tnote\n0.5\ta, b\n1.0\t\"x\ty\"\n", "log.tsv", '\t');
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->header.fields, ElementsAre("t", "note"));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_THAT(table->rows[0].fields, ElementsAre("0.5", "a, b"));
  EXPECT_THAT(table->rows[1].fields, ElementsAre("1.0", "x\ty"));
  EXPECT_EQ(table->rows[1].line, 3);
  EXPECT_EQ(table->ColumnOf("note"), 1);
  EXPECT_EQ(table->ColumnOf("Note"), -1);
}

TEST(CsvRecordsTest, SeparatorFollowsTheFileName) {
  EXPECT_EQ(SeparatorForPath("a/b.csv"), ',');
  EXPECT_EQ(SeparatorForPath("a/b.TSV"), '\t');
  EXPECT_EQ(SeparatorForPath("b.tab"), '\t');
  EXPECT_EQ(SeparatorForPath("b.txt"), ',');
}

TEST(CsvRecordsTest, MissingFields) {
  EXPECT_TRUE(IsMissingField(""));
  EXPECT_TRUE(IsMissingField("?"));
  EXPECT_FALSE(IsMissingField("0"));
}

TEST(CsvRecordsTest, MissingColumnErrorNamesOptionAndColumns) {
  const absl::StatusOr<CsvTable> table = ParseCsvTable("\nt,x\n1,2\n", "log.csv", ',');
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(MissingColumnError("log.csv", *table, "time", "--time").message(),
              HasSubstr("log.csv:2: --time=time: no such column (the header has t, x)"));
}

TEST(CsvRecordsTest, RowsMustBeAsWideAsTheHeader) {
  EXPECT_THAT(ParseCsvTable("a\tb\n1\t2\t3\n", "w.tsv", '\t').status().message(),
              HasSubstr("w.tsv:2: row has 3 fields, the header (line 1) has 2"));
}

}  // namespace
}  // namespace sentio
