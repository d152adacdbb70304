#include "cnn/ir/half.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace sentio::cnn {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

bool IsNanHalf(uint16_t half) { return (half & 0x7c00) == 0x7c00 && (half & 0x3ff) != 0; }

// The value of a finite half from its fields, computed independently of HalfToFloat.
double ValueOfFiniteHalf(uint16_t half) {
  const int exponent = (half >> 10) & 0x1f;
  const int mantissa = half & 0x3ff;
  const double magnitude = exponent == 0 ? std::ldexp(mantissa, -24)
                                         : std::ldexp(1024 + mantissa, exponent - 25);
  return (half & 0x8000) ? -magnitude : magnitude;
}

TEST(HalfTest, EveryHalfConvertsToItsExactValueAndBack) {
  for (uint32_t h = 0; h <= 0xffff; ++h) {
    const uint16_t half = static_cast<uint16_t>(h);
    const float value = HalfToFloat(half);
    const bool negative = (half & 0x8000) != 0;
    if (IsNanHalf(half)) {
      EXPECT_TRUE(std::isnan(value)) << std::hex << h;
      EXPECT_EQ(std::signbit(value), negative) << std::hex << h;
    } else if ((half & 0x7fff) == 0x7c00) {
      EXPECT_EQ(value, negative ? -std::numeric_limits<float>::infinity()
                                : std::numeric_limits<float>::infinity());
    } else {
      EXPECT_EQ(static_cast<double>(value), ValueOfFiniteHalf(half)) << std::hex << h;
      EXPECT_EQ(std::signbit(value), negative) << std::hex << h;  // -0 stays -0
    }
    EXPECT_EQ(FloatToHalf(value), half) << std::hex << h;  // NaN payloads too
  }
}

TEST(HalfTest, FloatsBetweenNeighbouringHalvesRoundToNearestTiesToEven) {
  // Every pair of neighbouring finite halves of the same sign, including the subnormal ones and
  // the step from the largest subnormal to the smallest normal.
  for (uint16_t sign : {0x0000, 0x8000}) {
    for (uint16_t low = 0; low < 0x7bff; ++low) {
      const uint16_t high = low + 1;
      const float low_value = HalfToFloat(sign | low);
      const float high_value = HalfToFloat(sign | high);
      // The midpoint needs 12 significant bits: exact in a float.
      const float midpoint = static_cast<float>((static_cast<double>(low_value) + high_value) / 2);
      const uint16_t even = (low & 1) == 0 ? low : high;
      EXPECT_EQ(FloatToHalf(midpoint), sign | even) << std::hex << low;
      EXPECT_EQ(FloatToHalf(std::nextafter(midpoint, low_value)), sign | low) << std::hex << low;
      EXPECT_EQ(FloatToHalf(std::nextafter(midpoint, high_value)), sign | high) << std::hex << low;
    }
  }
}

TEST(HalfTest, OverflowUnderflowAndSpecialValues) {
  const float infinity = std::numeric_limits<float>::infinity();
  EXPECT_EQ(FloatToHalf(65504.0f), 0x7bff);
  EXPECT_EQ(FloatToHalf(std::nextafter(65520.0f, 0.0f)), 0x7bff);
  EXPECT_EQ(FloatToHalf(65520.0f), 0x7c00);  // the tie goes to the even neighbour: infinity
  EXPECT_EQ(FloatToHalf(-1e10f), 0xfc00);
  EXPECT_EQ(FloatToHalf(std::numeric_limits<float>::max()), 0x7c00);
  EXPECT_EQ(FloatToHalf(infinity), 0x7c00);
  EXPECT_EQ(FloatToHalf(-infinity), 0xfc00);
  EXPECT_EQ(FloatToHalf(std::ldexp(1.0f, -25)), 0x0000);  // half of the smallest subnormal: tie to 0
  EXPECT_EQ(FloatToHalf(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), 0x0001);
  EXPECT_EQ(FloatToHalf(-std::ldexp(1.0f, -26)), 0x8000);
  EXPECT_EQ(FloatToHalf(std::numeric_limits<float>::denorm_min()), 0x0000);
  EXPECT_EQ(FloatToHalf(-std::numeric_limits<float>::denorm_min()), 0x8000);
  EXPECT_EQ(FloatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(FloatToHalf(1.0f), 0x3c00);
  EXPECT_EQ(FloatToHalf(-2.5f), 0xc100);
  EXPECT_EQ(FloatToHalf(0.1f), 0x2e66);
  // A NaN whose payload lies below the half's 10 bits stays a NaN.
  float low_payload_nan;
  const uint32_t low_payload_bits = 0x7f800001;
  std::memcpy(&low_payload_nan, &low_payload_bits, sizeof(low_payload_nan));
  EXPECT_TRUE(IsNanHalf(FloatToHalf(low_payload_nan)));
  EXPECT_TRUE(IsNanHalf(FloatToHalf(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(IsNanHalf(FloatToHalf(-std::numeric_limits<float>::quiet_NaN())));
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("f16c"))) uint16_t HardwareFloatToHalf(float value) {
  return static_cast<uint16_t>(_cvtss_sh(value, _MM_FROUND_TO_NEAREST_INT));
}

TEST(HalfTest, AgreesWithTheF16cInstructionOnASweepOfAllFloats) {
  if (!__builtin_cpu_supports("f16c")) GTEST_SKIP() << "this CPU has no F16C";
  // About a million floats spread over every exponent; NaNs left out (F16C quiets them).
  for (uint64_t bits = 0; bits <= 0xffffffffu; bits += 4093) {
    const uint32_t bits32 = static_cast<uint32_t>(bits);
    float value;
    std::memcpy(&value, &bits32, sizeof(value));
    if (std::isnan(value)) continue;
    ASSERT_EQ(FloatToHalf(value), HardwareFloatToHalf(value)) << std::hex << bits32;
  }
}
#endif

TEST(HalfTest, EncodesLittleEndianAndDecodesBack) {
  const float values[] = {1.0f, -2.5f, 0.1f};
  const std::string bytes = EncodeHalfValues(values, 3);
  EXPECT_EQ(bytes, std::string("\x00\x3c\x00\xc1\x66\x2e", 6));
  absl::StatusOr<std::vector<float>> decoded = DecodeHalfValues(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_THAT(*decoded, ElementsAre(1.0f, -2.5f, HalfToFloat(0x2e66)));
  EXPECT_TRUE(DecodeHalfValues("").ok());
}

TEST(HalfTest, OddByteCountIsAnError) {
  absl::StatusOr<std::vector<float>> decoded = DecodeHalfValues(std::string("\x00\x3c\x00", 3));
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("3 bytes of half values"));
}

}  // namespace
}  // namespace sentio::cnn
