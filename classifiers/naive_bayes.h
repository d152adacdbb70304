// Naive Bayes classification, following Weka's NaiveBayes without kernel estimation: a normal
// distribution per class for each numeric attribute (values rounded to the attribute's precision,
// the probability of the rounding interval), Laplace-smoothed counts for nominal attributes and
// the class, instance weights as counts, and missing values skipped.
#ifndef CLASSIFIERS_NAIVE_BAYES_H_
#define CLASSIFIERS_NAIVE_BAYES_H_

#include <string>
#include <vector>

#include "classifiers/classifier.h"

namespace sentio {

// A weighted normal distribution over values rounded to a precision, as Weka's NormalEstimator.
class NormalEstimator {
 public:
  explicit NormalEstimator(double precision);
  // An estimator with the sums and results that Add left, as a model file stores them.
  NormalEstimator(double precision, double sum_of_weights, double sum_of_values,
                  double sum_of_squares, double mean, double standard_deviation);

  void Add(double value, double weight);
  // The probability that a value rounds to the same multiple of the precision as `value`.
  double Probability(double value) const;

  double mean() const { return mean_; }
  // Never below precision / 6 (at most three standard deviations per rounding interval), which
  // is also its value until the data show some spread.
  double standard_deviation() const { return standard_deviation_; }
  double precision() const { return precision_; }
  double sum_of_weights() const { return sum_of_weights_; }
  double sum_of_values() const { return sum_of_values_; }
  double sum_of_squares() const { return sum_of_squares_; }

 private:
  double Round(double value) const;

  double precision_;
  double sum_of_weights_ = 0, sum_of_values_ = 0, sum_of_squares_ = 0;
  double mean_ = 0;
  double standard_deviation_;
};

// Weka's precision for a numeric attribute: the mean gap between its distinct sorted values, or
// 0.01 when fewer than two distinct values are known.
double NumericPrecision(std::vector<double> known_values);

class NaiveBayesClassifier : public Classifier {
 public:
  absl::Status Train(const Dataset& data) override;
  absl::StatusOr<std::vector<double>> Distribution(const Instance& instance) const override;
  std::string Describe() const override;
  absl::Status SaveState(ModelState* state) const override;
  absl::Status LoadState(const Dataset& header, const ModelState& state) override;

  // After training: the estimator of numeric attribute `attribute` for class `c`.
  const NormalEstimator& Normal(int attribute, int c) const { return normals_[attribute][c]; }

 private:
  Dataset header_;                    // the training data's attributes, without instances
  std::vector<double> class_counts_;  // Laplace-smoothed, weighted
  // Per attribute and class: the estimator of a numeric attribute ...
  std::vector<std::vector<NormalEstimator>> normals_;
  // ... or the smoothed weighted counts of each value of a nominal one.
  std::vector<std::vector<std::vector<double>>> value_counts_;
};

}  // namespace sentio

#endif  // CLASSIFIERS_NAIVE_BAYES_H_
