// Checks that the Debian libraries wired up in this folder build, link and work: protobuf code
// generation and runtime, KissFFT, and Abseil.
#include <kissfft/kiss_fftr.h>

#include <cmath>
#include <vector>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "third_party/toolchain_test.pb.h"

namespace sentio {
namespace {

TEST(ToolchainTest, ProtobufRoundTrip) {
  toolchain_test::Sample sample;
  sample.set_timestamp_us(1234567);
  sample.add_values(1.5f);
  sample.add_values(-2.0f);
  sample.set_label("walking");
  std::string bytes;
  ASSERT_TRUE(sample.SerializeToString(&bytes));
  toolchain_test::Sample parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(parsed.timestamp_us(), 1234567);
  EXPECT_EQ(parsed.values_size(), 2);
  EXPECT_EQ(parsed.values(1), -2.0f);
  EXPECT_EQ(parsed.label(), "walking");
  EXPECT_FALSE(parsed.ParseFromString("\xff\xff\xff"));
}

TEST(ToolchainTest, KissFftFindsACosine) {
  constexpr int kSize = 64;
  constexpr int kBin = 5;
  std::vector<float> signal(kSize);
  for (int i = 0; i < kSize; ++i) signal[i] = std::cos(2 * M_PI * kBin * i / kSize);
  kiss_fftr_cfg plan = kiss_fftr_alloc(kSize, /*inverse_fft=*/0, nullptr, nullptr);
  ASSERT_NE(plan, nullptr);
  std::vector<kiss_fft_cpx> spectrum(kSize / 2 + 1);
  kiss_fftr(plan, signal.data(), spectrum.data());
  kiss_fftr_free(plan);
  for (int k = 0; k <= kSize / 2; ++k) {
    const double magnitude = std::hypot(spectrum[k].r, spectrum[k].i);
    EXPECT_NEAR(magnitude, k == kBin ? kSize / 2.0 : 0.0, 1e-3) << "bin " << k;
  }
}

TEST(ToolchainTest, Abseil) {
  EXPECT_EQ(absl::StrJoin(std::vector<int>{1, 2, 3}, ","), "1,2,3");
}

}  // namespace
}  // namespace sentio
