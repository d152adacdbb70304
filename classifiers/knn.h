// k-nearest-neighbour classification, following Weka's IBk: Euclidean distance over attributes
// scaled to [0, 1] by the training range, nominal attributes differ by 0 or 1, and Weka's rules for
// missing values; neighbours tied with the k-th nearest also vote.
#ifndef CLASSIFIERS_KNN_H_
#define CLASSIFIERS_KNN_H_

#include <string>
#include <utility>
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
  // How an attribute enters the distance.
  enum class DistanceKind { kScaled, kNominal };

  // Fills distance_attributes_ and scaled_training_ from train_, min_ and range_.
  void PrepareDistances();
  // The values of `instance` that enter the distance, scaled, in distance_attributes_ order.
  std::vector<double> DistanceValues(const Instance& instance) const;
  // Squared distance between two rows of DistanceValues.
  double SquaredDistance(const double* a, const double* b) const;
  double Scaled(int attribute, double value) const;

  int k_;
  Dataset train_;                   // training instances with a known class
  std::vector<double> min_, range_;  // per numeric or date attribute, from the training data
  // Scaling every training value once, not once per query, is what makes queries fast.
  std::vector<std::pair<int, DistanceKind>> distance_attributes_;  // (attribute, kind)
  std::vector<double> scaled_training_;  // training instances x distance_attributes_, row-major
};

}  // namespace sentio

#endif  // CLASSIFIERS_KNN_H_
