#include "apps/report/svg_charts.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace report {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

int Count(const std::string& text, const std::string& part) {
  int n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// One <svg> element whose every <text>, <rect> and <title> opened is closed.
void ExpectWellFormed(const std::string& svg) {
  EXPECT_THAT(svg, StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(svg, EndsWith("</svg>"));
  EXPECT_EQ(Count(svg, "<svg"), 1);
  EXPECT_EQ(Count(svg, "<text"), Count(svg, "</text>"));
  EXPECT_EQ(Count(svg, "<title>"), Count(svg, "</title>"));
  EXPECT_EQ(Count(svg, "<rect"), Count(svg, "</rect>") + Count(svg, "<rect width=\"100%\""));
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf\"")));
}

TEST(SvgChartsTest, EscapesText) {
  EXPECT_EQ(XmlEscape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
}

TEST(SvgChartsTest, HeatMapLabelsRowsColumnsAndCounts) {
  const std::string svg = HeatMapSvg("Confusion matrix", {"walk", "run<1>"}, {"walk", "run<1>"},
                                     {{9, 1}, {0, 10}}, "actual", "predicted");
  ExpectWellFormed(svg);
  EXPECT_THAT(svg, HasSubstr(">Confusion matrix</text>"));
  EXPECT_THAT(svg, HasSubstr(">run&lt;1&gt;</text>"));
  EXPECT_THAT(svg, HasSubstr(">predicted</text>"));
  EXPECT_THAT(svg, HasSubstr(">9</text>"));
  EXPECT_THAT(svg, HasSubstr("<title>walk as run&lt;1&gt;: 1</title>"));
  // The diagonal cell of a row that is all correct has the brightest colour.
  EXPECT_THAT(svg, HasSubstr("fill=\"#fde725\"><title>run&lt;1&gt; as run&lt;1&gt;: 10"));
}

TEST(SvgChartsTest, BarsLinesImagesAndTimelinesCarryTheirLabels) {
  const std::string bars = GroupedBarsSvg(
      "Per class", {"a", "b"}, {{"precision", {0.5, 1}}, {"recall", {1, 0.25}}}, 1, "score");
  ExpectWellFormed(bars);
  EXPECT_THAT(bars, HasSubstr(">precision</text>"));
  EXPECT_THAT(bars, HasSubstr("<title>b recall: 0.25</title>"));

  const std::string layers = HorizontalBarsSvg("Time per layer", {"conv1", "fc"}, {2.5, 0.5}, "ms");
  ExpectWellFormed(layers);
  EXPECT_THAT(layers, HasSubstr(">2.5 ms</text>"));

  const std::string lines =
      LineChartSvg("Per frame", {0, 1, 2}, {{"latency ms", {3, 4, 3.5}}}, "frame", "ms");
  ExpectWellFormed(lines);
  EXPECT_THAT(lines, HasSubstr("<polyline"));
  EXPECT_THAT(lines, HasSubstr(">frame</text>"));

  std::vector<std::vector<float>> frames(2000, std::vector<float>(13, 1.0f));
  frames[0][0] = -5;
  const std::string image = MatrixImageSvg("MFCC", frames, 0.01, "coefficient");
  ExpectWellFormed(image);
  EXPECT_THAT(image, HasSubstr(">time (s)</text>"));
  EXPECT_LE(Count(image, "<rect"), 800 * 13 + 1);  // averaged down to 800 columns

  const std::string timeline =
      TimelineSvg("Decisions", {{"truth", {{0, 2, "walk"}, {2, 5, "run"}}},
                                {"predicted", {{0, 2.5, "walk"}, {2.5, 5, "run"}}}});
  ExpectWellFormed(timeline);
  EXPECT_THAT(timeline, HasSubstr("<title>predicted walk: 0.00-2.50 s</title>"));
}

TEST(SvgChartsTest, EmptyInputsStillDraw) {
  ExpectWellFormed(HeatMapSvg("t", {}, {}, {}, "r", "c"));
  ExpectWellFormed(GroupedBarsSvg("t", {}, {}, 1, "y"));
  ExpectWellFormed(HorizontalBarsSvg("t", {}, {}, "ms"));
  ExpectWellFormed(LineChartSvg("t", {}, {}, "x", "y"));
  ExpectWellFormed(MatrixImageSvg("t", {}, 0.01, "bin"));
  ExpectWellFormed(TimelineSvg("t", {}));
}

}  // namespace
}  // namespace report
}  // namespace sentio
