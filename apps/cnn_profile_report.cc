#include "apps/cnn_profile_report.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "apps/report/html_report.h"
#include "apps/report/svg_charts.h"
#include "cnn/ir/node_flops.h"

namespace sentio {

using cnn::ModelValueShapes;
using cnn::NodeFlops;
using cnn::Shape;

std::vector<ProfileRow> MakeProfileRows(const cnn::Model& model,
                                        const std::vector<cnn::engine::NodeTiming>& steps,
                                        const std::vector<double>& medians) {
  const std::map<std::string, Shape> shapes = ModelValueShapes(model);
  std::map<std::string, const cnn::Node*> nodes;
  for (const cnn::Node& node : model.node()) nodes[node.name()] = &node;
  std::vector<ProfileRow> rows;
  for (size_t s = 0; s < steps.size(); ++s) {
    ProfileRow row;
    row.step = steps[s];
    row.step.milliseconds = medians[s];
    auto node = nodes.find(steps[s].node);
    if (node != nodes.end()) {
      row.flops = NodeFlops(*node->second, shapes);
      auto shape = shapes.find(node->second->output_size() > 0 ? node->second->output(0) : "");
      if (shape != shapes.end()) row.output_shape = shape->second;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void WriteProfileTable(const std::vector<ProfileRow>& rows, double total_ms, std::ostream& out) {
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return rows[a].step.milliseconds > rows[b].step.milliseconds;
  });
  out << absl::StrFormat("%9s %6s %8s  %-24s %-18s %-18s %s\n", "ms", "share", "GFLOPS", "op",
                         "kernel", "output", "node");
  std::map<std::string, double> per_op;
  for (size_t s : order) {
    const ProfileRow& row = rows[s];
    const double ms = row.step.milliseconds;
    const std::string gflops =
        row.flops > 0 && ms > 0 ? absl::StrFormat("%.2f", row.flops / (ms * 1e6)) : "-";
    out << absl::StrFormat("%9.4f %5.1f%% %8s  %-24s %-18s %-18s %s\n", ms, 100 * ms / total_ms,
                           gflops, row.step.op_type, row.step.kernel,
                           cnn::ShapeString(row.output_shape), row.step.node);
    per_op[row.step.op_type] += ms;
  }
  out << "Per op:\n";
  for (const auto& [op, ms] : per_op) {
    out << absl::StrFormat("%9.4f %5.1f%%  %s\n", ms, 100 * ms / total_ms, op);
  }
  out << absl::StrFormat("total_ms=%.4f\n", total_ms);
}

namespace {

// `text` as a JSON string literal.
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

std::string ProfileJson(const std::vector<ProfileRow>& rows, double total_ms,
                        const std::string& engine) {
  std::vector<std::string> steps;
  for (const ProfileRow& row : rows) {
    const double ms = row.step.milliseconds;
    steps.push_back(absl::StrFormat(
        "    {\"node\": %s, \"op\": %s, \"kernel\": %s, \"output_shape\": [%s], \"ms\": %.6f, "
        "\"gflops\": %s, \"share\": %.6f}",
        JsonString(row.step.node), JsonString(row.step.op_type), JsonString(row.step.kernel),
        absl::StrJoin(row.output_shape, ", "), ms,
        row.flops > 0 && ms > 0 ? absl::StrFormat("%.6f", row.flops / (ms * 1e6)) : "null",
        total_ms > 0 ? ms / total_ms : 0.0));
  }
  return absl::StrCat("{\n  \"engine\": ", JsonString(engine),
                      ",\n  \"total_ms\": ", absl::StrFormat("%.6f", total_ms),
                      ",\n  \"steps\": [\n", absl::StrJoin(steps, ",\n"), "\n  ]\n}\n");
}

absl::StatusOr<std::string> WriteProfileReport(const std::string& directory,
                                               const std::string& command,
                                               const std::vector<ProfileRow>& rows, double total_ms,
                                               const std::string& engine) {
  report::HtmlReport page("CNN profile", command);
  page.AddFacts({{"engine", engine},
                 {"total", absl::StrFormat("%.4f ms (median run)", total_ms)},
                 {"steps", absl::StrCat(rows.size())}});
  std::vector<std::string> step_labels;
  std::vector<double> step_ms;
  std::map<std::string, double> per_op;
  std::vector<std::vector<std::string>> table;
  for (const ProfileRow& row : rows) {
    step_labels.push_back(absl::StrCat(row.step.node, " (", row.step.op_type, ")"));
    step_ms.push_back(row.step.milliseconds);
    per_op[row.step.op_type] += row.step.milliseconds;
    const double ms = row.step.milliseconds;
    table.push_back(
        {row.step.node, row.step.op_type, row.step.kernel, cnn::ShapeString(row.output_shape),
         absl::StrFormat("%.4f", ms),
         row.flops > 0 && ms > 0 ? absl::StrFormat("%.2f", row.flops / (ms * 1e6)) : "-"});
  }
  std::vector<std::pair<std::string, double>> ops(per_op.begin(), per_op.end());
  std::stable_sort(ops.begin(), ops.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> op_labels;
  std::vector<double> op_ms;
  for (const auto& [op, ms] : ops) {
    op_labels.push_back(op);
    op_ms.push_back(ms);
  }
  page.AddHeading("Time per op");
  page.AddChart(report::HorizontalBarsSvg("Milliseconds per op", op_labels, op_ms, "ms"));
  page.AddHeading("Time per layer");
  page.AddChart(
      report::HorizontalBarsSvg("Milliseconds per step, in run order", step_labels, step_ms, "ms"));
  page.AddTable({"node", "op", "kernel", "output", "ms", "GFLOPS"}, table);
  return page.Write(directory);
}

}  // namespace sentio
