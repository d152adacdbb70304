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
  EXPECT_THAT(*flags->Unread(), IsEmpty());
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
  EXPECT_THAT(*flags->Unread(), ElementsAre(Pair("fodls", "2"), Pair("k", "3")));
  EXPECT_THAT(flags->CheckAllRead().message(), HasSubstr("unknown flag --fodls"));
  flags->GetString("fodls", "");
  flags->GetString("k", "");
  EXPECT_TRUE(flags->CheckAllRead().ok());
}

TEST(CommandLineTest, UnknownFlagNamesTheClosestAndEveryAcceptedOne) {
  auto flags = CommandLine::Parse({"--windw=3"});
  ASSERT_TRUE(flags.ok());
  flags->GetString("data", "");
  flags->GetString("window", "");
  flags->GetString("hop", "");
  EXPECT_EQ(flags->CheckAllRead().message(),
            "unknown flag --windw (did you mean --window?); this command takes --data, --hop, "
            "--window");
  auto far = CommandLine::Parse({"--colour=red"});
  ASSERT_TRUE(far.ok());
  far->GetString("data", "");
  EXPECT_EQ(far->CheckAllRead().message(), "unknown flag --colour; this command takes --data");
}

TEST(CommandLineTest, ErrorsNameTheFlag) {
  EXPECT_THAT(CommandLine::Parse({"data.arff"}).status().message(),
              HasSubstr("unexpected argument 'data.arff'"));
  EXPECT_FALSE(CommandLine::Parse({"--"}).ok());
  auto twice = CommandLine::Parse({"--k=1", "--k=2"});
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(*twice->GetInt("k", 0), 1);
  EXPECT_THAT(twice->CheckAllRead().message(), HasSubstr("--k is given twice"));
  EXPECT_THAT(twice->Unread().status().message(), HasSubstr("--k is given twice"));
  auto flags = CommandLine::Parse({"--folds=ten", "--rate=nan", "--data="});
  ASSERT_TRUE(flags.ok());
  EXPECT_THAT(flags->GetInt("folds", 10).status().message(),
              HasSubstr("--folds=ten is not an integer"));
  EXPECT_THAT(flags->GetDouble("rate", 1).status().message(),
              HasSubstr("--rate=nan is not a number"));
  EXPECT_THAT(flags->GetRequired("data").status().message(),
              HasSubstr("missing required flag --data"));
  EXPECT_FALSE(flags->GetRequired("test").ok());
}

TEST(CommandLineTest, RepeatableFlagKeepsEveryValueInOrder) {
  auto flags = CommandLine::Parse({"--set=a.x=1", "--graph=g", "--set=b.y=two"});
  ASSERT_TRUE(flags.ok());
  EXPECT_THAT(flags->GetAll("set"), ElementsAre("a.x=1", "b.y=two"));
  EXPECT_THAT(flags->GetAll("absent"), IsEmpty());
  flags->GetString("graph", "");
  EXPECT_TRUE(flags->CheckAllRead().ok());
}

}  // namespace
}  // namespace sentio
