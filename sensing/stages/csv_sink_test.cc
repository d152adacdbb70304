#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

std::string ReadAll(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(CsvSinkTest, WritesAHeaderAndOneEscapedRowPerPrediction) {
  const std::string path = TempPath("predictions.csv");
  auto stage = FakeStageContext::ForStage("CsvSink", {{"path", path}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [sink, context] = *stage;
  ASSERT_TRUE(sink->Open(*context).ok());
  const std::vector<std::string> classes = {"sit, stand", "walk"};
  context->SetInput(0, Packet::Make(100, Prediction{"walk", classes, {0.25, 0.75}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  context->SetInput(0, Packet::Make(200, Prediction{"sit, stand", classes, {0.5, 0.5}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  ASSERT_TRUE(sink->Close(*context).ok());
  EXPECT_EQ(ReadAll(path),
            "timestamp_us,label,\"p_sit, stand\",p_walk\n"
            "100,walk,0.25,0.75\n"
            "200,\"sit, stand\",0.5,0.5\n");
}

TEST(CsvSinkTest, FeatureSinkWritesFeatureVectors) {
  const std::string path = TempPath("features.csv");
  auto stage = FakeStageContext::ForStage("CsvFeatureSink", {{"path", path}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [sink, context] = *stage;
  ASSERT_TRUE(sink->Open(*context).ok());
  context->SetInput(0, Packet::Make(5, FeatureVector{{1.5, -0.1}, {"x_mean", "x \"sd\""}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  ASSERT_TRUE(sink->Close(*context).ok());
  EXPECT_EQ(ReadAll(path), "timestamp_us,x_mean,\"x \"\"sd\"\"\"\n5,1.5,-0.1\n");
}

TEST(CsvSinkTest, RejectsRecordsWhoseColumnsChangeOrDoNotMatch) {
  auto stage = FakeStageContext::ForStage("CsvFeatureSink", {{"path", TempPath("bad.csv")}});
  ASSERT_TRUE(stage.ok());
  auto& [sink, context] = *stage;
  ASSERT_TRUE(sink->Open(*context).ok());
  context->SetInput(0, Packet::Make(1, FeatureVector{{1}, {"a"}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  context->SetInput(0, Packet::Make(2, FeatureVector{{1}, {"b"}}));
  EXPECT_THAT(sink->Process(*context).message(),
              HasSubstr("bad.csv: the record at 2 µs has columns [timestamp_us, b], the file has "
                        "[timestamp_us, a]"));
  context->SetInput(0, Packet::Make(3, FeatureVector{{1, 2}, {"a"}}));
  EXPECT_THAT(sink->Process(*context).message(), HasSubstr("has 2 values for 1 names"));
}

TEST(CsvSinkTest, UnwritablePathFailsOpen) {
  auto stage = FakeStageContext::ForStage("CsvSink", {{"path", std::string("/no/such/out.csv")}});
  ASSERT_TRUE(stage.ok());
  EXPECT_THAT(stage->first->Open(*stage->second).message(),
              HasSubstr("cannot create '/no/such/out.csv'"));
}

}  // namespace
}  // namespace sentio
