#include "features/window_functions.h"

#include <cmath>

#include "gtest/gtest.h"

namespace sentio {
namespace {

TEST(WindowFunctionsTest, ParsesKaldiNamesAndRejectsOthers) {
  for (WindowType type : {WindowType::kRectangular, WindowType::kHann, WindowType::kHamming,
                          WindowType::kPovey, WindowType::kBlackman}) {
    auto parsed = ParseWindowType(WindowTypeName(type));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, type);
  }
  EXPECT_EQ(*ParseWindowType("hann"), WindowType::kHann);
  EXPECT_FALSE(ParseWindowType("kaiser").ok());
}

TEST(WindowFunctionsTest, HannOfFiveIsSymmetricWithNMinusOneDenominator) {
  // a = 2 pi / 4: 0.5 - 0.5 cos(0, pi/2, pi, 3pi/2, 2pi) = 0, 0.5, 1, 0.5, 0.
  const std::vector<float> hann = MakeWindow(WindowType::kHann, 5);
  const std::vector<float> expected = {0, 0.5f, 1, 0.5f, 0};
  ASSERT_EQ(hann.size(), expected.size());
  for (size_t i = 0; i < hann.size(); ++i) EXPECT_NEAR(hann[i], expected[i], 1e-7) << i;
}

TEST(WindowFunctionsTest, HammingOfFive) {
  // 0.54 - 0.46 cos: 0.08, 0.54, 1.0, 0.54, 0.08.
  const std::vector<float> hamming = MakeWindow(WindowType::kHamming, 5);
  const std::vector<float> expected = {0.08f, 0.54f, 1.0f, 0.54f, 0.08f};
  for (size_t i = 0; i < hamming.size(); ++i) EXPECT_NEAR(hamming[i], expected[i], 1e-7) << i;
}

TEST(WindowFunctionsTest, PoveyIsHannToThePower085) {
  const std::vector<float> povey = MakeWindow(WindowType::kPovey, 5);
  EXPECT_FLOAT_EQ(povey[0], 0.0f);
  EXPECT_NEAR(povey[1], std::pow(0.5, 0.85), 1e-7);  // 0.55478...
  EXPECT_FLOAT_EQ(povey[2], 1.0f);
  const std::vector<float> hann = MakeWindow(WindowType::kHann, 400);
  const std::vector<float> long_povey = MakeWindow(WindowType::kPovey, 400);
  for (int i = 0; i < 400; ++i) EXPECT_NEAR(long_povey[i], std::pow(hann[i], 0.85f), 1e-6) << i;
}

TEST(WindowFunctionsTest, BlackmanOfFive) {
  // 0.42 - 0.5 cos(a i) + 0.08 cos(2 a i): 0, 0.34, 1, 0.34, 0.
  const std::vector<float> blackman = MakeWindow(WindowType::kBlackman, 5);
  const std::vector<float> expected = {0, 0.34f, 1, 0.34f, 0};
  for (size_t i = 0; i < blackman.size(); ++i) EXPECT_NEAR(blackman[i], expected[i], 1e-7) << i;
  // Another coefficient moves the middle taps: c - 0.5 cos(pi/2) + (0.5 - c) cos(pi) at i = 1.
  EXPECT_NEAR(MakeWindow(WindowType::kBlackman, 5, 0.5)[1], 0.5, 1e-7);
}

TEST(WindowFunctionsTest, RectangularAndDegenerateLengths) {
  for (float v : MakeWindow(WindowType::kRectangular, 7)) EXPECT_EQ(v, 1.0f);
  EXPECT_TRUE(MakeWindow(WindowType::kHann, 0).empty());
  EXPECT_EQ(MakeWindow(WindowType::kPovey, 1), std::vector<float>{1.0f});
}

}  // namespace
}  // namespace sentio
