// The charts of Sentio's HTML reports as inline SVG, with no script and no network: a confusion
// matrix heat map, grouped and horizontal bars, lines over frames, a matrix image (spectrogram,
// MFCC) and a timeline of labelled segments (decisions against the truth). Each function returns
// one self-contained <svg> element whose title and labels are text a browser and a test can find.
#ifndef APPS_REPORT_SVG_CHARTS_H_
#define APPS_REPORT_SVG_CHARTS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace sentio {
namespace report {

// `text` with &, <, >, " and ' escaped for XML and HTML.
std::string XmlEscape(absl::string_view text);

struct Series {
  std::string name;
  std::vector<double> values;
};

// Cell (r, c) shaded by its share of row r's total and labelled with its value; rows and columns
// named (e.g. actual and predicted class).
std::string HeatMapSvg(const std::string& title, const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& column_labels,
                       const std::vector<std::vector<double>>& values, const std::string& row_axis,
                       const std::string& column_axis);

// For each category, one bar per series (e.g. precision and recall per class), on a 0..y_max axis.
std::string GroupedBarsSvg(const std::string& title, const std::vector<std::string>& categories,
                           const std::vector<Series>& series, double y_max,
                           const std::string& y_label);

// One horizontal bar per label, in the order given, each with its value written after it (e.g.
// milliseconds per layer).
std::string HorizontalBarsSvg(const std::string& title, const std::vector<std::string>& labels,
                              const std::vector<double>& values, const std::string& unit);

// Lines of `series` (each as long as `x`) against `x`.
std::string LineChartSvg(const std::string& title, const std::vector<double>& x,
                         const std::vector<Series>& series, const std::string& x_label,
                         const std::string& y_label);

// `frames` (time by bins) as an image: time left to right, bin 0 at the bottom, shaded from the
// smallest value to the largest. Long inputs are averaged down to at most 800 columns.
std::string MatrixImageSvg(const std::string& title, const std::vector<std::vector<float>>& frames,
                           double seconds_per_frame, const std::string& bins_label);

struct Segment {
  double start = 0, end = 0;  // seconds
  std::string label;
};

struct Track {
  std::string name;
  std::vector<Segment> segments;
};

// One row per track on a shared time axis, each segment coloured by its label, with a legend.
std::string TimelineSvg(const std::string& title, const std::vector<Track>& tracks);

}  // namespace report
}  // namespace sentio

#endif  // APPS_REPORT_SVG_CHARTS_H_
