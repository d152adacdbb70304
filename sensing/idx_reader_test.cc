#include "sensing/idx_reader.h"

#include <cstring>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "zlib.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Bytes(std::initializer_list<int> values) {
  std::string bytes;
  for (int value : values) bytes.push_back(static_cast<char>(value));
  return bytes;
}

// A 2x3 unsigned-byte array.
const std::string kBytes2x3 = Bytes({0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 250, 5, 6});

std::string Gzip(const std::string& plain) {
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  EXPECT_EQ(deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(plain.size() + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  stream.avail_in = plain.size();
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = out.size();
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST(IdxReaderTest, ReadsUnsignedBytes) {
  absl::StatusOr<IdxArray> array = ParseIdx(kBytes2x3, "a.idx");
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_THAT(array->dims, ElementsAre(2, 3));
  EXPECT_THAT(array->values, ElementsAre(1, 2, 3, 250, 5, 6));
}

TEST(IdxReaderTest, ReadsBigEndianSignedShortsAndFloats) {
  absl::StatusOr<IdxArray> shorts = ParseIdx(Bytes({0, 0, 0x0B, 1, 0, 0, 0, 2, 0xff, 0xfe, 0x01, 0x00}), "s.idx");
  ASSERT_TRUE(shorts.ok()) << shorts.status();
  EXPECT_THAT(shorts->values, ElementsAre(-2, 256));
  // 1.5f is 0x3fc00000.
  absl::StatusOr<IdxArray> floats = ParseIdx(Bytes({0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0}), "f.idx");
  ASSERT_TRUE(floats.ok()) << floats.status();
  EXPECT_THAT(floats->values, ElementsAre(1.5));
}

TEST(IdxReaderTest, ReadsGzipCompressedFiles) {
  const std::string path = std::string(getenv("TEST_TMPDIR")) + "/a.idx.gz";
  std::ofstream(path, std::ios::binary) << Gzip(kBytes2x3);
  absl::StatusOr<IdxArray> array = ReadIdxFile(path);
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_THAT(array->values, ElementsAre(1, 2, 3, 250, 5, 6));
}

TEST(IdxReaderTest, BadMagicIsNamed) {
  std::string bytes = kBytes2x3;
  bytes[0] = 0x1;
  EXPECT_THAT(ParseIdx(bytes, "bad.idx").status().message(),
              HasSubstr("bad.idx: bad IDX magic number 0x01000802"));
  bytes = kBytes2x3;
  bytes[2] = 0x07;
  EXPECT_THAT(ParseIdx(bytes, "bad.idx").status().message(), HasSubstr("bad IDX magic number"));
}

TEST(IdxReaderTest, TruncatedHeaderIsNamed) {
  EXPECT_THAT(ParseIdx(kBytes2x3.substr(0, 3), "t.idx").status().message(),
              HasSubstr("t.idx: truncated IDX header"));
  EXPECT_THAT(ParseIdx(kBytes2x3.substr(0, 9), "t.idx").status().message(),
              HasSubstr("truncated IDX header"));
}

TEST(IdxReaderTest, DataSizeMismatchIsNamed) {
  EXPECT_THAT(ParseIdx(kBytes2x3.substr(0, kBytes2x3.size() - 1), "short.idx").status().message(),
              HasSubstr("short.idx: IDX dimensions 2x3 of 1-byte elements need 18 bytes, the data has 17"));
  EXPECT_THAT(ParseIdx(kBytes2x3 + "x", "long.idx").status().message(),
              HasSubstr("the data has 19"));
  // Dimensions far larger than the file must not overflow.
  EXPECT_THAT(ParseIdx(Bytes({0, 0, 0x08, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                              0xff, 0xff, 0xff, 1}),
                       "huge.idx")
                  .status()
                  .message(),
              HasSubstr("huge.idx: IDX dimensions"));
}

TEST(IdxReaderTest, TruncatedGzipIsNamed) {
  const std::string compressed = Gzip(kBytes2x3);
  EXPECT_THAT(ParseIdx(compressed.substr(0, compressed.size() / 2), "cut.gz").status().message(),
              HasSubstr("cut.gz: truncated gzip data"));
  std::string corrupt = compressed;
  corrupt[12] ^= 0x55;
  corrupt[13] ^= 0x55;
  EXPECT_FALSE(ParseIdx(corrupt, "corrupt.gz").ok());
}

TEST(IdxReaderTest, MissingFileIsNamed) {
  EXPECT_THAT(ReadIdxFile("/nonexistent/labels.idx").status().message(),
              HasSubstr("/nonexistent/labels.idx"));
}

}  // namespace
}  // namespace sentio
