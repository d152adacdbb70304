#include "apps/report/html_report.h"

#include <cstdlib>
#include <string>

#include "base/file_reading.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(HtmlReportTest, PageHoldsTitleCommandFactsTablesAndCharts) {
  HtmlReport page("Evaluation <iris>", CommandText("eval", {"--data=iris.arff"}));
  page.AddHeading("Summary");
  page.AddFacts({{"accuracy", "0.96"}});
  page.AddTable({"class", "recall"}, {{"setosa", "1.0000"}});
  page.AddChart("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
  const std::string html = page.Html();
  EXPECT_THAT(html, HasSubstr("<title>Evaluation &lt;iris&gt;</title>"));
  EXPECT_THAT(html, HasSubstr("<code>sentio eval --data=iris.arff</code>"));
  EXPECT_THAT(html, HasSubstr("<dt>accuracy</dt><dd>0.96</dd>"));
  EXPECT_THAT(html, HasSubstr("<td>setosa</td>"));
  EXPECT_THAT(html, HasSubstr("<figure><svg"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("http://www.w3.org/1999")));  // nothing fetched: no links
}

TEST(HtmlReportTest, WritesIndexHtmlIntoANewFolder) {
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/reports/eval";
  HtmlReport page("t", "sentio eval");
  const absl::StatusOr<std::string> path = page.Write(dir);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, dir + "/index.html");
  const absl::StatusOr<std::string> text = ReadWholeFile(*path);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, page.Html());
}

TEST(HtmlReportTest, AFolderThatCannotBeMadeIsNamed) {
  HtmlReport page("t", "sentio eval");
  EXPECT_THAT(page.Write("/proc/none/report").status().message(),
              HasSubstr("--report=/proc/none/report: cannot create the folder"));
}

}  // namespace
}  // namespace report
}  // namespace sentio
