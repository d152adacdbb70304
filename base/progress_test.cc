#include "base/progress.h"

#include <cstdlib>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(ProgressTest, DrawsCountRateAndEtaThenClears) {
  std::ostringstream out;
  {
    ProgressLine progress("eval", "fold", 3, &out);
    progress.Advance();
    EXPECT_THAT(out.str(), HasSubstr("\r\x1b[Keval: fold 1 of 3 ("));
    EXPECT_THAT(progress.Text(),
                MatchesRegex("eval: fold 1 of 3 \\([0-9.]+/s, ETA [0-9]+:[0-9]{2}\\)"));
    progress.Advance();
    progress.Advance();  // the last step is always drawn
    EXPECT_THAT(out.str(), HasSubstr("eval: fold 3 of 3 ("));
  }
  EXPECT_THAT(out.str(), EndsWith("\r\x1b[K"));
}

TEST(ProgressTest, UnknownTotalHasNoEta) {
  ProgressLine progress("detect", "frame", 0, nullptr);
  progress.Advance();
  EXPECT_THAT(progress.Text(), MatchesRegex("detect: frame 1 \\([0-9.]+/s\\)"));
}

TEST(ProgressTest, NothingWithoutAStream) {
  std::ostringstream out;
  { ProgressLine("x", "step", 2, nullptr).Advance(); }
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressTest, EnvironmentChoosesTheStream) {
  setenv("SENTIO_PROGRESS", "1", 1);
  EXPECT_NE(ProgressStream(), nullptr);
  setenv("SENTIO_PROGRESS", "0", 1);
  EXPECT_EQ(ProgressStream(), nullptr);
  unsetenv("SENTIO_PROGRESS");
}

}  // namespace
}  // namespace sentio
