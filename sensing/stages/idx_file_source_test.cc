#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"
#include "sensing/replay_clock.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string WriteFile(const std::string& name, const std::string& bytes) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Unsigned-byte IDX arrays: magic 0x0000080N, N big-endian 32-bit dimensions, the bytes.
std::string UbyteIdx(const std::vector<uint32_t>& dims, const std::string& values) {
  std::string bytes = {0, 0, 0x08, static_cast<char>(dims.size())};
  for (uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>(d >> shift));
  }
  return bytes + values;
}

TEST(IdxFileSourceTest, EmitsEachItemAsAScaledTensor) {
  SimulatedClock clock;
  ScopedSourceClock scoped(&clock);
  // Three 2x2 images.
  const std::string path =
      WriteFile("images.idx", UbyteIdx({3, 2, 2}, std::string("\x00\x33\x66\xff\x01\x02\x03\x04"
                                                              "\x05\x06\x07\x08",
                                                              12)));
  auto stage = FakeStageContext::ForStage("IdxFileSource", {{"path", path},
                                                            {"scale", 1.0 / 255},
                                                            {"rate_hz", 100.0},
                                                            {"replay", std::string("realtime")}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  auto& [source, context] = *stage;
  ASSERT_TRUE(source->Open(*context).ok());
  while (!context->source_done) ASSERT_TRUE(source->Process(*context).ok());
  ASSERT_EQ(context->emitted.size(), 3u);
  const TensorPayload& first = *context->emitted[0].second.Get<TensorPayload>();
  EXPECT_THAT(first.shape, ElementsAre(2, 2));
  EXPECT_THAT(first.data, ElementsAre(0.0f, 0.2f, 0.4f, 1.0f));
  EXPECT_EQ(context->emitted[2].second.timestamp_us(), 20000);
  EXPECT_EQ(context->emitted[2].second.Get<TensorPayload>()->data[3],
            static_cast<float>(8.0 / 255));
  EXPECT_THAT(clock.sleeps_us(), ElementsAre(10000, 10000));
}

TEST(IdxFileSourceTest, BadFilesAndOptionsFailOpen) {
  const std::string ok = WriteFile("ok.idx", UbyteIdx({1, 1}, "\x01"));
  const std::vector<std::pair<std::map<std::string, OptionValue>, std::string>> cases = {
      {{{"path", WriteFile("vector.idx", UbyteIdx({2}, "\x01\x02"))}},
       "vector.idx: an IDX array of 1 dimension(s)"},
      {{{"path", WriteFile("short.idx", UbyteIdx({2, 2}, "\x01"))}}, "short.idx"},
      {{{"path", std::string("/no/such.idx")}}, "/no/such.idx"},
      {{{"path", ok}, {"rate_hz", 0.0}}, "rate_hz=0"},
      {{{"path", ok}, {"scale", std::nan("")}}, "scale=nan"},
      {{{"path", ok}, {"replay", std::string("x")}}, "replay='x'"}};
  for (const auto& [options, message] : cases) {
    auto stage = FakeStageContext::ForStage("IdxFileSource", options);
    ASSERT_TRUE(stage.ok());
    auto& [source, context] = *stage;
    EXPECT_THAT(source->Open(*context).message(), HasSubstr(message));
  }
}

}  // namespace
}  // namespace sentio
