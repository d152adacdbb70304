// C4.5 decision trees equal to Weka 3.6's J48: grown with gain-ratio splits (classifiers/
// c45_split.h), collapsed and pruned by error estimates with subtree raising (classifiers/
// c45_pruning.h), classifying instances with missing values by a weighted sum over the branches,
// and printed exactly as J48 prints them.
#ifndef CLASSIFIERS_C45_TREE_H_
#define CLASSIFIERS_C45_TREE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "classifiers/c45_split.h"
#include "classifiers/classifier.h"

namespace sentio {

// A node of the tree: a leaf when it has no children (its split is then of kind kNone).
struct C45Node {
  C45Split split;
  std::vector<std::unique_ptr<C45Node>> children;
  // A leaf that no training weight reached; classification skips it (as Weka's m_isEmpty).
  bool is_empty = false;
  // The node's training data, kept while growing and pruning for subtree raising.
  std::vector<WeightedRow> rows;

  bool is_leaf() const { return children.empty(); }
};

struct C45Options {
  double confidence = 0.25;    // J48's -C: the pruning confidence factor, in (0, 0.5]
  int min_leaf = 2;            // J48's -M: minimum weight in at least two subsets of a split
  bool unpruned = false;       // J48's -U: no pruning (subtrees that do not help are
                               // still collapsed)
  bool binary_splits = false;  // J48's -B: nominal attributes get "= value" / "!= value" splits
};

class C45Classifier : public Classifier {
 public:
  explicit C45Classifier(C45Options options = {}) : options_(options) {}

  // Fails for bad options, a class that is not nominal, string attributes, or no instance with a
  // known class.
  absl::Status Train(const Dataset& data) override;
  absl::StatusOr<std::vector<double>> Distribution(const Instance& instance) const override;
  std::string Describe() const override;
  absl::Status SaveState(ModelState* state) const override;
  absl::Status LoadState(const Dataset& header, const ModelState& state) override;

  // The trained tree as J48's toString prints it, from "J48 pruned tree" to the "Size of the tree"
  // line; an error before training.
  absl::StatusOr<std::string> ToJ48String() const;
  int NumLeaves() const;
  int TreeSize() const;  // all nodes, leaves included

 private:
  C45Options options_;
  Dataset header_;  // the training data's attributes and class, without instances
  std::unique_ptr<C45Node> root_;
};

// Makes C4.5 classifiers from settings by name, as the classifier registry passes them: confidence,
// min_leaf, unpruned and binary_splits (true/false). Unknown names and bad values fail.
absl::StatusOr<ClassifierFactory> C45FactoryFromOptions(
    const std::map<std::string, std::string>& options);

}  // namespace sentio

#endif  // CLASSIFIERS_C45_TREE_H_
