#include "cnn/import/darknet_weights.h"

#include <cstring>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio::cnn::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

void AppendInt32(std::string& bytes, int32_t value) {
  bytes.append(reinterpret_cast<const char*>(&value), 4);
}

void AppendFloats(std::string& bytes, const std::vector<float>& values) {
  bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * 4);
}

TEST(DarknetWeightsTest, VersionTwoHasA64BitSeenCount) {
  std::string bytes;
  AppendInt32(bytes, 0);
  AppendInt32(bytes, 2);
  AppendInt32(bytes, 5);
  const int64_t seen = 123456789012LL;
  bytes.append(reinterpret_cast<const char*>(&seen), 8);
  AppendFloats(bytes, {1, 2, 3});
  absl::StatusOr<DarknetWeights> weights = DarknetWeights::Parse(bytes, "w.weights");
  ASSERT_TRUE(weights.ok()) << weights.status();
  EXPECT_EQ(weights->major(), 0);
  EXPECT_EQ(weights->minor(), 2);
  EXPECT_EQ(weights->revision(), 5);
  EXPECT_EQ(weights->seen(), seen);
  EXPECT_FALSE(weights->transposed());
  EXPECT_THAT(weights->Take(2, "layer 0 biases").value(), ElementsAre(1, 2));
  EXPECT_THAT(weights->ExpectEnd("layer 0").message(),
              HasSubstr("w.weights: 4 bytes are left after the last layer (layer 0)"));
  EXPECT_THAT(weights->Take(2, "layer 1 weights").status().message(),
              HasSubstr("w.weights: layer 1 weights need 2 floats, only 1 are left"));
  EXPECT_THAT(weights->Take(1, "layer 1 weights").value(), ElementsAre(3));
  EXPECT_TRUE(weights->ExpectEnd("layer 1").ok());
}

TEST(DarknetWeightsTest, OldVersionsHaveA32BitSeenCount) {
  for (int minor : {0, 1}) {
    std::string bytes;
    AppendInt32(bytes, 0);
    AppendInt32(bytes, minor);
    AppendInt32(bytes, 0);
    AppendInt32(bytes, 64);
    AppendFloats(bytes, {7});
    absl::StatusOr<DarknetWeights> weights = DarknetWeights::Parse(bytes, "old.weights");
    ASSERT_TRUE(weights.ok()) << weights.status();
    EXPECT_EQ(weights->seen(), 64);
    EXPECT_THAT(weights->Take(1, "x").value(), ElementsAre(7));
  }
  // Versions above 1000 flag transposed connected weights and keep the 32-bit count.
  std::string bytes;
  AppendInt32(bytes, 1001);
  AppendInt32(bytes, 0);
  AppendInt32(bytes, 0);
  AppendInt32(bytes, 3);
  absl::StatusOr<DarknetWeights> weights = DarknetWeights::Parse(bytes, "t.weights");
  ASSERT_TRUE(weights.ok());
  EXPECT_TRUE(weights->transposed());
  EXPECT_EQ(weights->seen(), 3);
}

TEST(DarknetWeightsTest, TruncatedHeadersAndBadCountsAreErrors) {
  EXPECT_THAT(DarknetWeights::Parse("abc", "s.weights").status().message(),
              HasSubstr("s.weights: 3 bytes are too few"));
  std::string bytes;
  AppendInt32(bytes, 0);
  AppendInt32(bytes, 2);
  AppendInt32(bytes, 0);
  AppendInt32(bytes, 0);
  EXPECT_THAT(DarknetWeights::Parse(bytes, "s.weights").status().message(),
              HasSubstr("needs 20 bytes, the file has 16"));
  std::string negative;
  AppendInt32(negative, -1);
  AppendInt32(negative, 0);
  AppendInt32(negative, 0);
  AppendInt32(negative, 0);
  EXPECT_THAT(DarknetWeights::Parse(negative, "n.weights").status().message(),
              HasSubstr("bad header version"));
  AppendInt32(bytes, 0);
  absl::StatusOr<DarknetWeights> weights = DarknetWeights::Parse(bytes, "s.weights");
  ASSERT_TRUE(weights.ok());
  EXPECT_FALSE(weights->Take(-1, "x").ok());
  EXPECT_TRUE(weights->Take(0, "x").ok());
}

}  // namespace
}  // namespace sentio::cnn::import
