// Random forests, as Weka's RandomForest grows them: bagged, unpruned random trees, each node
// choosing the best information-gain split among floor(log2(M)) + 1 attributes drawn at random
// (M: the attributes other than the class), with midpoint thresholds on numeric attributes and
// one branch per value on nominal ones; the forest averages the trees' class distributions.
#ifndef CLASSIFIERS_RANDOM_FOREST_H_
#define CLASSIFIERS_RANDOM_FOREST_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "classifiers/classifier.h"

namespace sentio {

struct RandomForestOptions {
  int num_trees = 100;
  uint32_t seed = 1;  // the bootstrap samples and attribute draws; the same seed, the same forest
  int max_depth = 0;  // 0: unlimited
};

// A node of one tree of the forest; a leaf when attribute < 0. The children of a node are
// contiguous in the tree's node vector.
struct RandomTreeNode {
  int attribute = -1;
  double threshold = 0;  // numeric split: values <= threshold go to the first child
  int first_child = 0;
  // The node's training weight per branch as fractions: an instance whose split attribute is
  // missing goes down every branch by these weights.
  std::vector<double> branch_fractions;
  std::vector<double> distribution;  // class probabilities of a leaf
};
using RandomTree = std::vector<RandomTreeNode>;  // the root first

class RandomForestClassifier : public Classifier {
 public:
  explicit RandomForestClassifier(RandomForestOptions options = {}) : options_(options) {}

  // Fails for bad options, a class that is not nominal, string attributes, or no instance with a
  // known class.
  absl::Status Train(const Dataset& data) override;
  absl::StatusOr<std::vector<double>> Distribution(const Instance& instance) const override;
  std::string Describe() const override;
  absl::Status SaveState(ModelState* state) const override;
  absl::Status LoadState(const Dataset& header, const ModelState& state) override;

  // The weighted fraction of training instances that the trees whose bootstrap sample left them
  // out misclassify (instances every tree saw do not count); an error before training or when no
  // instance was left out of any sample.
  absl::StatusOr<double> OutOfBagError() const;

  // Attributes drawn at each node, floor(log2(M)) + 1; 0 before training.
  int attributes_per_node() const { return attributes_per_node_; }

 private:
  RandomForestOptions options_;
  Dataset header_;  // the training data's attributes and class, without instances
  std::vector<RandomTree> trees_;
  int attributes_per_node_ = 0;
  double out_of_bag_weight_ = 0;  // training weight that at least one tree left out
  double out_of_bag_errors_ = 0;  // of that, the weight the out-of-bag vote gets wrong
};

// Makes random forests from settings by name, as the classifier registry passes them: num_trees,
// seed and max_depth. Unknown names and bad values fail.
absl::StatusOr<ClassifierFactory> RandomForestFactoryFromOptions(
    const std::map<std::string, std::string>& options);

}  // namespace sentio

#endif  // CLASSIFIERS_RANDOM_FOREST_H_
