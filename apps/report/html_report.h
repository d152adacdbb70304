// A report page for people to look at: `--report=DIR` on `sentio eval`, `mfcc`, `fbank`,
// `cnn profile` and `cnn detect` writes DIR/index.html, a single file with inline SVG charts
// (svg_charts.h), tables and notes, and no JavaScript, style sheet or font from the network.
#ifndef APPS_REPORT_HTML_REPORT_H_
#define APPS_REPORT_HTML_REPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio {
namespace report {

class HtmlReport {
 public:
  // `title` heads the page; `command` (the command line that made it) is shown under it.
  HtmlReport(std::string title, std::string command);

  void AddHeading(const std::string& text);
  void AddParagraph(const std::string& text);
  // Name/value lines, e.g. accuracy and kappa.
  void AddFacts(const std::vector<std::pair<std::string, std::string>>& facts);
  void AddTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);
  // An <svg> element from svg_charts.h.
  void AddChart(const std::string& svg);

  std::string Html() const;

  // Creates `directory` when missing and writes `directory/index.html` (whole or not at all).
  // Returns the file's path.
  absl::StatusOr<std::string> Write(const std::string& directory) const;

 private:
  std::string title_;
  std::string command_;
  std::string body_;
};

// The command line of a `sentio` call, for a report's header: "sentio eval --data=...".
std::string CommandText(const std::string& command, const std::vector<std::string>& args);

}  // namespace report
}  // namespace sentio

#endif  // APPS_REPORT_HTML_REPORT_H_
