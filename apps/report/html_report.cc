#include "apps/report/html_report.h"

#include <filesystem>
#include <system_error>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "apps/report/svg_charts.h"
#include "base/file_writing.h"

namespace sentio {
namespace report {

HtmlReport::HtmlReport(std::string title, std::string command)
    : title_(std::move(title)), command_(std::move(command)) {}

void HtmlReport::AddHeading(const std::string& text) {
  absl::StrAppend(&body_, "<h2>", XmlEscape(text), "</h2>\n");
}

void HtmlReport::AddParagraph(const std::string& text) {
  absl::StrAppend(&body_, "<p>", XmlEscape(text), "</p>\n");
}

void HtmlReport::AddFacts(const std::vector<std::pair<std::string, std::string>>& facts) {
  absl::StrAppend(&body_, "<dl>");
  for (const auto& [name, value] : facts) {
    absl::StrAppend(&body_, "<dt>", XmlEscape(name), "</dt><dd>", XmlEscape(value), "</dd>");
  }
  absl::StrAppend(&body_, "</dl>\n");
}

void HtmlReport::AddTable(const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows) {
  absl::StrAppend(&body_, "<table><tr>");
  for (const std::string& cell : header) absl::StrAppend(&body_, "<th>", XmlEscape(cell), "</th>");
  absl::StrAppend(&body_, "</tr>");
  for (const std::vector<std::string>& row : rows) {
    absl::StrAppend(&body_, "<tr>");
    for (const std::string& cell : row) absl::StrAppend(&body_, "<td>", XmlEscape(cell), "</td>");
    absl::StrAppend(&body_, "</tr>");
  }
  absl::StrAppend(&body_, "</table>\n");
}

void HtmlReport::AddChart(const std::string& svg) {
  absl::StrAppend(&body_, "<figure>", svg, "</figure>\n");
}

std::string HtmlReport::Html() const {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", XmlEscape(title_),
      "</title><style>body{font-family:'DejaVu Sans',sans-serif;margin:24px;color:#222}"
      "h1{font-size:22px}h2{font-size:17px;margin-top:28px}code{background:#f3f3f3;"
      "padding:2px 4px}figure{margin:12px 0}table{border-collapse:collapse;font-size:13px}"
      "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}"
      "dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dt{font-weight:bold}"
      "dd{margin:0}</style></head>\n<body>\n<h1>",
      XmlEscape(title_), "</h1>\n<p><code>", XmlEscape(command_), "</code></p>\n", body_,
      "</body></html>\n");
}

absl::StatusOr<std::string> HtmlReport::Write(const std::string& directory) const {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("--report=", directory, ": cannot create the folder: ", error.message()));
  }
  const std::string path = (std::filesystem::path(directory) / "index.html").string();
  if (absl::Status written = WriteWholeFile(path, Html()); !written.ok()) return written;
  return path;
}

std::string CommandText(const std::string& command, const std::vector<std::string>& args) {
  return absl::StrCat("sentio ", command, args.empty() ? "" : " ", absl::StrJoin(args, " "));
}

}  // namespace report
}  // namespace sentio
