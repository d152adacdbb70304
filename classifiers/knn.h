// k-nearest-neighbour classification, by default Weka's IBk: Euclidean distance over attributes
// scaled to [0, 1] by the training range, nominal attributes differ by 0 or 1, and Weka's rules
// for missing values; neighbours tied with the k-th nearest also vote. KnnOptions
// (classifiers/knn_options.h) choose instead:
// - distance: manhattan (Weka's ManhattanDistance), or cosine: 1 - cos(angle) between the scaled
//   vectors, a nominal attribute entering as a one-hot indicator and a missing value as nothing
//   (classifiers/knn_brute_force.h has the exact definitions);
// - weighting: inverse, 1 / (d + 0.001), or similarity, max(0, 1 - d) (Weka's -I and -F; for
//   euclidean and manhattan d is the distance divided by the square root of the number of
//   attributes, as Weka does; Weka lets 1 - d go negative, which breaks its own evaluation);
// - normalization: zscore, (v - mean) / standard deviation over the known training values
//   (population deviation, unweighted; an attribute with deviation 0 scales to 0), or none;
//   a missing value is taken to lie as far as possible from the known one within the scaled
//   training range ([0, 1] under minmax, as Weka), two missing values differ by its width;
// - search: kdtree (numeric attributes without missing training values, euclidean or manhattan)
//   or brute force; auto picks the kd-tree for at most 10 such attributes and enough instances.
//   Both give identical neighbours: rows tie with the k-th nearest when their distances (for
//   euclidean the sums of squares, as Weka ranks them) are bit-identical, and ties are ordered
//   by training instance. A query with a missing value always uses brute force.
// Instance weights multiply the votes; every class starts at 1 / (training instances), as Weka.
// Unlike Weka, which widens its min-max ranges with every instance it classifies (so that its
// answers depend on the order of the queries), the ranges are the training data's alone;
// tests/knn_real_data_test.cc shows the answers are Weka's when given Weka's ranges.
#ifndef CLASSIFIERS_KNN_H_
#define CLASSIFIERS_KNN_H_

#include <memory>
#include <string>
#include <vector>

#include "classifiers/classifier.h"
#include "classifiers/kd_tree.h"
#include "classifiers/knn_brute_force.h"
#include "classifiers/knn_options.h"
#include "classifiers/nearest_neighbours.h"

namespace sentio {

class KnnClassifier : public Classifier {
 public:
  explicit KnnClassifier(int k) { options_.k = k; }
  explicit KnnClassifier(const KnnOptions& options) : options_(options) {}

  absl::Status Train(const Dataset& data) override;
  absl::StatusOr<std::vector<double>> Distribution(const Instance& instance) const override;
  std::string Describe() const override;
  // Also saves the options; LoadState takes the options from the state where it has them (files
  // written before they were saved keep the ones the classifier was made with).
  absl::Status SaveState(ModelState* state) const override;
  absl::Status LoadState(const Dataset& header, const ModelState& state) override;

  // The k nearest training instances (indices among those with a known class, in training
  // order) and every one tied with the k-th, nearest first.
  absl::StatusOr<std::vector<Neighbour>> Neighbours(const Instance& instance) const;
  // Whether queries without missing values go through the kd-tree (after training).
  bool uses_kd_tree() const { return kd_tree_ != nullptr; }

 private:
  // Derives the scaling, the distance columns, the scaled training rows and the searches from
  // train_ and the statistics; fails when search=kdtree cannot apply to the data.
  absl::Status PrepareSearch();
  // The scaled values of `instance` that enter distances, in distance_attributes_ order.
  std::vector<double> DistanceValues(const Instance& instance) const;
  double Scaled(int attribute, double value) const;
  // The vote of a neighbour at `distance`, before its instance weight.
  double VoteWeight(double distance) const;

  KnnOptions options_;
  Dataset train_;                    // training instances with a known class
  std::vector<double> min_, range_;  // per numeric or date attribute, from the training data
  std::vector<double> mean_, standard_deviation_;  // likewise, for normalization=zscore
  // Derived by PrepareSearch: (value - offset_) / scale_ per attribute, 0 where scale_ is 0.
  std::vector<double> offset_, scale_;
  std::vector<int> distance_attributes_;  // the attributes that enter distances
  // Scaling every training value once, not once per query, is what makes queries fast.
  BruteForceSearch brute_force_;
  std::unique_ptr<KdTree> kd_tree_;  // when the kd-tree is used
};

}  // namespace sentio

#endif  // CLASSIFIERS_KNN_H_
