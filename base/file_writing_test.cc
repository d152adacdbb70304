#include "base/file_writing.h"

#include <signal.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

std::string Content(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

// Nothing beside `path` but the file itself: no partial file left behind.
void ExpectNoPartialFiles(const std::string& path) {
  const std::filesystem::path target(path);
  for (const auto& entry : std::filesystem::directory_iterator(target.parent_path())) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr(".partial-")));
  }
}

TEST(WriteWholeFileTest, WritesAndReplaces) {
  const std::string path = TempPath("out.bin");
  ASSERT_TRUE(WriteWholeFile(path, std::string("a\0b", 3)).ok());
  EXPECT_EQ(Content(path), std::string("a\0b", 3));
  ASSERT_TRUE(WriteWholeFile(path, "second").ok());
  EXPECT_EQ(Content(path), "second");
  ExpectNoPartialFiles(path);
}

TEST(WriteWholeFileTest, AFullDeviceIsAnErrorNamingIt) {
  const absl::Status status = WriteWholeFile("/dev/full", "bytes");
  EXPECT_THAT(status.message(), HasSubstr("cannot write '/dev/full': No space left on device"));
}

TEST(WriteWholeFileTest, AMissingDirectoryOrADirectoryIsAnError) {
  EXPECT_THAT(WriteWholeFile(TempPath("no/such/dir/out.bin"), "x").message(),
              HasSubstr("no/such/dir/out.bin': No such file or directory"));
  EXPECT_THAT(WriteWholeFile(std::getenv("TEST_TMPDIR"), "x").message(),
              HasSubstr("it is a directory"));
}

// A disk that fills up mid-write (here a file size limit, as ENOSPC would): the error names the
// file, the earlier content stays whole and no partial file is left.
TEST(WriteWholeFileTest, AFailedWriteLeavesTheOldFileWhole) {
  const std::string path = TempPath("kept.bin");
  ASSERT_TRUE(WriteWholeFile(path, "old content").ok());
  struct rlimit old_limit;
  getrlimit(RLIMIT_FSIZE, &old_limit);
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit limit = old_limit;
  limit.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);
  const absl::Status status = WriteWholeFile(path, std::string(100000, 'x'));
  setrlimit(RLIMIT_FSIZE, &old_limit);
  EXPECT_THAT(status.message(), HasSubstr("cannot write '" + path + "': File too large"));
  EXPECT_EQ(Content(path), "old content");
  ExpectNoPartialFiles(path);
}

}  // namespace
}  // namespace sentio
