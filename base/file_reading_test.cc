#include "base/file_reading.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

TEST(ReadWholeFileTest, ReadsEveryByte) {
  const std::string path = TempPath("bytes.bin");
  const std::string bytes("a\0b\r\nc", 6);
  std::ofstream(path, std::ios::binary) << bytes;
  absl::StatusOr<std::string> content = ReadWholeFile(path);
  ASSERT_TRUE(content.ok()) << content.status();
  EXPECT_EQ(*content, bytes);
}

TEST(ReadWholeFileTest, ReadsAnEmptyFile) {
  const std::string path = TempPath("empty.bin");
  std::ofstream(path, std::ios::binary).flush();
  absl::StatusOr<std::string> content = ReadWholeFile(path);
  ASSERT_TRUE(content.ok()) << content.status();
  EXPECT_EQ(*content, "");
}

TEST(ReadWholeFileTest, AMissingFileIsNotFound) {
  absl::StatusOr<std::string> content = ReadWholeFile(TempPath("missing.bin"));
  EXPECT_TRUE(absl::IsNotFound(content.status()));
  EXPECT_THAT(content.status().message(), HasSubstr("missing.bin"));
}

TEST(ReadWholeFileTest, AFileOverTheLimitIsRefusedNamingTheLimit) {
  const std::string path = TempPath("ten.bin");
  std::ofstream(path, std::ios::binary) << "0123456789";
  EXPECT_TRUE(ReadWholeFile(path, 10).ok());
  EXPECT_THAT(ReadWholeFile(path, 9).status().message(),
              HasSubstr("ten.bin' is 10 bytes, more than the limit of 9 bytes"));
}

// Devices, FIFOs and directories have no size to check: they are refused at once, before any
// read (a FIFO with no writer would otherwise block, /dev/zero would never end).
TEST(ReadWholeFileTest, DevicesFifosAndDirectoriesAreRefusedAtOnce) {
  const std::string fifo = TempPath("input.fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(ReadWholeFile("/dev/zero").status().message(),
              HasSubstr("'/dev/zero' is a character device: only regular files are read whole"));
  EXPECT_THAT(ReadWholeFile(fifo).status().message(), HasSubstr("input.fifo' is a FIFO"));
  EXPECT_THAT(ReadWholeFile(std::getenv("TEST_TMPDIR")).status().message(),
              HasSubstr("is a directory"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  unlink(fifo.c_str());
}

TEST(CheckRegularFileTest, AcceptsFilesRefusesTheRestWithoutWaiting) {
  const std::string path = TempPath("streamed.bin");
  std::ofstream(path) << "frames";
  EXPECT_TRUE(CheckRegularFile(path).ok());
  const std::string fifo = TempPath("stream.fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(CheckRegularFile(fifo).message(),
              HasSubstr("stream.fifo' is a FIFO: only regular files are read"));
  EXPECT_THAT(CheckRegularFile("/dev/zero").message(), HasSubstr("is a character device"));
  EXPECT_EQ(CheckRegularFile(TempPath("absent")).code(), absl::StatusCode::kNotFound);
  unlink(fifo.c_str());
}

}  // namespace
}  // namespace sentio
