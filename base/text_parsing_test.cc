#include "base/text_parsing.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(SplitLinesTest, SplitsUnixAndWindowsLineEnds) {
  EXPECT_THAT(SplitLines("a\nb\r\nc"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(SplitLines("a\r\n\r\nb\r\n"), ElementsAre("a", "", "b"));
}

TEST(SplitLinesTest, FinalLineEndStartsNoLine) {
  EXPECT_THAT(SplitLines("a\n"), ElementsAre("a"));
  EXPECT_THAT(SplitLines("a\n\n"), ElementsAre("a", ""));
  EXPECT_THAT(SplitLines(""), IsEmpty());
}

TEST(SplitLinesTest, DropsByteOrderMark) {
  EXPECT_THAT(SplitLines("\xEF\xBB\xBFname,class\n"), ElementsAre("name,class"));
}

TEST(ParseFiniteDoubleTest, ParsesWholeNumbers) {
  EXPECT_EQ(ParseFiniteDouble("0.079106"), 0.079106);
  EXPECT_EQ(ParseFiniteDouble(" -1.5e3 "), -1500.0);
  EXPECT_EQ(ParseFiniteDouble("+2"), 2.0);
}

TEST(ParseFiniteDoubleTest, RejectsEverythingElse) {
  for (const char* text : {"", " ", "1.5x", "1,5", "abc", "nan", "NaN", "inf", "-Infinity", "1e999",
                           "0x10", "0x1p3", "--1", "1e", "."}) {
    EXPECT_EQ(ParseFiniteDouble(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(ErrorAtTest, NamesFileAndLine) {
  const absl::Status error = ErrorAt("walk.ts", 14, "bad value");
  EXPECT_EQ(error.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(error.message(), "walk.ts:14: bad value");
}

TEST(FileStemTest, DropsFoldersAndExtension) {
  EXPECT_EQ(FileStem("data/weather.csv"), "weather");
  EXPECT_EQ(FileStem("weather.nominal.csv"), "weather.nominal");
  EXPECT_EQ(FileStem("weather"), "weather");
  EXPECT_EQ(FileStem("/tmp/.hidden"), ".hidden");
}

}  // namespace
}  // namespace sentio
