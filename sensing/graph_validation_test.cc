#include "sensing/graph_validation.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
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

// Stage types shaped like the activity pipeline's.
StageRegistry TestRegistry() {
  StageRegistry registry;
  auto make = [] { return std::make_unique<IdleStage>(); };
  StageContract source;
  source.outputs = {{"IMU", PayloadType::kImuBlock}};
  source.options = {{"path", OptionType::kString, true, std::nullopt},
                    {"rate_hz", OptionType::kDouble, false, OptionValue(1.0)},
                    {"loop", OptionType::kBool, false, std::nullopt}};
  registry.Register("Source", source, make);
  StageContract windows;
  windows.inputs = {{"IMU", PayloadType::kImuBlock}};
  windows.outputs = {{"WINDOWS", PayloadType::kImuBlock}};
  windows.options = {{"window", OptionType::kInt, true, std::nullopt}};
  registry.Register("Windows", windows, make);
  StageContract features;
  features.inputs = {{"WINDOWS", PayloadType::kImuBlock}};
  features.outputs = {{"FEATURES", PayloadType::kFeatureVector}};
  registry.Register("Features", features, make);
  StageContract sink;
  sink.inputs = {{"FEATURES", PayloadType::kFeatureVector}};
  registry.Register("Sink", sink, make);
  StageContract merge;
  merge.inputs = {{"A", PayloadType::kImuBlock}, {"B", PayloadType::kImuBlock}};
  merge.outputs = {{"OUT", PayloadType::kImuBlock}};
  registry.Register("Merge", merge, make);
  StageContract loader;
  loader.output_side_packets = {{"MODEL", "cnn.Model"}, {"NAMES", "ClassNames"}};
  registry.Register("Loader", loader, make);
  StageContract user;
  user.inputs = {{"IMU", PayloadType::kImuBlock}};
  user.input_side_packets = {{"MODEL", "cnn.Model"}, {"NAMES", "ClassNames", true}};
  registry.Register("User", user, make);
  return registry;
}

absl::StatusOr<ValidatedGraph> Validate(const std::string& text) {
  absl::StatusOr<graph::GraphConfig> config = ParseGraphConfig(text, "test.pbtxt");
  if (!config.ok()) return config.status();
  return ValidateGraph(*config, TestRegistry());
}

std::string ErrorOf(const std::string& text) {
  absl::StatusOr<ValidatedGraph> graph = Validate(text);
  EXPECT_FALSE(graph.ok());
  return std::string(graph.status().message());
}

constexpr char kSource[] = R"pb(
  node {
    name: "source"
    stage: "Source"
    output_stream: "imu"
    option { name: "path" string_value: "a.ts" }
  }
)pb";

TEST(GraphValidationTest, ResolvesStreamsOrderAndOptionDefaults) {
  // Declared sink first: validation orders producers before consumers.
  absl::StatusOr<ValidatedGraph> graph =
      Validate(std::string(R"pb(
                 node { name: "sink" stage: "Sink" input_stream: "features" }
                 node {
                   name: "features"
                   stage: "Features"
                   input_stream: "windows"
                   output_stream: "features"
                 }
                 node {
                   name: "windows"
                   stage: "Windows"
                   input_stream: "imu"
                   output_stream: "windows"
                   option { name: "window" int_value: 50 }
                 }
                 stream { name: "windows" queue_size: 3 policy: REALTIME }
               )pb") +
               kSource);
  ASSERT_TRUE(graph.ok()) << graph.status();
  ASSERT_EQ(graph->nodes.size(), 4u);
  EXPECT_EQ(graph->nodes[0].name, "source");
  EXPECT_EQ(graph->nodes[1].name, "windows");
  EXPECT_EQ(graph->nodes[3].name, "sink");
  EXPECT_EQ(std::get<double>(graph->nodes[0].options.at("rate_hz")), 1.0);
  EXPECT_EQ(graph->nodes[0].options.count("loop"), 0u);
  EXPECT_EQ(std::get<int64_t>(graph->nodes[1].options.at("window")), 50);
  const ValidatedStream& windows = graph->streams[graph->nodes[1].output_streams[0]];
  EXPECT_EQ(windows.queue_size, 3);
  EXPECT_TRUE(windows.realtime);
  EXPECT_EQ(windows.producer.node, 1);
  ASSERT_EQ(windows.consumers.size(), 1u);
  EXPECT_EQ(windows.consumers[0].node, 2);
  const ValidatedStream& imu = graph->streams[graph->nodes[0].output_streams[0]];
  EXPECT_EQ(imu.queue_size, kDefaultQueueSize);
  EXPECT_FALSE(imu.realtime);
}

TEST(GraphValidationTest, IntOptionIsAcceptedAsDouble) {
  absl::StatusOr<ValidatedGraph> graph = Validate(R"pb(
    node {
      name: "source"
      stage: "Source"
      output_stream: "imu"
      option { name: "path" string_value: "a.ts" }
      option { name: "rate_hz" int_value: 10 }
    }
  )pb");
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(std::get<double>(graph->nodes[0].options.at("rate_hz")), 10.0);
}

TEST(GraphValidationTest, UnknownStageTypeListsRegisteredOnes) {
  EXPECT_THAT(ErrorOf(R"pb(node { name: "x" stage: "Nope" })pb"),
              HasSubstr("node 'x' (Nope): unknown stage type 'Nope'; registered: Features, "
                        "Loader, Merge, Sink, Source, User, Windows"));
}

TEST(GraphValidationTest, StreamConsumedButNeverProduced) {
  EXPECT_THAT(ErrorOf(R"pb(node { name: "sink" stage: "Sink" input_stream: "nowhere" })pb"),
              HasSubstr("stream 'nowhere' is consumed by node 'sink' but no node produces it"));
}

TEST(GraphValidationTest, StreamProducedTwice) {
  EXPECT_THAT(ErrorOf(std::string(kSource) + R"pb(
                node {
                  name: "other"
                  stage: "Source"
                  output_stream: "imu"
                  option { name: "path" string_value: "b.ts" }
                }
              )pb"),
              HasSubstr("stream 'imu' is produced twice: by node 'source' and by node 'other'"));
}

TEST(GraphValidationTest, PayloadTypeMismatch) {
  EXPECT_THAT(ErrorOf(std::string(kSource) + R"pb(
                node { name: "sink" stage: "Sink" input_stream: "imu" }
              )pb"),
              HasSubstr("stream 'imu' carries ImuBlock from node 'source', but node 'sink' (Sink) "
                        "expects FeatureVector on input FEATURES"));
}

TEST(GraphValidationTest, Cycle) {
  EXPECT_THAT(ErrorOf(std::string(kSource) + R"pb(
                node {
                  name: "merge"
                  stage: "Merge"
                  input_stream: "imu"
                  input_stream: "back"
                  output_stream: "m"
                }
                node {
                  name: "windows"
                  stage: "Windows"
                  input_stream: "m"
                  output_stream: "back"
                  option { name: "window" int_value: 5 }
                }
              )pb"),
              HasSubstr("the graph has a cycle: merge -> windows -> merge"));
}

// Nodes listed consumers first, in a chain far deeper than a recursive walk's stack would allow.
TEST(GraphValidationTest, LongChainListedBackwardsIsOrdered) {
  constexpr int kLength = 100000;
  std::string text;
  for (int i = kLength - 1; i >= 0; --i) {
    absl::StrAppend(&text, "node { name: \"w", i, "\" stage: \"Windows\" input_stream: \"s", i,
                    "\" output_stream: \"s", i + 1,
                    "\" option { name: \"window\" int_value: 1 } }\n");
  }
  absl::StrAppend(&text, kSource, "\n");
  text = absl::StrReplaceAll(text, {{"\"s0\"", "\"imu\""}});
  absl::StatusOr<ValidatedGraph> graph = Validate(text);
  ASSERT_TRUE(graph.ok()) << graph.status();
  ASSERT_EQ(graph->nodes.size(), kLength + 1);
  EXPECT_EQ(graph->nodes.front().name, "source");
  for (int i = 0; i < kLength; ++i) ASSERT_EQ(graph->nodes[i + 1].name, absl::StrCat("w", i));
}

TEST(GraphValidationTest, MissingRequiredOption) {
  EXPECT_THAT(ErrorOf(R"pb(node { name: "source" stage: "Source" output_stream: "imu" })pb"),
              HasSubstr("node 'source' (Source): missing option 'path' (string)"));
}

TEST(GraphValidationTest, IllTypedOption) {
  EXPECT_THAT(ErrorOf(R"pb(
                node {
                  name: "source"
                  stage: "Source"
                  output_stream: "imu"
                  option { name: "path" int_value: 3 }
                }
              )pb"),
              HasSubstr("node 'source' (Source): option 'path' must be a string (string_value)"));
}

TEST(GraphValidationTest, OptionWithoutValue) {
  EXPECT_THAT(ErrorOf(R"pb(
                node {
                  name: "source"
                  stage: "Source"
                  output_stream: "imu"
                  option { name: "path" }
                }
              )pb"),
              HasSubstr("option 'path' must be a string (string_value), but has no value"));
}

TEST(GraphValidationTest, UnknownOptionListsAccepted) {
  EXPECT_THAT(ErrorOf(R"pb(
                node {
                  name: "source"
                  stage: "Source"
                  output_stream: "imu"
                  option { name: "path" string_value: "a.ts" }
                  option { name: "pth" string_value: "a.ts" }
                }
              )pb"),
              HasSubstr("unknown option 'pth' (accepted: path, rate_hz, loop)"));
}

TEST(GraphValidationTest, OptionSetTwice) {
  EXPECT_THAT(ErrorOf(R"pb(
                node {
                  name: "source"
                  stage: "Source"
                  output_stream: "imu"
                  option { name: "path" string_value: "a.ts" }
                  option { name: "path" string_value: "b.ts" }
                }
              )pb"),
              HasSubstr("option 'path' is set twice"));
}

TEST(GraphValidationTest, DuplicateNodeNames) {
  EXPECT_THAT(ErrorOf(std::string(kSource) + R"pb(
                node { name: "source" stage: "Sink" input_stream: "f" }
              )pb"),
              HasSubstr("two nodes are named 'source'"));
}

TEST(GraphValidationTest, NodeWithoutName) {
  EXPECT_THAT(ErrorOf(R"pb(node { stage: "Sink" })pb"), HasSubstr("node 1 (Sink) has no name"));
}

TEST(GraphValidationTest, WrongNumberOfStreams) {
  EXPECT_THAT(ErrorOf(R"pb(node { name: "sink" stage: "Sink" })pb"),
              HasSubstr("node 'sink' (Sink): has 0 input streams, the stage takes 1 "
                        "(FEATURES:FeatureVector)"));
  EXPECT_THAT(ErrorOf(R"pb(node {
                             name: "source"
                             stage: "Source"
                             output_stream: "a"
                             output_stream: "b"
                             option { name: "path" string_value: "x" }
                           })pb"),
              HasSubstr("has 2 output streams, the stage takes 1 (IMU:ImuBlock)"));
}

TEST(GraphValidationTest, TrailingOutputsMayBeLeftUnbound) {
  absl::StatusOr<ValidatedGraph> graph = Validate(
      R"pb(node { name: "merge" stage: "Merge" input_stream: "a" input_stream: "b" }
           node {
             name: "a"
             stage: "Windows"
             input_stream: "x"
             output_stream: "a"
             option { name: "window" int_value: 1 }
           }
           node {
             name: "b"
             stage: "Windows"
             input_stream: "x"
             output_stream: "b"
             option { name: "window" int_value: 1 }
           }
           node {
             name: "x"
             stage: "Source"
             output_stream: "x"
             option { name: "path" string_value: "x" }
           })pb");
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_TRUE(graph->nodes.back().output_streams.empty());  // merge's OUT is unbound
}

TEST(GraphValidationTest, SidePacketsBindByKindAndOrderProducersFirst) {
  absl::StatusOr<ValidatedGraph> graph = Validate(std::string(kSource) + R"pb(
    node { name: "user" stage: "User" input_stream: "imu" input_side_packet: "model" }
    node { name: "loader" stage: "Loader" output_side_packet: "model" }
  )pb");
  ASSERT_TRUE(graph.ok()) << graph.status();
  ASSERT_EQ(graph->side_packets.size(), 1u);
  EXPECT_EQ(graph->side_packets[0].kind, "cnn.Model");
  const int loader = graph->side_packets[0].producer.node;
  EXPECT_EQ(graph->nodes[loader].name, "loader");
  EXPECT_EQ(graph->nodes.back().name, "user");  // after its side packet's producer
  EXPECT_EQ(graph->nodes.back().input_side_packets, std::vector<int>{0});
}

TEST(GraphValidationTest, SidePacketErrorsNameNodesAndKinds) {
  const std::string user = R"pb(node { name: "user" stage: "User" input_stream: "imu" )pb";
  EXPECT_EQ(ErrorOf(std::string(kSource) + user + "}"),
            "node 'user' (User): input side packet MODEL (cnn.Model) is not bound");
  EXPECT_EQ(ErrorOf(std::string(kSource) + user + R"pb(input_side_packet: "m" })pb"),
            "side packet 'm' is read by node 'user' but no node produces it");
  EXPECT_EQ(
      ErrorOf(std::string(kSource) + user + R"pb(input_side_packet: "m" input_side_packet: "n" }
        node { name: "loader" stage: "Loader" output_side_packet: "n" output_side_packet: "m" })pb"),
      "side packet 'm' holds ClassNames from node 'loader', but node 'user' (User) expects "
      "cnn.Model as MODEL");
  EXPECT_EQ(ErrorOf(std::string(kSource) + R"pb(
        node { name: "a" stage: "Loader" output_side_packet: "m" }
        node { name: "b" stage: "Loader" output_side_packet: "m" })pb"),
            "side packet 'm' is produced twice: by node 'a' and by node 'b'");
  EXPECT_EQ(ErrorOf(std::string(kSource) + R"pb(
        node { name: "a" stage: "Loader" input_side_packet: "m" })pb"),
            "node 'a' (Loader): binds 1 input and 0 output side packets, but the stage has 0 "
            "and 2");
}

TEST(GraphValidationTest, StreamConfigForUnknownStream) {
  EXPECT_THAT(ErrorOf(std::string(kSource) + R"pb(stream { name: "imu2" })pb"),
              HasSubstr("stream config names 'imu2', which no node reads or writes"));
}

TEST(GraphValidationTest, NegativeQueueSize) {
  EXPECT_THAT(ErrorOf(std::string(kSource) + R"pb(stream { name: "imu" queue_size: -1 })pb"),
              HasSubstr("stream 'imu': queue_size -1 is negative"));
}

TEST(GraphValidationTest, EmptyGraph) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("the graph has no nodes"));
}

}  // namespace
}  // namespace sentio
