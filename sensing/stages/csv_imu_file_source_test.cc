#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"
#include "sensing/replay_clock.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

constexpr char kFiveSamples[] =
    "timestamp_ms,acc_x,acc_y,acc_z\n"
    "100,0.1,9.8,0.3\n"
    "120,0.2,9.7,0.3\n"
    "140,0.3,9.6,0.2\n"
    "165,0.4,9.5,0.1\n"
    "180,0.5,9.4,0.0\n";

TEST(CsvImuFileSourceTest, EmitsBlocksOfBlockSizeSamples) {
  SimulatedClock clock;
  ScopedSourceClock scoped(&clock);
  auto stage =
      FakeStageContext::ForStage("CsvImuFileSource", {{"path", WriteFile("five.csv", kFiveSamples)},
                                                      {"time_column", std::string("timestamp_ms")},
                                                      {"time_unit", std::string("ms")},
                                                      {"columns", std::string("acc_x, acc_z")},
                                                      {"block_size", int64_t{2}},
                                                      {"replay", std::string("realtime")}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  while (!context->source_done) ASSERT_TRUE(source->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 3u);
  const ImuBlock& first = *context->emitted[0].second.Get<ImuBlock>();
  EXPECT_THAT(first.channel_names(), ElementsAre("acc_x", "acc_z"));
  EXPECT_THAT(first.timestamps_us(), ElementsAre(100000, 120000));
  EXPECT_EQ(first.at(1, 1), 0.3f);
  EXPECT_EQ(context->emitted[1].second.timestamp_us(), 140000);
  EXPECT_THAT(context->emitted[2].second.Get<ImuBlock>()->timestamps_us(), ElementsAre(180000));
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(40000, 40000));
}

TEST(CsvImuFileSourceTest, LabelRunsBecomeSegmentLabels) {
  auto stage = FakeStageContext::ForStage(
      "CsvImuFileSource", {{"path", WriteFile("labelled.csv",
                                              "t,ax,activity\n1,0,walk\n2,0,walk\n3,0,walk\n"
                                              "4,0,\n5,0,run\n6,0,run\n7,0,walk\n")},
                           {"time_column", std::string("t")},
                           {"columns", std::string("ax")},
                           {"label_column", std::string("activity")},
                           {"block_size", int64_t{3}}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  while (!context->source_done) ASSERT_TRUE(source->Process(*context).ok());
  std::vector<std::string> labels;
  for (const auto& [port, packet] : context->emitted) {
    if (port != 1) continue;
    const SegmentLabel& label = *packet.Get<SegmentLabel>();
    labels.push_back(absl::StrCat(label.label, " ", packet.timestamp_us(), "-", label.end_us));
  }
  // The unlabelled sample at 4 s belongs to no segment.
  EXPECT_THAT(labels,
              ElementsAre("walk 1000000-3000000", "run 5000000-6000000", "walk 7000000-7000000"));
}

TEST(CsvImuFileSourceTest, BadFileOrOptionsFailOpen) {
  const std::string path = WriteFile("ok.csv", kFiveSamples);
  const std::map<std::string, OptionValue> good = {{"path", path},
                                                   {"time_column", std::string("timestamp_ms")},
                                                   {"time_unit", std::string("ms")},
                                                   {"columns", std::string("acc_x")}};
  const std::vector<std::pair<std::pair<std::string, OptionValue>, std::string>> cases = {
      {{"block_size", int64_t{0}}, "block_size=0"},
      {{"time_unit", std::string("min")}, "time_unit='min'"},
      {{"columns", std::string("acc_x,,acc_y")}, "empty column name"},
      {{"columns", std::string("gyro_x")}, "ok.csv:1: no column 'gyro_x'"},
      {{"replay", std::string("slow")}, "replay='slow'"},
      {{"path", WriteFile("bad.csv", "timestamp_ms,acc_x\n5,1\n4,2\n")}, "bad.csv:3:"}};
  for (const auto& [option, message] : cases) {
    std::map<std::string, OptionValue> options = good;
    options[option.first] = option.second;
    auto stage = FakeStageContext::ForStage("CsvImuFileSource", options);
    ASSERT_TRUE(stage.ok());
    auto& [source, context] = *stage;
    EXPECT_THAT(source->Open(*context).message(), HasSubstr(message));
  }
}

TEST(CsvImuFileSourceTest, HeaderOnlyFileIsDoneAtOnce) {
  auto stage =
      FakeStageContext::ForStage("CsvImuFileSource", {{"path", WriteFile("header.csv", "t,x\n")},
                                                      {"time_column", std::string("t")},
                                                      {"columns", std::string("x")}});
  ASSERT_TRUE(stage.ok());
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  ASSERT_TRUE(source->Process(*context).ok());
  EXPECT_TRUE(context->source_done);
  EXPECT_TRUE(context->emitted.empty());
}

}  // namespace
}  // namespace sentio
