#include "features/floored_log.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace sentio {
namespace {

constexpr float kEpsilon = std::numeric_limits<float>::epsilon();

// |a - b| in units of the float spacing at b.
double UlpsApart(float a, float b) {
  const double spacing = std::nextafter(b, std::numeric_limits<float>::infinity()) - b;
  return std::fabs(static_cast<double>(a) - b) / spacing;
}

TEST(FlooredLogTest, WithinOneUlpOfStdLogFromEpsilonToFloatMax) {
  // Every 997th float from FLT_EPSILON to FLT_MAX (about 190000 values: every exponent, mantissas
  // on both sides of sqrt(1/2)), and the powers of 2.
  std::vector<float> x;
  uint32_t first, last;
  const float max = std::numeric_limits<float>::max();
  std::memcpy(&first, &kEpsilon, sizeof(first));
  std::memcpy(&last, &max, sizeof(last));
  for (uint64_t bits = first; bits <= last; bits += 997) {
    float v;
    const uint32_t b = static_cast<uint32_t>(bits);
    std::memcpy(&v, &b, sizeof(v));
    x.push_back(v);
  }
  for (int e = -23; e <= 127; ++e) x.push_back(std::ldexp(1.0f, e));
  x.push_back(max);
  std::vector<float> y = x;
  FlooredLogInPlace(absl::MakeSpan(y), kEpsilon);
  double worst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const float expected = std::log(x[i]);
    const double ulps = expected == 0 ? (y[i] == 0 ? 0 : 1e9) : UlpsApart(y[i], expected);
    ASSERT_LE(ulps, 1.0) << "log(" << x[i] << ") = " << y[i] << ", std::log gives " << expected;
    worst = std::max(worst, ulps);
  }
  EXPECT_GT(worst, 0.0);  // a different algorithm from glibc's, not a call of it
}

TEST(FlooredLogTest, FloorsBeforeTheLog) {
  std::vector<float> values = {0.0f, -0.0f, -5.0f, 1e-30f, kEpsilon, 1.0f, 2.0f};
  FlooredLogInPlace(absl::MakeSpan(values), kEpsilon);
  const float log_epsilon = std::log(kEpsilon);
  for (int i = 0; i < 5; ++i) EXPECT_FLOAT_EQ(values[i], log_epsilon) << i;
  EXPECT_EQ(values[5], 0.0f);
  EXPECT_FLOAT_EQ(values[6], std::log(2.0f));
}

TEST(FlooredLogTest, InfinityAndNanPassThrough) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> values = {inf, std::numeric_limits<float>::quiet_NaN(), 10.0f};
  FlooredLogInPlace(absl::MakeSpan(values), kEpsilon);
  EXPECT_EQ(values[0], inf);
  EXPECT_TRUE(std::isnan(values[1]));
  EXPECT_FLOAT_EQ(values[2], std::log(10.0f));
}

TEST(FlooredLogTest, LengthsAroundTheVectorWidthMatchOneByOne) {
  // The vectorised body and the scalar remainder give the same bits for the same value.
  for (int n = 0; n <= 35; ++n) {
    std::vector<float> values(n);
    for (int i = 0; i < n; ++i) values[i] = 0.37f * (i + 1) * (i + 1);
    std::vector<float> together = values;
    FlooredLogInPlace(absl::MakeSpan(together), kEpsilon);
    for (int i = 0; i < n; ++i) {
      float alone = values[i];
      FlooredLogInPlace(absl::MakeSpan(&alone, 1), kEpsilon);
      EXPECT_EQ(together[i], alone) << "n=" << n << " i=" << i;
    }
  }
}

}  // namespace
}  // namespace sentio
