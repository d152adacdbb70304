// The report of `sentio eval --report=DIR`: what was evaluated and how (the command's summary
// lines), accuracy, kappa and macro-F1, the confusion matrix as a heat map, precision, recall and
// F1 per class as bars and as a table.
#ifndef APPS_REPORT_EVALUATION_REPORT_H_
#define APPS_REPORT_EVALUATION_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "classifiers/confusion_matrix.h"

namespace sentio {
namespace report {

// Writes DIR/index.html and returns its path.
absl::StatusOr<std::string> WriteEvaluationReport(const std::string& directory,
                                                  const std::string& command,
                                                  const std::vector<std::string>& summary_lines,
                                                  const ConfusionMatrix& matrix);

}  // namespace report
}  // namespace sentio

#endif  // APPS_REPORT_EVALUATION_REPORT_H_
