#include "apps/command_line.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(CommandLineTest, TypedGettersAndDefaults) {
  auto flags = CommandLine::Parse({"--data=a b.arff", "--folds=5", "--rate=2.5", "--verbose"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(*flags->GetRequired("data"), "a b.arff");
  EXPECT_EQ(*flags->GetInt("folds", 10), 5);
  EXPECT_EQ(*flags->GetInt("seed", 1), 1);
  EXPECT_EQ(*flags->GetDouble("rate", 1), 2.5);
  EXPECT_EQ(flags->GetString("verbose", "false"), "true");
  EXPECT_EQ(flags->GetString("missing", "fallback"), "fallback");
  EXPECT_TRUE(flags->Has("data"));
  EXPECT_FALSE(flags->Has("test"));
  EXPECT_THAT(flags->Unread(), IsEmpty());
}

TEST(CommandLineTest, ValueMayContainEquals) {
  auto flags = CommandLine::Parse({"--expr=a=b"});
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(flags->GetString("expr", ""), "a=b");
}

TEST(CommandLineTest, UnreadFlagsAreListed) {
  auto flags = CommandLine::Parse({"--data=x", "--k=3", "--fodls=2"});
  ASSERT_TRUE(flags.ok());
  flags->GetString("data", "");
  EXPECT_THAT(flags->Unread(), ElementsAre(Pair("fodls", "2"), Pair("k", "3")));
  EXPECT_THAT(flags->CheckAllRead().message(), HasSubstr("unknown flag --fodls"));
  flags->GetString("fodls", "");
  flags->GetString("k", "");
  EXPECT_TRUE(flags->CheckAllRead().ok());
}

TEST(CommandLineTest, ErrorsNameTheFlag) {
  EXPECT_THAT(CommandLine::Parse({"data.arff"}).status().message(),
              HasSubstr("unexpected argument 'data.arff'"));
  EXPECT_FALSE(CommandLine::Parse({"--"}).ok());
  EXPECT_THAT(CommandLine::Parse({"--k=1", "--k=2"}).status().message(),
              HasSubstr("--k is given twice"));
  auto flags = CommandLine::Parse({"--folds=ten", "--rate=nan", "--data="});
  ASSERT_TRUE(flags.ok());
  EXPECT_THAT(flags->GetInt("folds", 10).status().message(),
              HasSubstr("--folds=ten is not an integer"));
  EXPECT_THAT(flags->GetDouble("rate", 1).status().message(), HasSubstr("--rate=nan is not a number"));
  EXPECT_THAT(flags->GetRequired("data").status().message(), HasSubstr("missing required flag --data"));
  EXPECT_FALSE(flags->GetRequired("test").ok());
}

}  // namespace
}  // namespace sentio
