// k-nearest-neighbour classification, following Weka's IBk: Euclidean distance over attributes
// scaled to [0, 1] by the training range, nominal attributes differ by 0 or 1, and Weka's rules for
// missing values; neighbours tied with the k-th nearest also vote.
#ifndef CLASSIFIERS_KNN_H_
#define CLASSIFIERS_KNN_H_

#include <string>
#include <vector>

#include "classifiers/classifier.h"

namespace sentio {

class KnnClassifier : public Classifier {
 public:
  explicit KnnClassifier(int k) : k_(k) {}

  absl::Status Train(const Dataset& data) override;
  absl::StatusOr<std::vector<double>> Distribution(const Instance& instance) const override;
  std::string Describe() const override;
  absl::Status SaveState(ModelState* state) const override;
  absl::Status LoadState(const Dataset& header, const ModelState& state) override;

 private:
  double Distance(const Instance& a, const Instance& b) const;
  // Contribution of one attribute to the squared distance.
  double AttributeDifference(int attribute, double a, double b) const;
  double Scaled(int attribute, double value) const;

  int k_;
  Dataset train_;                   // training instances with a known class
  std::vector<double> min_, range_;  // per numeric or date attribute, from the training data
};

}  // namespace sentio

#endif  // CLASSIFIERS_KNN_H_
