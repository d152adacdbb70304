#include "sensing/time_units.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

TEST(TimeUnitsTest, ParsesAndNamesUnits) {
  for (TimeUnit unit : {TimeUnit::kSeconds, TimeUnit::kMilliseconds, TimeUnit::kMicroseconds,
                        TimeUnit::kNanoseconds}) {
    EXPECT_EQ(*ParseTimeUnit(TimeUnitName(unit)), unit);
  }
  EXPECT_THAT(ParseTimeUnit("min").status().message(), HasSubstr("time_unit='min'"));
}

TEST(TimeUnitsTest, ConvertsTimestampsToMicroseconds) {
  EXPECT_THAT(ParseTimestampUs("1.5", TimeUnit::kSeconds), Optional(1500000));
  EXPECT_THAT(ParseTimestampUs("1700000000123", TimeUnit::kMilliseconds),
              Optional(1700000000123000));
  EXPECT_THAT(ParseTimestampUs("1700000000123456789", TimeUnit::kNanoseconds),
              Optional(1700000000123456));
  EXPECT_THAT(ParseTimestampUs("-1", TimeUnit::kNanoseconds), Optional(-1));
  EXPECT_EQ(ParseTimestampUs("12:00", TimeUnit::kSeconds), std::nullopt);
  EXPECT_EQ(ParseTimestampUs("9223372036854775807", TimeUnit::kSeconds), std::nullopt);
}

TEST(TimeUnitsTest, InfersEpochUnitsFromMagnitude) {
  EXPECT_EQ(InferTimeUnit(1.7e9, 0.02), TimeUnit::kSeconds);
  EXPECT_EQ(InferTimeUnit(1.7e12, 20), TimeUnit::kMilliseconds);
  EXPECT_EQ(InferTimeUnit(1.7e15, 2e4), TimeUnit::kMicroseconds);
  EXPECT_EQ(InferTimeUnit(1.7e18, 2e7), TimeUnit::kNanoseconds);
}

TEST(TimeUnitsTest, InfersRelativeUnitsFromTheStep) {
  EXPECT_EQ(InferTimeUnit(600, 0.02), TimeUnit::kSeconds);  // 50 Hz for 10 minutes
  EXPECT_EQ(InferTimeUnit(6e5, 20), TimeUnit::kMilliseconds);
  EXPECT_EQ(InferTimeUnit(6e7, 1e3), TimeUnit::kMicroseconds);  // 1 kHz
  EXPECT_EQ(InferTimeUnit(6e7, 1e6), TimeUnit::kNanoseconds);   // 1 kHz
}

}  // namespace
}  // namespace sentio
