#include "sensing/graph_option_overrides.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/graph_config_reader.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

class IdleStage : public Stage {
 public:
  absl::Status Process(StageContext&) override { return absl::OkStatus(); }
};

StageRegistry TestRegistry() {
  StageRegistry registry;
  StageContract source;
  source.outputs = {{"IMU", PayloadType::kImuBlock}};
  source.options = {{"path", OptionType::kString, true, std::nullopt},
                    {"rate_hz", OptionType::kDouble, false, OptionValue(1.0)},
                    {"count", OptionType::kInt, false, std::nullopt},
                    {"loop", OptionType::kBool, false, std::nullopt}};
  registry.Register("Source", source, [] { return std::make_unique<IdleStage>(); });
  return registry;
}

graph::GraphConfig Config() {
  return *ParseGraphConfig(R"pb(
                             node {
                               name: "source"
                               stage: "Source"
                               output_stream: "imu"
                               option { name: "path" string_value: "a.ts" }
                             }
                           )pb",
                           "test.pbtxt");
}

absl::Status Apply(const std::vector<std::string>& overrides, graph::GraphConfig& config) {
  return ApplyOptionOverrides(overrides, TestRegistry(), config);
}

TEST(GraphOptionOverridesTest, ReplacesAndAddsTypedValues) {
  graph::GraphConfig config = Config();
  ASSERT_TRUE(Apply({"source.path=b c.ts", "source.rate_hz=50", "source.count=7",
                     "source.loop=TRUE", "source.path=d=e.ts"},
                    config)
                  .ok());
  const graph::Node& node = config.node(0);
  ASSERT_EQ(node.option_size(), 4);
  EXPECT_EQ(node.option(0).name(), "rate_hz");
  EXPECT_EQ(node.option(0).double_value(), 50);
  EXPECT_EQ(node.option(1).int_value(), 7);
  EXPECT_TRUE(node.option(2).bool_value());
  EXPECT_EQ(node.option(3).name(), "path");
  EXPECT_EQ(node.option(3).string_value(), "d=e.ts");  // the last override wins
}

TEST(GraphOptionOverridesTest, ErrorsNameTheOverrideAndLeaveTheConfigUnchanged) {
  graph::GraphConfig config = Config();
  const std::string before = config.DebugString();
  EXPECT_THAT(Apply({"source.rate_hz=2", "sink.path=x"}, config).message(),
              HasSubstr("--set=sink.path=x: the graph has no node 'sink' (nodes: source)"));
  EXPECT_THAT(Apply({"source.pth=x"}, config).message(),
              HasSubstr("node 'source' (Source) has no option 'pth' (accepted: path, rate_hz, "
                        "count, loop)"));
  EXPECT_THAT(Apply({"source.count=1.5"}, config).message(),
              HasSubstr("--set=source.count=1.5: '1.5' is not an integer"));
  EXPECT_THAT(Apply({"source.rate_hz=fast"}, config).message(), HasSubstr("is not a number"));
  EXPECT_THAT(Apply({"source.loop=yes"}, config).message(), HasSubstr("is not true or false"));
  for (const char* malformed : {"source", "source=1", ".path=x", "source.=x"}) {
    EXPECT_THAT(Apply({malformed}, config).message(), HasSubstr("expected NODE.OPTION=VALUE"))
        << malformed;
  }
  EXPECT_EQ(config.DebugString(), before);
}

}  // namespace
}  // namespace sentio
