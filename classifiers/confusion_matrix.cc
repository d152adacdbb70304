#include "classifiers/confusion_matrix.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sentio {
namespace {

// Column letters a, b, ..., z, aa, ab, ... as in Weka's matrix.
std::string ColumnName(int index) {
  std::string name;
  for (int i = index + 1; i > 0; i = (i - 1) / 26) name.insert(name.begin(), 'a' + (i - 1) % 26);
  return name;
}

double Ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : 0;
}

}  // namespace

ConfusionMatrix::ConfusionMatrix(std::vector<std::string> class_labels)
    : class_labels_(std::move(class_labels)),
      counts_(class_labels_.size(), std::vector<double>(class_labels_.size(), 0)) {}

void ConfusionMatrix::Add(int actual, int predicted, double weight) {
  counts_[actual][predicted] += weight;
}

void ConfusionMatrix::Merge(const ConfusionMatrix& other) {
  for (int a = 0; a < num_classes(); ++a) {
    for (int p = 0; p < num_classes(); ++p) counts_[a][p] += other.counts_[a][p];
  }
}

double ConfusionMatrix::total() const {
  double sum = 0;
  for (const auto& row : counts_) {
    for (double count : row) sum += count;
  }
  return sum;
}

double ConfusionMatrix::correct() const {
  double sum = 0;
  for (int c = 0; c < num_classes(); ++c) sum += counts_[c][c];
  return sum;
}

double ConfusionMatrix::accuracy() const { return Ratio(correct(), total()); }

double ConfusionMatrix::ActualTotal(int c) const {
  double actual = 0;
  for (double count : counts_[c]) actual += count;
  return actual;
}

double ConfusionMatrix::PredictedTotal(int c) const {
  double predicted = 0;
  for (int a = 0; a < num_classes(); ++a) predicted += counts_[a][c];
  return predicted;
}

double ConfusionMatrix::Precision(int c) const { return Ratio(counts_[c][c], PredictedTotal(c)); }

double ConfusionMatrix::Recall(int c) const { return Ratio(counts_[c][c], ActualTotal(c)); }

double ConfusionMatrix::F1(int c) const {
  const double precision = Precision(c), recall = Recall(c);
  return Ratio(2 * precision * recall, precision + recall);
}

double ConfusionMatrix::MacroF1() const {
  double sum = 0;
  int occurring = 0;
  for (int c = 0; c < num_classes(); ++c) {
    if (ActualTotal(c) == 0 && PredictedTotal(c) == 0) continue;
    sum += F1(c);
    ++occurring;
  }
  return Ratio(sum, occurring);
}

double ConfusionMatrix::Kappa() const {
  const double n = total();
  if (n <= 0) return 0;
  double chance = 0;
  for (int c = 0; c < num_classes(); ++c) {
    chance += (ActualTotal(c) / n) * (PredictedTotal(c) / n);
  }
  if (chance >= 1) return 1;
  return (accuracy() - chance) / (1 - chance);
}

std::string ConfusionMatrix::Report() const {
  size_t label_width = 5;
  for (const std::string& label : class_labels_) label_width = std::max(label_width, label.size());
  std::string report = "=== Per-class results ===\n";
  absl::StrAppendFormat(&report, "%-*s %8s %8s %9s %7s %7s\n", label_width, "class", "actual",
                        "correct", "precision", "recall", "F1");
  for (int c = 0; c < num_classes(); ++c) {
    absl::StrAppendFormat(&report, "%-*s %8g %8g %9.4f %7.4f %7.4f\n", label_width,
                          class_labels_[c], ActualTotal(c), counts_[c][c], Precision(c), Recall(c),
                          F1(c));
  }
  report += "\n=== Confusion matrix (rows: actual class, columns: predicted) ===\n";
  for (int p = 0; p < num_classes(); ++p) absl::StrAppendFormat(&report, "%6s", ColumnName(p));
  report += "   <-- classified as\n";
  for (int a = 0; a < num_classes(); ++a) {
    for (int p = 0; p < num_classes(); ++p) absl::StrAppendFormat(&report, "%6g", counts_[a][p]);
    absl::StrAppendFormat(&report, " | %s = %s\n", ColumnName(a), class_labels_[a]);
  }
  absl::StrAppendFormat(&report, "\nCorrectly classified: %g of %g (%.4f %%)\n", correct(),
                        total(), 100 * accuracy());
  absl::StrAppendFormat(&report, "Cohen's kappa: %.4f\nMacro-averaged F1: %.4f\n", Kappa(),
                        MacroF1());
  return report;
}

}  // namespace sentio
