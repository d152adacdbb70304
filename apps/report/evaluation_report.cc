#include "apps/report/evaluation_report.h"

#include "absl/strings/str_format.h"
#include "apps/report/html_report.h"
#include "apps/report/svg_charts.h"

namespace sentio {
namespace report {

absl::StatusOr<std::string> WriteEvaluationReport(const std::string& directory,
                                                  const std::string& command,
                                                  const std::vector<std::string>& summary_lines,
                                                  const ConfusionMatrix& matrix) {
  HtmlReport page("Classifier evaluation", command);
  for (const std::string& line : summary_lines) page.AddParagraph(line);
  page.AddFacts(
      {{"accuracy", absl::StrFormat("%.4f", matrix.accuracy())},
       {"correctly classified", absl::StrFormat("%g of %g", matrix.correct(), matrix.total())},
       {"Cohen's kappa", absl::StrFormat("%.4f", matrix.Kappa())},
       {"macro-averaged F1", absl::StrFormat("%.4f", matrix.MacroF1())}});

  const std::vector<std::string>& labels = matrix.class_labels();
  std::vector<std::vector<double>> counts(labels.size(), std::vector<double>(labels.size()));
  Series precision{"precision", {}}, recall{"recall", {}}, f1{"F1", {}};
  std::vector<std::vector<std::string>> rows;
  for (int a = 0; a < matrix.num_classes(); ++a) {
    double actual = 0;
    for (int p = 0; p < matrix.num_classes(); ++p) {
      counts[a][p] = matrix.count(a, p);
      actual += counts[a][p];
    }
    precision.values.push_back(matrix.Precision(a));
    recall.values.push_back(matrix.Recall(a));
    f1.values.push_back(matrix.F1(a));
    rows.push_back({labels[a], absl::StrFormat("%g", actual), absl::StrFormat("%g", counts[a][a]),
                    absl::StrFormat("%.4f", matrix.Precision(a)),
                    absl::StrFormat("%.4f", matrix.Recall(a)),
                    absl::StrFormat("%.4f", matrix.F1(a))});
  }
  page.AddHeading("Confusion matrix");
  page.AddChart(HeatMapSvg("Confusion matrix (shade: share of the actual class)", labels, labels,
                           counts, "actual class", "predicted class"));
  page.AddHeading("Per class");
  page.AddChart(GroupedBarsSvg("Precision, recall and F1 per class", labels,
                               {precision, recall, f1}, 1.0, "score"));
  page.AddTable({"class", "actual", "correct", "precision", "recall", "F1"}, rows);
  return page.Write(directory);
}

}  // namespace report
}  // namespace sentio
