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

TEST(JsonLinesSinkTest, WritesOnePredictionPerLine) {
  const std::string path = TempPath("predictions.jsonl");
  auto stage = FakeStageContext::ForStage("JsonLinesSink", {{"path", path}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [sink, context] = *stage;
  ASSERT_TRUE(sink->Open(*context).ok());
  context->SetInput(0, Packet::Make(100, Prediction{"walk", {"run", "walk"}, {0.25, 0.75}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  context->SetInput(0, Packet::Make(200, Prediction{"a \"b\"", {"a \"b\""}, {1}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  ASSERT_TRUE(sink->Close(*context).ok());
  EXPECT_EQ(ReadAll(path),
            "{\"timestamp_us\":100,\"label\":\"walk\",\"classes\":[\"run\",\"walk\"],"
            "\"probabilities\":[0.25,0.75]}\n"
            "{\"timestamp_us\":200,\"label\":\"a \\\"b\\\"\",\"classes\":[\"a \\\"b\\\"\"],"
            "\"probabilities\":[1]}\n");
}

TEST(JsonLinesSinkTest, FeatureSinkWritesFeatureVectors) {
  const std::string path = TempPath("features.jsonl");
  auto stage = FakeStageContext::ForStage("JsonLinesFeatureSink", {{"path", path}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [sink, context] = *stage;
  ASSERT_TRUE(sink->Open(*context).ok());
  context->SetInput(0, Packet::Make(5, FeatureVector{{1.5}, {"x_mean"}}));
  ASSERT_TRUE(sink->Process(*context).ok());
  ASSERT_TRUE(sink->Close(*context).ok());
  EXPECT_EQ(ReadAll(path), "{\"timestamp_us\":5,\"names\":[\"x_mean\"],\"values\":[1.5]}\n");
}

TEST(JsonLinesSinkTest, UnwritablePathFailsOpen) {
  auto stage = FakeStageContext::ForStage("JsonLinesSink",
                                          {{"path", std::string("/no/such/dir/out.jsonl")}});
  ASSERT_TRUE(stage.ok());
  EXPECT_THAT(stage->first->Open(*stage->second).message(),
              HasSubstr("cannot create '/no/such/dir/out.jsonl'"));
}

}  // namespace
}  // namespace sentio
