#include "sensing/wav_reader.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

void AppendU16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}
void AppendU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::string Chunk(const std::string& id, const std::string& body) {
  std::string out = id;
  AppendU32(out, body.size());
  out += body;
  if (body.size() % 2 == 1) out.push_back('\0');
  return out;
}
std::string FormatBody(uint16_t tag, uint16_t channels, uint32_t rate, uint16_t bits) {
  std::string body;
  AppendU16(body, tag);
  AppendU16(body, channels);
  AppendU32(body, rate);
  AppendU32(body, rate * channels * bits / 8);
  AppendU16(body, channels * bits / 8);
  AppendU16(body, bits);
  return body;
}
std::string ExtensibleFormatBody(uint16_t sub_format, uint16_t channels, uint32_t rate,
                                 uint16_t bits) {
  std::string body = FormatBody(0xFFFE, channels, rate, bits);
  AppendU16(body, 22);    // cbSize
  AppendU16(body, bits);  // valid bits per sample
  AppendU32(body, 0x3);   // channel mask
  AppendU16(body, sub_format);
  const unsigned char tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                  0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
  body.append(reinterpret_cast<const char*>(tail), sizeof(tail));
  return body;
}
std::string Riff(const std::string& chunks) {
  std::string out = "RIFF";
  AppendU32(out, 4 + chunks.size());
  return out + "WAVE" + chunks;
}
std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

TEST(WavReaderTest, Reads16BitMonoAsIntegerOver32768) {
  std::string data;
  for (int16_t v : {0, 16384, -32768, 32767, -1}) AppendU16(data, static_cast<uint16_t>(v));
  auto clip =
      ParseWav(Riff(Chunk("fmt ", FormatBody(1, 1, 8000, 16)) + Chunk("data", data)), "a.wav");
  ASSERT_TRUE(clip.ok()) << clip.status();
  EXPECT_EQ(clip->sample_rate_hz, 8000);
  EXPECT_EQ(clip->channels, 1);
  EXPECT_EQ(clip->num_frames(), 5);
  EXPECT_THAT(clip->samples, ElementsAre(0.0f, 0.5f, -1.0f, 32767 / 32768.0f, -1 / 32768.0f));
}

TEST(WavReaderTest, Reads8BitUnsignedStereoInterleaved) {
  auto clip = ParseWav(
      Riff(Chunk("fmt ", FormatBody(1, 2, 11025, 8)) + Chunk("data", Bytes({128, 0, 255, 192}))),
      "b.wav");
  ASSERT_TRUE(clip.ok()) << clip.status();
  EXPECT_EQ(clip->channels, 2);
  EXPECT_EQ(clip->sample_rate_hz, 11025);
  EXPECT_EQ(clip->num_frames(), 2);
  EXPECT_THAT(clip->samples, ElementsAre(0.0f, -1.0f, 127 / 128.0f, 0.5f));
}

TEST(WavReaderTest, Reads24And32BitIntegers) {
  // 24-bit little endian: 0x400000 = 0.5, 0x800000 = -1, 0xFFFFFF = -1 / 2^23.
  auto clip24 = ParseWav(Riff(Chunk("fmt ", FormatBody(1, 1, 16000, 24)) +
                              Chunk("data", Bytes({0, 0, 0x40, 0, 0, 0x80, 0xFF, 0xFF, 0xFF}))),
                         "c.wav");
  ASSERT_TRUE(clip24.ok()) << clip24.status();
  EXPECT_THAT(clip24->samples, ElementsAre(0.5f, -1.0f, static_cast<float>(-1 / 8388608.0)));
  std::string data;
  AppendU32(data, 0xC0000000u);  // -2^30
  AppendU32(data, 0x00000001u);
  auto clip32 =
      ParseWav(Riff(Chunk("fmt ", FormatBody(1, 1, 16000, 32)) + Chunk("data", data)), "d.wav");
  ASSERT_TRUE(clip32.ok()) << clip32.status();
  EXPECT_THAT(clip32->samples, ElementsAre(-0.5f, static_cast<float>(1 / 2147483648.0)));
}

TEST(WavReaderTest, ReadsFloatAndExtensibleFormats) {
  std::string data;
  for (float v : {0.25f, -0.75f, 1.5f}) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    AppendU32(data, bits);
  }
  auto plain =
      ParseWav(Riff(Chunk("fmt ", FormatBody(3, 1, 44100, 32)) + Chunk("data", data)), "e.wav");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_THAT(plain->samples, ElementsAre(0.25f, -0.75f, 1.5f));
  auto extensible_float = ParseWav(
      Riff(Chunk("fmt ", ExtensibleFormatBody(3, 1, 44100, 32)) + Chunk("data", data)), "f.wav");
  ASSERT_TRUE(extensible_float.ok()) << extensible_float.status();
  EXPECT_EQ(extensible_float->samples, plain->samples);

  std::string pcm;
  for (int16_t v : {100, -100, 200, -200}) AppendU16(pcm, static_cast<uint16_t>(v));
  auto extensible_pcm = ParseWav(
      Riff(Chunk("fmt ", ExtensibleFormatBody(1, 2, 48000, 16)) + Chunk("data", pcm)), "g.wav");
  ASSERT_TRUE(extensible_pcm.ok()) << extensible_pcm.status();
  EXPECT_EQ(extensible_pcm->channels, 2);
  EXPECT_EQ(extensible_pcm->samples.size(), 4u);
  EXPECT_FLOAT_EQ(extensible_pcm->samples[3], -200 / 32768.0f);
}

TEST(WavReaderTest, SkipsUnknownChunksWithOddPadding) {
  std::string data;
  AppendU16(data, 0x1000);
  const std::string wav =
      Riff(Chunk("LIST", "INFOabc") + Chunk("fmt ", FormatBody(1, 1, 8000, 16)) +
           Chunk("fact", Bytes({1, 0, 0, 0})) + Chunk("data", data) + Chunk("junk", "x"));
  auto clip = ParseWav(wav, "h.wav");
  ASSERT_TRUE(clip.ok()) << clip.status();
  EXPECT_THAT(clip->samples, ElementsAre(0x1000 / 32768.0f));
}

TEST(WavReaderTest, EmptyDataChunkGivesNoSamples) {
  auto clip =
      ParseWav(Riff(Chunk("fmt ", FormatBody(1, 1, 8000, 16)) + Chunk("data", "")), "i.wav");
  ASSERT_TRUE(clip.ok()) << clip.status();
  EXPECT_TRUE(clip->samples.empty());
}

// Every malformed input is an InvalidArgument error that names the file and the problem.
void ExpectMalformed(const std::string& bytes, const std::string& message_part) {
  auto clip = ParseWav(bytes, "bad.wav");
  ASSERT_FALSE(clip.ok()) << "expected an error mentioning: " << message_part;
  EXPECT_EQ(clip.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(clip.status().message()), HasSubstr("bad.wav: "));
  EXPECT_THAT(std::string(clip.status().message()), HasSubstr(message_part));
}

TEST(WavReaderTest, RejectsMalformedFiles) {
  const std::string fmt16 = Chunk("fmt ", FormatBody(1, 1, 8000, 16));
  std::string two_samples;
  AppendU32(two_samples, 0x00010002);
  ExpectMalformed("", "not a RIFF file");
  ExpectMalformed("RIFX\x10\0\0\0WAVE", "not a RIFF file");
  ExpectMalformed("RIFF\x10\0\0", "truncated RIFF header");
  ExpectMalformed(std::string("RIFF\x10\0\0\0AVI ", 12), "not WAVE");
  ExpectMalformed(Riff("fmt \x10\0"), "truncated chunk header");
  ExpectMalformed(Riff(fmt16.substr(0, 20)), "'fmt ' chunk declares 16 bytes but only 12 remain");
  // The data chunk declares 8 bytes; only 4 follow.
  std::string short_data = "data";
  AppendU32(short_data, 8);
  ExpectMalformed(Riff(fmt16 + short_data + two_samples), "'data' chunk declares 8 bytes");
  ExpectMalformed(Riff(Chunk("fmt ", FormatBody(2, 1, 8000, 4)) + Chunk("data", two_samples)),
                  "unsupported format tag 2");
  ExpectMalformed(Riff(Chunk("fmt ", FormatBody(1, 0, 8000, 16)) + Chunk("data", two_samples)),
                  "zero channels");
  std::string misaligned = FormatBody(1, 2, 8000, 16);
  misaligned[12] = 3;  // block align 3 for two 16-bit channels
  ExpectMalformed(Riff(Chunk("fmt ", misaligned) + Chunk("data", two_samples)),
                  "block align 3 does not match 2 channels of 16 bits");
  ExpectMalformed(Riff(Chunk("fmt ", FormatBody(1, 1, 8000, 12)) + Chunk("data", two_samples)),
                  "unsupported 12-bit PCM");
  ExpectMalformed(Riff(Chunk("fmt ", FormatBody(3, 1, 8000, 64)) + Chunk("data", two_samples)),
                  "unsupported 64-bit float");
  ExpectMalformed(Riff(Chunk("fmt ", FormatBody(1, 1, 0, 16)) + Chunk("data", two_samples)),
                  "invalid sample rate 0");
  ExpectMalformed(
      Riff(Chunk("fmt ", FormatBody(1, 1, 8000, 16).substr(0, 14)) + Chunk("data", two_samples)),
      "'fmt ' chunk is 14 bytes");
  ExpectMalformed(Riff(Chunk("data", two_samples) + fmt16), "'data' chunk before the 'fmt ' chunk");
  ExpectMalformed(Riff(fmt16), "no 'data' chunk");
  ExpectMalformed(Riff(Chunk("LIST", "abcd")), "no 'fmt ' chunk");
  ExpectMalformed(Riff(fmt16 + Chunk("data", "abc")), "not a whole number of 2-byte sample frames");
  std::string bad_guid = ExtensibleFormatBody(1, 1, 8000, 16);
  bad_guid[30] = 0x7F;
  ExpectMalformed(Riff(Chunk("fmt ", bad_guid) + Chunk("data", two_samples)), "sub-format GUID");
  ExpectMalformed(Riff(Chunk("fmt ", FormatBody(0xFFFE, 1, 8000, 16)) + Chunk("data", two_samples)),
                  "shorter than 40 bytes");
  std::string long_list = "LIST";
  AppendU32(long_list, 1000);
  ExpectMalformed(Riff(fmt16 + long_list + "abcd"), "chunk 'LIST' at byte 36 declares 1000 bytes");
}

TEST(WavReaderTest, ReadWavFileNamesAMissingFile) {
  auto clip = ReadWavFile("/nonexistent/dir/missing.wav");
  ASSERT_FALSE(clip.ok());
  EXPECT_THAT(std::string(clip.status().message()), HasSubstr("missing.wav"));
}

TEST(WavReaderTest, ReadWavFileReadsWhatItParses) {
  std::string data;
  AppendU16(data, 0x0100);
  AppendU16(data, 0xFF00);
  const std::string path =
      std::string(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp") + "/wav_reader_test.wav";
  std::ofstream(path, std::ios::binary)
      << Riff(Chunk("fmt ", FormatBody(1, 1, 22050, 16)) + Chunk("data", data));
  auto clip = ReadWavFile(path);
  ASSERT_TRUE(clip.ok()) << clip.status();
  EXPECT_EQ(clip->sample_rate_hz, 22050);
  EXPECT_THAT(clip->samples, ElementsAre(256 / 32768.0f, -256 / 32768.0f));
}

}  // namespace
}  // namespace sentio
