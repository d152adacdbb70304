#include "sensing/node_options.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/graph_config_reader.h"
#include "sensing/graph_option_overrides.h"
#include "sensing/graph_validation.h"
#include "sensing/option_message_test.pb.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

class IdleStage : public Stage {
 public:
  absl::Status Process(StageContext&) override { return absl::OkStatus(); }
};

StageRegistry TestRegistry() {
  StageRegistry registry;
  StageContract typed;
  typed.outputs = {{"IMU", PayloadType::kImuBlock}};
  typed.options_message = test::EveryTypeOptions::descriptor();
  registry.Register("TypedSource", typed, [] { return std::make_unique<IdleStage>(); });
  StageContract named;
  named.inputs = {{"IMU", PayloadType::kImuBlock}};
  named.options = {{"k", OptionType::kInt, false, std::nullopt}};
  registry.Register("NamedSink", named, [] { return std::make_unique<IdleStage>(); });
  return registry;
}

graph::GraphConfig Config(const std::string& source_options,
                          const std::string& sink_options = "") {
  absl::StatusOr<graph::GraphConfig> config = ParseGraphConfig(
      "node { name: 'source' stage: 'TypedSource' output_stream: 'imu' " + source_options +
          " }\nnode { name: 'sink' stage: 'NamedSink' input_stream: 'imu' " + sink_options + " }",
      "test.pbtxt");
  EXPECT_TRUE(config.ok()) << config.status();
  return *config;
}

constexpr char kTyped[] = "node_options { [type.googleapis.com/sentio.test.EveryTypeOptions] ";

std::string ValidationError(const graph::GraphConfig& config) {
  return std::string(ValidateGraph(config, TestRegistry()).status().message());
}

TEST(NodeOptionsTest, TheMessagesFieldsBecomeTypedOptionsWithTheRestDefaulted) {
  graph::GraphConfig config = Config(std::string(kTyped) +
                                     "{ path: 'a.csv' size: 7 scale: 2 fit: stretch } } "
                                     "option { name: 'rate_hz' double_value: 50 }");
  absl::StatusOr<ValidatedGraph> graph = ValidateGraph(config, TestRegistry());
  ASSERT_TRUE(graph.ok()) << graph.status();
  const std::map<std::string, OptionValue>& options = graph->nodes[0].options;
  EXPECT_EQ(std::get<std::string>(options.at("path")), "a.csv");
  EXPECT_EQ(std::get<int64_t>(options.at("size")), 7);
  EXPECT_EQ(std::get<double>(options.at("scale")), 2.0);
  EXPECT_EQ(std::get<std::string>(options.at("fit")), "stretch");
  EXPECT_EQ(std::get<double>(options.at("rate_hz")), 50.0);
  EXPECT_EQ(std::get<int64_t>(options.at("count")), 3);  // [default = 3]
  EXPECT_TRUE(std::get<bool>(options.at("loop")));
  EXPECT_EQ(options.count("offset_us"), 0u);

  ASSERT_TRUE(ExpandNodeOptions(TestRegistry(), config).ok());
  EXPECT_EQ(config.node(0).node_options_size(), 0);
  EXPECT_EQ(config.node(0).option_size(), 5);
}

TEST(NodeOptionsTest, SetOverridesAValueFromTheMessage) {
  graph::GraphConfig config = Config(std::string(kTyped) + "{ path: 'a.csv' count: 9 } }");
  ASSERT_TRUE(ApplyOptionOverrides({"source.path=b.csv"}, TestRegistry(), config).ok());
  absl::StatusOr<ValidatedGraph> graph = ValidateGraph(config, TestRegistry());
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(std::get<std::string>(graph->nodes[0].options.at("path")), "b.csv");
  EXPECT_EQ(std::get<int64_t>(graph->nodes[0].options.at("count")), 9);
}

TEST(NodeOptionsTest, ErrorsNameTheNodeAndWhatIsWrong) {
  EXPECT_EQ(ValidationError(Config("")),
            "node 'source' (TypedSource): missing option 'path' (string)");
  EXPECT_THAT(ValidationError(Config(std::string(kTyped) + "{ path: 'a' } } option { name: "
                                                           "'path' string_value: 'b' }")),
              HasSubstr("node 'source' (TypedSource): option 'path' is set both in "
                        "node_options and by name"));
  EXPECT_THAT(
      ValidationError(Config(std::string(kTyped) + "{ path: 'a' } } " + kTyped + "{ loop: false } }")),
      HasSubstr("node 'source' (TypedSource): node_options holds 2 messages"));
  EXPECT_THAT(ValidationError(Config(
                  "option { name: 'path' string_value: 'a' }",
                  "node_options { [type.googleapis.com/sentio.test.RepeatedFieldOptions] {} }")),
              HasSubstr("node 'sink' (NamedSink): node_options holds "
                        "sentio.test.RepeatedFieldOptions, but the stage declares no options "
                        "message"));
  EXPECT_THAT(ValidationError(Config(
                  "node_options { [type.googleapis.com/sentio.test.RepeatedFieldOptions] {} }")),
              HasSubstr("node 'source' (TypedSource): node_options holds "
                        "sentio.test.RepeatedFieldOptions, but the stage's options are "
                        "sentio.test.EveryTypeOptions"));
}

TEST(NodeOptionsTest, ValuesOutsideTheFieldsRangeOrEnumAreRefused) {
  EXPECT_EQ(ValidationError(Config("option { name: 'path' string_value: 'a' } "
                                   "option { name: 'count' int_value: 3000000000 }")),
            "node 'source' (TypedSource): option 'count' is 3000000000, outside [-2147483648, "
            "2147483647]");
  EXPECT_EQ(ValidationError(Config("option { name: 'path' string_value: 'a' } "
                                   "option { name: 'size' int_value: -1 }")),
            "node 'source' (TypedSource): option 'size' is -1, outside [0, 4294967295]");
  EXPECT_EQ(ValidationError(Config("option { name: 'path' string_value: 'a' } "
                                   "option { name: 'fit' string_value: 'crop' }")),
            "node 'source' (TypedSource): option 'fit' is \"crop\"; accepted: stretch, "
            "letterbox");
  EXPECT_EQ(ValidationError(Config(std::string(kTyped) + "{ path: 'a' bytes: 18446744073709551615 } }")),
            "node 'source' (TypedSource): option 'bytes' is -1, outside [0, "
            "9223372036854775807]");
}

TEST(NodeOptionsTest, TheReaderNamesTheLineOfAnUnknownOrMistypedField) {
  absl::StatusOr<graph::GraphConfig> unknown_type = ParseGraphConfig(
      "node {\n  name: 'a'\n  node_options { [type.googleapis.com/sentio.NoSuchOptions] { x: 1 } }\n}",
      "g.pbtxt");
  EXPECT_FALSE(unknown_type.ok());
  EXPECT_THAT(unknown_type.status().message(), HasSubstr("g.pbtxt:3:"));
  absl::StatusOr<graph::GraphConfig> unknown_field = ParseGraphConfig(
      std::string("node {\n  name: 'a'\n  ") + kTyped + "{ pth: 'x' } }\n}", "g.pbtxt");
  EXPECT_FALSE(unknown_field.ok());
  EXPECT_THAT(unknown_field.status().message(), HasSubstr("g.pbtxt:3:"));
  EXPECT_THAT(unknown_field.status().message(), HasSubstr("pth"));
}

}  // namespace
}  // namespace sentio
