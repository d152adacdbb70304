#include "sensing/packet.h"

#include "gtest/gtest.h"

namespace sentio {
namespace {

TEST(PacketTest, HoldsTimestampAndTypedPayload) {
  Packet packet = Packet::Make(42, FeatureVector{{1.5, 2.5}, {"a", "b"}});
  EXPECT_EQ(packet.timestamp_us(), 42);
  EXPECT_EQ(packet.type(), PayloadType::kFeatureVector);
  ASSERT_NE(packet.Get<FeatureVector>(), nullptr);
  EXPECT_EQ(packet.Get<FeatureVector>()->values[1], 2.5);
  EXPECT_EQ(packet.Get<Prediction>(), nullptr);
}

TEST(PacketTest, CopiesSharePayload) {
  Packet packet = Packet::Make(1, SegmentLabel{"Walking", 9});
  Packet copy = packet;
  EXPECT_EQ(copy.Get<SegmentLabel>(), packet.Get<SegmentLabel>());
}

TEST(PacketTest, TypeFollowsPayloadAlternative) {
  absl::StatusOr<ImuBlock> block = ImuBlock::Create({"x"}, {0}, {1.0f});
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(Packet::Make(0, *block).type(), PayloadType::kImuBlock);
  EXPECT_EQ(Packet::Make(0, Prediction{}).type(), PayloadType::kPrediction);
  EXPECT_EQ(PayloadTypeName(PayloadType::kSegmentLabel), "SegmentLabel");
}

}  // namespace
}  // namespace sentio
