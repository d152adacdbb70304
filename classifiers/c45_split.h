// C4.5's split selection, as Weka 3.6's J48 does it: class distributions over the subsets of a
// split, candidate splits on nominal (multiway or binary) and numeric attributes scored by
// information gain (with Release 8's MDL correction for thresholds) and gain ratio, the choice
// among them, and the division of weighted training instances, missing values fractionally.
#ifndef CLASSIFIERS_C45_SPLIT_H_
#define CLASSIFIERS_C45_SPLIT_H_

#include <string>
#include <utility>
#include <vector>

#include "sensing/dataset.h"

namespace sentio {

// Weka's tolerance when it compares weights and scores (weka.core.Utils.SMALL).
inline constexpr double kC45Tolerance = 1e-6;
inline bool C45Equal(double a, double b) { return a - b < kC45Tolerance && b - a < kC45Tolerance; }
inline bool C45Greater(double a, double b) { return a - b > kC45Tolerance; }
inline bool C45Smaller(double a, double b) { return b - a > kC45Tolerance; }
inline bool C45GreaterOrEqual(double a, double b) { return b - a < kC45Tolerance; }
inline bool C45SmallerOrEqual(double a, double b) { return a - b < kC45Tolerance; }

// Training weight per subset ("bag") of a split and class.
class ClassDistribution {
 public:
  ClassDistribution() = default;
  ClassDistribution(int num_bags, int num_classes);
  // The distribution with these weights and sums, as a model file stores them; the caller checks
  // that the sizes agree.
  ClassDistribution(std::vector<std::vector<double>> per_class_per_bag,
                    std::vector<double> per_bag, std::vector<double> per_class, double total)
      : per_class_per_bag_(std::move(per_class_per_bag)),
        per_bag_(std::move(per_bag)),
        per_class_(std::move(per_class)),
        total_(total) {}

  // Bag `bag` of `source` against all its other bags merged.
  static ClassDistribution OneAgainstRest(const ClassDistribution& source, int bag);
  // All bags of `source` merged into one.
  static ClassDistribution AllInOneBag(const ClassDistribution& source);

  void Add(int bag, int class_index, double weight);
  // Moves weight of one class between bags; the class totals stay.
  void Move(int from_bag, int to_bag, int class_index, double weight);
  // Adds `weight` spread over the bags in proportion to `fractions`.
  void AddSpread(const std::vector<double>& fractions, int class_index, double weight);

  int num_bags() const { return static_cast<int>(per_bag_.size()); }
  int num_classes() const { return static_cast<int>(per_class_.size()); }
  double total() const { return total_; }
  double per_bag(int bag) const { return per_bag_[bag]; }
  double per_class(int class_index) const { return per_class_[class_index]; }
  double weight(int bag, int class_index) const { return per_class_per_bag_[bag][class_index]; }

  // The class with the most weight (overall or in `bag`); the first wins ties, and an empty bag
  // falls back to the overall majority.
  int MaxClass() const;
  int MaxClass(int bag) const;
  // The heaviest bag; the last wins ties, as in Weka.
  int MaxBag() const;
  double NumIncorrect() const { return total_ - per_class_[MaxClass()]; }
  double NumIncorrect(int bag) const { return per_bag_[bag] - weight(bag, MaxClass(bag)); }
  double Probability(int class_index) const;
  // Within `bag`, or overall when the bag is empty.
  double Probability(int class_index, int bag) const;
  // True when at least two bags hold `min_weight` or more.
  bool HasTwoBagsWithAtLeast(double min_weight) const;

 private:
  std::vector<std::vector<double>> per_class_per_bag_;
  std::vector<double> per_bag_;
  std::vector<double> per_class_;
  double total_ = 0;
};

// One training instance (an index into the training Dataset) with its weight at a node: a fraction
// of the instance's own weight once a split has divided it for a missing value.
struct WeightedRow {
  int index;
  double weight;
};

// The training data a tree is grown from.
struct C45TrainingSet {
  const Dataset* data;
  std::vector<WeightedRow> rows;  // the instances with a known class, at their own weight
  std::vector<int> class_of;      // class of every instance of `data`
};

enum class C45SplitKind {
  kNone,           // no test: a leaf
  kNominal,        // one subset per value of a nominal attribute
  kNominalBinary,  // attribute == value, attribute != value
  kNumeric,        // attribute <= threshold, attribute > threshold
};

// The test at a node and the class distribution of its training data over the test's subsets.
struct C45Split {
  C45SplitKind kind = C45SplitKind::kNone;
  int attribute = -1;
  int value = -1;        // kNominalBinary
  double threshold = 0;  // kNumeric
  // Chosen by J48's binary-split model (-B), which prints thresholds as Java prints a double.
  bool binary_model = false;
  double info_gain = 0;
  double gain_ratio = 0;
  ClassDistribution distribution;

  int num_subsets() const;
  // The subset `instance` goes to, or -1 when its value is missing (it then goes to every subset,
  // weighted by SubsetFractions()).
  int SubsetOf(const Instance& instance) const;
  std::vector<double> SubsetFractions() const;
  // The test for `subset` as J48 prints it, e.g. "petalwidth <= 0.6" or "outlook = sunny".
  std::string Condition(int subset, const Dataset& header) const;
};

struct C45SplitOptions {
  int min_leaf = 2;  // J48's -M
  bool binary_splits = false;
};

// A test-less split (a leaf) holding the class distribution of `rows`.
C45Split LeafSplit(const C45TrainingSet& training, const std::vector<WeightedRow>& rows);

// The split J48 (C45ModelSelection / BinC45ModelSelection) chooses for the node holding `rows`: the
// highest gain ratio among splits whose information gain is at least the average; kNone when no
// split helps. Numeric thresholds are moved down to a value that occurs in the training data.
C45Split SelectC45Split(const C45TrainingSet& training, const std::vector<WeightedRow>& rows,
                        const C45SplitOptions& options);

// Recomputes split.distribution from `rows` (instances with a missing value spread by the known
// ones), as Weka's resetDistribution does when pruning moves data between nodes.
void ResetDistribution(const C45TrainingSet& training, const std::vector<WeightedRow>& rows,
                       C45Split& split);

// Divides `rows` into the split's subsets; an instance with a missing value goes to every subset
// with its weight multiplied by that subset's fraction.
std::vector<std::vector<WeightedRow>> PartitionRows(const C45TrainingSet& training,
                                                    const std::vector<WeightedRow>& rows,
                                                    const C45Split& split);

double SumOfWeights(const std::vector<WeightedRow>& rows);

// Weka's Utils.doubleToString(value, 6): at most six decimals, trailing zeros dropped.
std::string FormatSplitValue(double value);

// Java's Double.toString: the shortest digits that read back as `value`, at least one decimal
// ("127.0", "0.25"), in scientific notation ("1.0E-4") below 1e-3 and from 1e7 on.
std::string FormatJavaDouble(double value);

}  // namespace sentio

#endif  // CLASSIFIERS_C45_SPLIT_H_
