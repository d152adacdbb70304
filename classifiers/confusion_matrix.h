// Counts of actual versus predicted classes (weighted), with accuracy, Cohen's kappa, macro-F1 and
// a readable report: per-class counts, precision, recall and F1, and the matrix itself, laid out
// like Weka's.
#ifndef CLASSIFIERS_CONFUSION_MATRIX_H_
#define CLASSIFIERS_CONFUSION_MATRIX_H_

#include <string>
#include <vector>

namespace sentio {

class ConfusionMatrix {
 public:
  explicit ConfusionMatrix(std::vector<std::string> class_labels);

  // Counts one instance of class `actual` classified as `predicted`, with `weight`.
  void Add(int actual, int predicted, double weight = 1.0);
  // Adds every count of `other`, which must have the same classes.
  void Merge(const ConfusionMatrix& other);

  int num_classes() const { return static_cast<int>(class_labels_.size()); }
  const std::vector<std::string>& class_labels() const { return class_labels_; }
  double count(int actual, int predicted) const { return counts_[actual][predicted]; }
  double total() const;
  double correct() const;
  double accuracy() const;  // correct / total; 0 when empty
  double Precision(int c) const;
  double Recall(int c) const;
  double F1(int c) const;  // harmonic mean of precision and recall; 0 when both are 0
  // The mean F1 over the classes that occur as actual or predicted class; 0 when empty.
  double MacroF1() const;
  // Cohen's kappa: (observed - chance agreement) / (1 - chance agreement), chance from the row and
  // column totals; 1 when chance agreement is already perfect (one class throughout), 0 when empty.
  double Kappa() const;

  // Per-class table, the matrix, the overall accuracy, kappa and macro-F1, for people to read.
  std::string Report() const;

 private:
  double ActualTotal(int c) const;     // row c: instances of class c
  double PredictedTotal(int c) const;  // column c: instances classified as c

  std::vector<std::string> class_labels_;
  std::vector<std::vector<double>> counts_;  // [actual][predicted]
};

}  // namespace sentio

#endif  // CLASSIFIERS_CONFUSION_MATRIX_H_
