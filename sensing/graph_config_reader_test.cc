#include "sensing/graph_config_reader.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

TEST(GraphConfigReaderTest, ParsesNodesOptionsAndStreams) {
  absl::StatusOr<graph::GraphConfig> config = ParseGraphConfig(R"pb(
    node {
      name: "windows"
      stage: "SlidingWindowStage"
      input_stream: "imu"
      output_stream: "windows"
      option { name: "window" int_value: 50 }
      option { name: "path" string_value: "a.ts" }
      option { name: "rate_hz" double_value: 10.5 }
      option { name: "loop" bool_value: true }
    }
    stream { name: "imu" queue_size: 4 policy: REALTIME }
  )pb", "g.pbtxt");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->node_size(), 1);
  const graph::Node& node = config->node(0);
  EXPECT_EQ(node.stage(), "SlidingWindowStage");
  EXPECT_EQ(node.input_stream(0), "imu");
  ASSERT_EQ(node.option_size(), 4);
  EXPECT_EQ(node.option(0).int_value(), 50);
  EXPECT_EQ(node.option(1).string_value(), "a.ts");
  EXPECT_DOUBLE_EQ(node.option(2).double_value(), 10.5);
  EXPECT_TRUE(node.option(3).bool_value());
  ASSERT_EQ(config->stream_size(), 1);
  EXPECT_EQ(config->stream(0).queue_size(), 4);
  EXPECT_EQ(config->stream(0).policy(), graph::StreamConfig::REALTIME);
}

TEST(GraphConfigReaderTest, SyntaxErrorNamesFileLineAndColumn) {
  absl::Status status =
      ParseGraphConfig("node {\n  name: \"a\"\n  stag: \"X\"\n}\n", "bad.pbtxt").status();
  EXPECT_THAT(status.message(), HasSubstr("bad.pbtxt:3:"));
  EXPECT_THAT(status.message(), HasSubstr("stag"));
}

TEST(GraphConfigReaderTest, UnterminatedMessageIsAnError) {
  absl::Status status = ParseGraphConfig("node {\n  name: \"a\"\n", "cut.pbtxt").status();
  EXPECT_THAT(status.message(), HasSubstr("cut.pbtxt:"));
}

TEST(GraphConfigReaderTest, WrongValueTypeIsAnError) {
  absl::Status status = ParseGraphConfig(
      "stream { name: \"s\" queue_size: \"four\" }", "types.pbtxt").status();
  EXPECT_THAT(status.message(), HasSubstr("types.pbtxt:1:"));
}

TEST(GraphConfigReaderTest, MissingFileIsNotFound) {
  EXPECT_EQ(ReadGraphConfigFile("/nonexistent/graph.pbtxt").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace sentio
