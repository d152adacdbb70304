#include "apps/report/svg_charts.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sentio {
namespace report {
namespace {

constexpr int kFontSize = 12;
constexpr int kTitleHeight = 28;

// Approximate width of `text` in pixels at kFontSize (sans-serif averages ~0.6 em per character).
int TextWidth(absl::string_view text) {
  return static_cast<int>(std::ceil(0.62 * kFontSize * static_cast<double>(text.size())));
}

// Width of a chart's title, drawn at 15 px bold.
int TitleWidth(absl::string_view text) {
  return static_cast<int>(std::ceil(0.7 * 15 * static_cast<double>(text.size())));
}

// Tableau's ten categorical colours.
const char* CategoryColour(size_t i) {
  static const char* const kColours[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                         "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  return kColours[i % 10];
}

// A perceptually ordered colour for t in [0, 1] (viridis, linearly between five of its points).
std::string SequentialColour(double t) {
  static const int kAnchors[5][3] = {
      {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 4;
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  int rgb[3];
  for (int k = 0; k < 3; ++k) {
    rgb[k] =
        static_cast<int>(std::lround(kAnchors[i][k] + f * (kAnchors[i + 1][k] - kAnchors[i][k])));
  }
  return absl::StrFormat("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

std::string Number(double value) { return absl::StrFormat("%.4g", value); }

// The opening of an <svg> of `width` x `height` with its title (for screen readers and tests)
// drawn at the top.
std::string Open(const std::string& title, int width, int height) {
  return absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
      "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-family=\"DejaVu Sans, "
      "sans-serif\" font-size=\"%d\"><title>%s</title>"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>"
      "<text x=\"%d\" y=\"18\" font-size=\"15\" font-weight=\"bold\">%s</text>",
      width, height, width, height, XmlEscape(title), kFontSize, XmlEscape(title), 8,
      XmlEscape(title));
}

std::string Text(double x, double y, absl::string_view text, absl::string_view anchor = "start",
                 absl::string_view extra = "") {
  return absl::StrFormat("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>", x, y, anchor,
                         extra.empty() ? "" : absl::StrCat(" ", extra), XmlEscape(text));
}

std::string Line(double x1, double y1, double x2, double y2, absl::string_view colour,
                 double width = 1) {
  return absl::StrFormat(
      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
      x1, y1, x2, y2, colour, width);
}

std::string Rect(double x, double y, double w, double h, absl::string_view fill,
                 absl::string_view tooltip = "") {
  return absl::StrFormat(
      "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\">%s</rect>", x, y,
      std::max(0.0, w), std::max(0.0, h), fill,
      tooltip.empty() ? "" : absl::StrCat("<title>", XmlEscape(tooltip), "</title>"));
}

// A round step for about five ticks from 0 to `max`.
double TickStep(double max) {
  if (!(max > 0)) return 1;
  const double rough = max / 5;
  const double magnitude = std::pow(10, std::floor(std::log10(rough)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * magnitude >= rough) return m * magnitude;
  }
  return 10 * magnitude;
}

// A vertical value axis from `low` to `high` at x = `x`, plot top `top`, height `height`, with
// grid lines across `width`.
std::string ValueAxis(double low, double high, double x, double top, double width, double height,
                      const std::string& label) {
  std::string svg;
  const double step = TickStep(high - low);
  for (double v = std::ceil(low / step) * step; v <= high + step * 1e-9; v += step) {
    const double y = top + height * (1 - (v - low) / (high - low));
    absl::StrAppend(&svg, Line(x, y, x + width, y, "#e0e0e0"),
                    Text(x - 4, y + 4, Number(v), "end"));
  }
  absl::StrAppend(&svg, Line(x, top, x, top + height, "#333"));
  absl::StrAppend(&svg,
                  Text(12, top + height / 2, label, "middle",
                       absl::StrFormat("transform=\"rotate(-90 12 %.1f)\"", top + height / 2)));
  return svg;
}

// Legend entries in a row starting at (x, y).
std::string Legend(const std::vector<std::string>& names, double x, double y) {
  std::string svg;
  for (size_t i = 0; i < names.size(); ++i) {
    absl::StrAppend(&svg, Rect(x, y - 10, 12, 12, CategoryColour(i)), Text(x + 16, y, names[i]));
    x += 28 + TextWidth(names[i]);
  }
  return svg;
}

int LongestText(const std::vector<std::string>& texts) {
  int longest = 0;
  for (const std::string& text : texts) longest = std::max(longest, TextWidth(text));
  return longest;
}

}  // namespace

std::string XmlEscape(absl::string_view text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string HeatMapSvg(const std::string& title, const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& column_labels,
                       const std::vector<std::vector<double>>& values, const std::string& row_axis,
                       const std::string& column_axis) {
  const int rows = static_cast<int>(row_labels.size());
  const int columns = static_cast<int>(column_labels.size());
  const int cell = std::clamp(560 / std::max(1, std::max(rows, columns)), 14, 44);
  const int left = 30 + LongestText(row_labels) + 8;
  const int label_height = std::min(160, LongestText(column_labels));  // written at -45 degrees
  const int top = kTitleHeight + 22 + static_cast<int>(label_height * 0.72) + 8;
  const int width = std::max(left + columns * cell + 20, TitleWidth(title) + 20);
  const int height = top + rows * cell + 16;
  std::string svg = Open(title, width, height);
  absl::StrAppend(&svg, Text(left + columns * cell / 2.0, kTitleHeight + 14, column_axis, "middle",
                             "font-style=\"italic\""));
  absl::StrAppend(&svg, Text(12, top + rows * cell / 2.0, row_axis, "middle",
                             absl::StrFormat("font-style=\"italic\" transform=\"rotate(-90 12 "
                                             "%.1f)\"",
                                             top + rows * cell / 2.0)));
  for (int c = 0; c < columns; ++c) {
    const double x = left + (c + 0.5) * cell;
    absl::StrAppend(&svg, Text(x, top - 6, column_labels[c], "start",
                               absl::StrFormat("transform=\"rotate(-45 %.1f %d)\"", x, top - 6)));
  }
  for (int r = 0; r < rows; ++r) {
    double total = 0;
    for (int c = 0; c < columns; ++c) total += values[r][c];
    absl::StrAppend(&svg, Text(left - 6, top + (r + 0.5) * cell + 4, row_labels[r], "end"));
    for (int c = 0; c < columns; ++c) {
      const double share = total > 0 ? values[r][c] / total : 0;
      const double x = left + c * cell, y = top + r * cell;
      absl::StrAppend(&svg, Rect(x, y, cell - 1, cell - 1, SequentialColour(share),
                                 absl::StrCat(row_labels[r], " as ", column_labels[c], ": ",
                                              Number(values[r][c]))));
      if (cell >= 20 && values[r][c] != 0) {
        absl::StrAppend(&svg, Text(x + cell / 2.0, y + cell / 2.0 + 4, Number(values[r][c]),
                                   "middle", share > 0.6 ? "fill=\"black\"" : "fill=\"white\""));
      }
    }
  }
  return svg + "</svg>";
}

std::string GroupedBarsSvg(const std::string& title, const std::vector<std::string>& categories,
                           const std::vector<Series>& series, double y_max,
                           const std::string& y_label) {
  const int groups = static_cast<int>(categories.size());
  const int bars = static_cast<int>(series.size());
  const int group_width = std::clamp(640 / std::max(1, groups), 16 * bars + 8, 24 * bars + 16);
  const int left = 70, top = kTitleHeight + 24, plot_height = 220;
  const int label_height = std::min(160, LongestText(categories));
  const int width = std::max(left + groups * group_width + 20, TitleWidth(title) + 20);
  const int height = top + plot_height + static_cast<int>(label_height * 0.72) + 24;
  std::string svg = Open(title, width, height);
  std::vector<std::string> names;
  for (const Series& s : series) names.push_back(s.name);
  absl::StrAppend(&svg, Legend(names, left, kTitleHeight + 12));
  absl::StrAppend(&svg, ValueAxis(0, y_max, left, top, groups * group_width, plot_height, y_label));
  const double bar_width = (group_width - 8.0) / std::max(1, bars);
  for (int g = 0; g < groups; ++g) {
    for (int b = 0; b < bars; ++b) {
      const double value = g < static_cast<int>(series[b].values.size()) ? series[b].values[g] : 0;
      const double h = plot_height * std::clamp(value / y_max, 0.0, 1.0);
      absl::StrAppend(&svg,
                      Rect(left + g * group_width + 4 + b * bar_width, top + plot_height - h,
                           bar_width - 1, h, CategoryColour(b),
                           absl::StrCat(categories[g], " ", series[b].name, ": ", Number(value))));
    }
    const double x = left + (g + 0.5) * group_width;
    const double y = top + plot_height + 14;
    absl::StrAppend(&svg, Text(x, y, categories[g], "start",
                               absl::StrFormat("transform=\"rotate(45 %.1f %.1f)\"", x, y)));
  }
  return svg + "</svg>";
}

std::string HorizontalBarsSvg(const std::string& title, const std::vector<std::string>& labels,
                              const std::vector<double>& values, const std::string& unit) {
  const int rows = static_cast<int>(labels.size());
  const int left = 12 + std::min(360, LongestText(labels)) + 8;
  const int plot_width = 420, bar = 18, top = kTitleHeight + 8;
  double largest = 0;
  for (double v : values) largest = std::max(largest, v);
  const int width = std::max(left + plot_width + 90, TitleWidth(title) + 20);
  const int height = top + rows * bar + 12;
  std::string svg = Open(title, width, height);
  for (int r = 0; r < rows; ++r) {
    const double y = top + r * bar;
    const double w = largest > 0 ? plot_width * values[r] / largest : 0;
    absl::StrAppend(&svg, Text(left - 6, y + 13, labels[r], "end"),
                    Rect(left, y + 2, w, bar - 4, CategoryColour(0),
                         absl::StrCat(labels[r], ": ", Number(values[r]), " ", unit)),
                    Text(left + w + 4, y + 13, absl::StrCat(Number(values[r]), " ", unit)));
  }
  return svg + "</svg>";
}

std::string LineChartSvg(const std::string& title, const std::vector<double>& x,
                         const std::vector<Series>& series, const std::string& x_label,
                         const std::string& y_label) {
  const int left = 70, top = kTitleHeight + 24, plot_width = 640, plot_height = 220;
  const int width = left + plot_width + 20, height = top + plot_height + 44;
  double x_low = x.empty() ? 0 : x.front(), x_high = x.empty() ? 1 : x.back();
  if (x_high <= x_low) x_high = x_low + 1;
  double y_high = 0;
  for (const Series& s : series) {
    for (double v : s.values) y_high = std::max(y_high, v);
  }
  if (y_high <= 0) y_high = 1;
  y_high = std::ceil(y_high / TickStep(y_high)) * TickStep(y_high);
  std::string svg = Open(title, width, height);
  std::vector<std::string> names;
  for (const Series& s : series) names.push_back(s.name);
  absl::StrAppend(&svg, Legend(names, left, kTitleHeight + 12));
  absl::StrAppend(&svg, ValueAxis(0, y_high, left, top, plot_width, plot_height, y_label));
  const double x_step = TickStep(x_high - x_low);
  for (double v = std::ceil(x_low / x_step) * x_step; v <= x_high; v += x_step) {
    const double px = left + plot_width * (v - x_low) / (x_high - x_low);
    absl::StrAppend(&svg, Line(px, top + plot_height, px, top + plot_height + 4, "#333"),
                    Text(px, top + plot_height + 16, Number(v), "middle"));
  }
  absl::StrAppend(&svg, Line(left, top + plot_height, left + plot_width, top + plot_height, "#333"),
                  Text(left + plot_width / 2.0, top + plot_height + 34, x_label, "middle"));
  for (size_t s = 0; s < series.size(); ++s) {
    std::string points;
    for (size_t i = 0; i < x.size() && i < series[s].values.size(); ++i) {
      absl::StrAppendFormat(&points, "%.1f,%.1f ",
                            left + plot_width * (x[i] - x_low) / (x_high - x_low),
                            top + plot_height * (1 - series[s].values[i] / y_high));
    }
    absl::StrAppendFormat(&svg,
                          "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                          "points=\"%s\"><title>%s</title></polyline>",
                          CategoryColour(s), points, XmlEscape(series[s].name));
  }
  return svg + "</svg>";
}

std::string MatrixImageSvg(const std::string& title, const std::vector<std::vector<float>>& frames,
                           double seconds_per_frame, const std::string& bins_label) {
  constexpr int kMaxColumns = 800;
  const int bins = frames.empty() ? 0 : static_cast<int>(frames[0].size());
  const int per_column =
      std::max<int>(1, (static_cast<int>(frames.size()) + kMaxColumns - 1) / kMaxColumns);
  std::vector<std::vector<double>> columns;
  for (size_t f = 0; f < frames.size(); f += per_column) {
    std::vector<double> column(bins, 0);
    const size_t end = std::min(frames.size(), f + per_column);
    for (size_t g = f; g < end; ++g) {
      for (int b = 0; b < bins; ++b) column[b] += frames[g][b] / static_cast<double>(end - f);
    }
    columns.push_back(std::move(column));
  }
  double low = 0, high = 0;
  bool first = true;
  for (const auto& column : columns) {
    for (double v : column) {
      low = first ? v : std::min(low, v);
      high = first ? v : std::max(high, v);
      first = false;
    }
  }
  const int left = 70, top = kTitleHeight + 10, plot_height = std::clamp(bins * 8, 80, 240);
  const double column_width = std::clamp(720.0 / std::max<size_t>(1, columns.size()), 0.9, 8.0);
  const int plot_width = static_cast<int>(std::ceil(column_width * columns.size()));
  const int width = std::max(left + plot_width + 20, TitleWidth(title) + 20);
  const int height = top + plot_height + 44;
  std::string svg = Open(title, width, height);
  const double row_height = static_cast<double>(plot_height) / std::max(1, bins);
  for (size_t c = 0; c < columns.size(); ++c) {
    for (int b = 0; b < bins; ++b) {
      const double t = high > low ? (columns[c][b] - low) / (high - low) : 0;
      absl::StrAppend(&svg, Rect(left + c * column_width, top + (bins - 1 - b) * row_height,
                                 column_width + 0.3, row_height + 0.3, SequentialColour(t)));
    }
  }
  const double seconds = frames.size() * seconds_per_frame;
  const double step = TickStep(seconds);
  for (double s = 0; s <= seconds + 1e-9; s += step) {
    const double px = left + plot_width * (seconds > 0 ? s / seconds : 0);
    absl::StrAppend(&svg, Line(px, top + plot_height, px, top + plot_height + 4, "#333"),
                    Text(px, top + plot_height + 16, Number(s), "middle"));
  }
  absl::StrAppend(
      &svg, Text(left + plot_width / 2.0, top + plot_height + 34, "time (s)", "middle"),
      Text(left - 6, top + plot_height, "0", "end"),
      Text(left - 6, top + 10, Number(bins - 1), "end"),
      Text(12, top + plot_height / 2.0, bins_label, "middle",
           absl::StrFormat("transform=\"rotate(-90 12 %.1f)\"", top + plot_height / 2.0)));
  return svg + "</svg>";
}

std::string TimelineSvg(const std::string& title, const std::vector<Track>& tracks) {
  std::vector<std::string> names, labels;
  std::map<std::string, size_t> colour_of;
  double end = 0;
  for (const Track& track : tracks) {
    names.push_back(track.name);
    for (const Segment& segment : track.segments) {
      end = std::max(end, segment.end);
      if (colour_of.emplace(segment.label, colour_of.size()).second)
        labels.push_back(segment.label);
    }
  }
  if (end <= 0) end = 1;
  const int left = 16 + LongestText(names), top = kTitleHeight + 24, row = 28, plot_width = 680;
  const int width = left + plot_width + 20;
  const int height = top + static_cast<int>(tracks.size()) * row + 44;
  std::string svg = Open(title, width, height);
  absl::StrAppend(&svg, Legend(labels, left, kTitleHeight + 12));
  for (size_t t = 0; t < tracks.size(); ++t) {
    const double y = top + t * row;
    absl::StrAppend(&svg, Text(left - 6, y + 17, tracks[t].name, "end"));
    for (const Segment& segment : tracks[t].segments) {
      absl::StrAppend(&svg, Rect(left + plot_width * segment.start / end, y + 3,
                                 plot_width * (segment.end - segment.start) / end, row - 6,
                                 CategoryColour(colour_of[segment.label]),
                                 absl::StrFormat("%s %s: %.2f-%.2f s", tracks[t].name,
                                                 segment.label, segment.start, segment.end)));
    }
  }
  const double axis_y = top + tracks.size() * row;
  const double step = TickStep(end);
  for (double s = 0; s <= end + 1e-9; s += step) {
    const double px = left + plot_width * s / end;
    absl::StrAppend(&svg, Line(px, axis_y, px, axis_y + 4, "#333"),
                    Text(px, axis_y + 16, Number(s), "middle"));
  }
  absl::StrAppend(&svg, Text(left + plot_width / 2.0, axis_y + 34, "time (s)", "middle"));
  return svg + "</svg>";
}

}  // namespace report
}  // namespace sentio
