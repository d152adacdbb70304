#include "cnn/import/darknet_cfg.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(DarknetCfgTest, ReadsSectionsOptionsAndSkipsComments) {
  const char kCfg[] =
      "# a comment\n"
      "[net]\n"
      "width = 32\r\n"
      "; another comment\n"
      "\n"
      "[yolo]\n"
      "mask = 0, 2\n"
      "anchors = 1.5,2 , 3,4\n"
      "activation=leaky\n";
  absl::StatusOr<std::vector<DarknetSection>> sections = ParseDarknetCfg(kCfg, "a.cfg");
  ASSERT_TRUE(sections.ok()) << sections.status();
  ASSERT_EQ(sections->size(), 2u);
  EXPECT_EQ((*sections)[0].type, "net");
  EXPECT_EQ((*sections)[1].type, "yolo");
  EXPECT_EQ((*sections)[1].line, 6);

  SectionOptions net((*sections)[0], "a.cfg");
  EXPECT_EQ(net.RequiredInt("width").value(), 32);
  EXPECT_EQ(net.Int("height", 7).value(), 7);
  EXPECT_THAT(net.RequiredInt("channels").status().message(),
              HasSubstr("a.cfg:2: [net] needs 'channels'"));

  SectionOptions yolo((*sections)[1], "a.cfg");
  EXPECT_THAT(yolo.Ints("mask").value(), ElementsAre(0, 2));
  EXPECT_THAT(yolo.Floats("anchors").value(), ElementsAre(1.5f, 2, 3, 4));
  EXPECT_THAT(yolo.CheckAllUnderstood({}).message(),
              HasSubstr("a.cfg:9: unknown key 'activation' in [yolo]"));
  EXPECT_TRUE(yolo.CheckAllUnderstood({"activation"}).ok());
  EXPECT_EQ(yolo.String("activation", "linear").value(), "leaky");
  EXPECT_TRUE(yolo.CheckAllUnderstood({}).ok());
}

TEST(DarknetCfgTest, BadValuesNameTheirLine) {
  absl::StatusOr<std::vector<DarknetSection>> sections =
      ParseDarknetCfg("[net]\nwidth=3x\nscale=abc\nlayers=1,,2\n", "b.cfg");
  ASSERT_TRUE(sections.ok());
  SectionOptions net((*sections)[0], "b.cfg");
  EXPECT_THAT(net.Int("width", 0).status().message(),
              HasSubstr("b.cfg:2: [net] width=3x is not an integer"));
  EXPECT_THAT(net.Float("scale", 0).status().message(), HasSubstr("b.cfg:3:"));
  EXPECT_THAT(net.Ints("layers").status().message(), HasSubstr("b.cfg:4:"));
  EXPECT_THAT(net.Floats("layers").status().message(), HasSubstr("not a list of numbers"));
}

TEST(DarknetCfgTest, MalformedLinesAreErrorsWithTheirLine) {
  EXPECT_THAT(ParseDarknetCfg("[net]\nwidth\n", "c.cfg").status().message(),
              HasSubstr("c.cfg:2: expected key=value, found 'width'"));
  EXPECT_THAT(ParseDarknetCfg("[net]\n=3\n", "c.cfg").status().message(),
              HasSubstr("c.cfg:2: expected key=value"));
  EXPECT_THAT(ParseDarknetCfg("width=3\n[net]\n", "c.cfg").status().message(),
              HasSubstr("c.cfg:1: an option before the first [section]"));
  EXPECT_THAT(ParseDarknetCfg("[net\nwidth=3\n", "c.cfg").status().message(),
              HasSubstr("c.cfg:1: bad section header '[net'"));
  EXPECT_THAT(ParseDarknetCfg("[]\n", "c.cfg").status().message(),
              HasSubstr("bad section header"));
  EXPECT_THAT(ParseDarknetCfg("[net]\nwidth=3\nwidth=4\n", "c.cfg").status().message(),
              HasSubstr("c.cfg:3: key 'width' appears twice in [net]"));
  EXPECT_THAT(ParseDarknetCfg("# nothing\n\n", "c.cfg").status().message(),
              HasSubstr("no sections"));
}

}  // namespace
}  // namespace sentio::cnn::import
