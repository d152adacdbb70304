#include "sensing/record_formatting.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;

TEST(RecordFormattingTest, JsonStringsEscapeQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonString("walk"), "\"walk\"");
  EXPECT_EQ(JsonString("say \"hi\"\\\n\t\x01"), "\"say \\\"hi\\\"\\\\\\n\\t\\u0001\"");
  EXPECT_EQ(JsonString("Gehen \xc3\xbc"), "\"Gehen \xc3\xbc\"");
}

TEST(RecordFormattingTest, JsonNumbersRoundTripAndNonFiniteIsNull) {
  EXPECT_EQ(JsonNumber(0.1), "0.1");
  EXPECT_EQ(JsonNumber(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(JsonNumber(-2), "-2");
  EXPECT_EQ(JsonNumber(std::nan("")), "null");
  EXPECT_EQ(JsonNumber(std::numeric_limits<double>::infinity()), "null");
}

TEST(RecordFormattingTest, FormatsFeatureVectorsAndPredictionsAsJson) {
  EXPECT_EQ(FeatureVectorJson(1500, {{0.5, -1}, {"x_mean", "x \"sd\""}}),
            "{\"timestamp_us\":1500,\"names\":[\"x_mean\",\"x \\\"sd\\\"\"],"
            "\"values\":[0.5,-1]}");
  EXPECT_EQ(PredictionJson(7, {"run", {"run", "walk"}, {0.75, 0.25}}),
            "{\"timestamp_us\":7,\"label\":\"run\",\"classes\":[\"run\",\"walk\"],"
            "\"probabilities\":[0.75,0.25]}");
}

TEST(RecordFormattingTest, CsvFieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("walk"), "walk");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvRow({"1", "a,b", "c"}), "1,\"a,b\",c");
}

TEST(RecordFormattingTest, CsvColumnsAndValues) {
  const Prediction prediction = {"walk", {"run", "walk"}, {0.2, 0.8}};
  EXPECT_THAT(PredictionColumns(prediction), ElementsAre("timestamp_us", "label", "p_run", "p_walk"));
  EXPECT_THAT(PredictionValues(42, prediction), ElementsAre("42", "walk", "0.2", "0.8"));
  const FeatureVector features = {{1.5, 2}, {"a", "b"}};
  EXPECT_THAT(FeatureVectorColumns(features), ElementsAre("timestamp_us", "a", "b"));
  EXPECT_THAT(FeatureVectorValues(-3, features), ElementsAre("-3", "1.5", "2"));
}

}  // namespace
}  // namespace sentio
