#include "sensing/text_proto.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/graph_config.pb.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

TEST(TextProtoTest, ParsesAMessage) {
  graph::GraphConfig config;
  ASSERT_TRUE(ParseTextProto("node { name: \"a\" stage: \"S\" }", "g.pbtxt", &config).ok());
  ASSERT_EQ(config.node_size(), 1);
  EXPECT_EQ(config.node(0).stage(), "S");
}

TEST(TextProtoTest, FirstErrorNamesFileLineAndColumn) {
  graph::GraphConfig config;
  const absl::Status status =
      ParseTextProto("node {\n  name: \"a\"\n  colour: 3\n}\nbogus\n", "g.pbtxt", &config);
  EXPECT_THAT(status.message(), HasSubstr("g.pbtxt:3:"));
  EXPECT_THAT(status.message(), HasSubstr("colour"));
}

TEST(TextProtoTest, UnknownFieldsCanBeAllowed) {
  graph::GraphConfig config;
  TextProtoOptions options;
  options.allow_unknown_fields = true;
  EXPECT_TRUE(ParseTextProto("colour: 3\nnode { name: \"a\" }", "g.pbtxt", &config, options).ok());
  EXPECT_EQ(config.node_size(), 1);
}

TEST(TextProtoTest, RecordsLocations) {
  graph::GraphConfig config;
  google::protobuf::TextFormat::ParseInfoTree locations;
  TextProtoOptions options;
  options.locations = &locations;
  ASSERT_TRUE(ParseTextProto("\n\nnode { name: \"a\" }", "g.pbtxt", &config, options).ok());
  const auto* field = config.GetDescriptor()->FindFieldByName("node");
  EXPECT_EQ(locations.GetLocation(field, 0).line, 2);
}

}  // namespace
}  // namespace sentio
