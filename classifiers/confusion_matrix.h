// Counts of actual versus predicted classes (weighted), with accuracy and a readable report:
// per-class counts, precision, recall and F1, and the matrix itself, laid out like Weka's.
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

  // Per-class table, the matrix and the overall accuracy, for people to read.
  std::string Report() const;

 private:
  std::vector<std::string> class_labels_;
  std::vector<std::vector<double>> counts_;  // [actual][predicted]
};

}  // namespace sentio

#endif  // CLASSIFIERS_CONFUSION_MATRIX_H_
