#include "sensing/stages/line_file_writer.h"

#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

std::string Contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Exists(const std::string& path) { return std::ifstream(path).good(); }

// Lowers the file size limit to `bytes` for its lifetime, with SIGXFSZ ignored so that a write past
// it fails with EFBIG, as a write to a full disk fails with ENOSPC.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }

 private:
  rlimit saved_;
  void (*previous_handler_)(int);
};

TEST(LineFileWriterTest, WritesLinesAndReplacesAnEarlierFile) {
  const std::string path = TempPath("lines.txt");
  std::ofstream(path) << "earlier content that is longer\n";
  LineFileWriter writer;
  ASSERT_TRUE(writer.Open(path).ok());
  ASSERT_TRUE(writer.WriteLine("{\"a\":1}").ok());
  EXPECT_EQ(Contents(path), "{\"a\":1}\n");  // written through, before Close
  ASSERT_TRUE(writer.WriteLine("{\"a\":2}").ok());
  ASSERT_TRUE(writer.Close().ok());
  EXPECT_EQ(Contents(path), "{\"a\":1}\n{\"a\":2}\n");
}

TEST(LineFileWriterTest, AFullDiskKeepsTheWholeLinesWrittenBefore) {
  const std::string path = TempPath("full.txt");
  const std::string line(29, 'x');  // 30 bytes with its newline
  LineFileWriter writer;
  ASSERT_TRUE(writer.Open(path).ok());
  absl::Status status;
  {
    FileSizeLimit limit(100);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(writer.WriteLine(line).ok()) << i;
    status = writer.WriteLine(line);  // 10 bytes of it fit
  }
  EXPECT_THAT(status.message(), HasSubstr(absl::StrCat("cannot write '", path,
                                                       "' after 3 lines: File too large; it "
                                                       "keeps the 3 whole lines written before")));
  EXPECT_EQ(Contents(path), line + "\n" + line + "\n" + line + "\n");
  EXPECT_TRUE(writer.Close().ok());
}

TEST(LineFileWriterTest, AFileThatGotNoWholeLineIsRemoved) {
  const std::string path = TempPath("none.txt");
  LineFileWriter writer;
  ASSERT_TRUE(writer.Open(path).ok());
  absl::Status status;
  {
    FileSizeLimit limit(10);
    status = writer.WriteLine(std::string(40, 'y'));
  }
  EXPECT_THAT(status.message(),
              HasSubstr("after 0 lines: File too large; no line was written, the file is removed"));
  EXPECT_FALSE(Exists(path));
  EXPECT_TRUE(writer.Close().ok());
}

TEST(LineFileWriterTest, ErrorsNameTheFileAndTheReason) {
  LineFileWriter full;
  ASSERT_TRUE(full.Open("/dev/full").ok());
  EXPECT_THAT(full.WriteLine("x").message(),
              HasSubstr("cannot write '/dev/full' after 0 lines: No space left on device"));
  LineFileWriter missing;
  EXPECT_THAT(missing.Open("/no/such/dir/out.jsonl").message(),
              HasSubstr("cannot create '/no/such/dir/out.jsonl': No such file or directory"));
}

}  // namespace
}  // namespace sentio
