#include "classifiers/random_forest.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "classifiers/model_file.pb.h"

namespace sentio {
namespace {

// Gains at or below this are treated as no gain (rounding in the entropy sums).
constexpr double kMinimumGain = 1e-10;

// One bootstrap-sampled training instance at a node: its index and weight (the instance's weight
// times the times it was drawn, times the fraction a missing value left it in this branch).
struct TreeRow {
  int index;
  double weight;
};

double WeightLogWeight(double w) { return w > 0 ? w * std::log(w) : 0; }

// T log T - sum_c w_c log w_c: the entropy of the class weights times their total T.
double WeightedEntropy(const std::vector<double>& class_weights) {
  double total = 0, sum = 0;
  for (double w : class_weights) {
    total += w;
    sum += WeightLogWeight(w);
  }
  return WeightLogWeight(total) - sum;
}

struct CandidateSplit {
  double gain = 0;  // weighted entropy removed, on the instances whose value is known
  double threshold = 0;
};

// Grows the trees of one forest from one training set.
class RandomTreeGrower {
 public:
  RandomTreeGrower(const Dataset& data, const std::vector<int>& class_of,
                   std::vector<int> split_attributes, int attributes_per_node, int max_depth)
      : data_(data),
        class_of_(class_of),
        split_attributes_(std::move(split_attributes)),
        attributes_per_node_(attributes_per_node),
        max_depth_(max_depth),
        num_classes_(data.num_classes()),
        columns_(data.num_attributes()) {
    for (int a : split_attributes_) {
      columns_[a].resize(data.num_instances());
      for (int i = 0; i < data.num_instances(); ++i) columns_[a][i] = data.instances[i].values[a];
    }
  }

  RandomTree Grow(const std::vector<TreeRow>& rows, std::mt19937& random) {
    RandomTree tree(1);
    GrowNode(tree, 0, rows, std::vector<double>(num_classes_, 1.0 / num_classes_), 0, random);
    return tree;
  }

 private:
  double Value(const TreeRow& row, int attribute) const { return columns_[attribute][row.index]; }

  CandidateSplit NumericSplit(const std::vector<TreeRow>& rows, int attribute) {
    sorted_.clear();
    std::vector<double> right(num_classes_, 0.0), left(num_classes_, 0.0);
    for (const TreeRow& row : rows) {
      const double v = Value(row, attribute);
      if (IsMissing(v)) continue;
      sorted_.push_back({v, row.weight, class_of_[row.index]});
      right[class_of_[row.index]] += row.weight;
    }
    CandidateSplit best;
    if (sorted_.size() < 2) return best;
    std::sort(sorted_.begin(), sorted_.end(),
              [](const SortedValue& a, const SortedValue& b) { return a.value < b.value; });
    const double parent = WeightedEntropy(right);
    double right_total = 0, right_sum = 0;
    for (double w : right) {
      right_total += w;
      right_sum += WeightLogWeight(w);
    }
    double left_total = 0, left_sum = 0;
    // Moves one value at a time from right to left, updating sum_c w_c log w_c of both sides.
    for (size_t i = 0; i + 1 < sorted_.size(); ++i) {
      const int c = sorted_[i].class_index;
      const double w = sorted_[i].weight;
      left_sum += WeightLogWeight(left[c] + w) - WeightLogWeight(left[c]);
      right_sum += WeightLogWeight(right[c] - w) - WeightLogWeight(right[c]);
      left[c] += w;
      right[c] -= w;
      left_total += w;
      right_total -= w;
      if (sorted_[i].value == sorted_[i + 1].value) continue;
      const double children = WeightLogWeight(left_total) - left_sum +
                              WeightLogWeight(right_total) - right_sum;
      const double gain = parent - children;
      if (gain > best.gain) {
        best.gain = gain;
        const double mid = (sorted_[i].value + sorted_[i + 1].value) / 2;
        // Two adjacent doubles can round their midpoint up to the larger one.
        best.threshold = mid < sorted_[i + 1].value ? mid : sorted_[i].value;
      }
    }
    return best;
  }

  CandidateSplit NominalSplit(const std::vector<TreeRow>& rows, int attribute) {
    const int num_values = static_cast<int>(data_.attributes[attribute].values.size());
    std::vector<std::vector<double>> per_value(num_values, std::vector<double>(num_classes_, 0.0));
    std::vector<double> known(num_classes_, 0.0);
    for (const TreeRow& row : rows) {
      const double v = Value(row, attribute);
      if (IsMissing(v)) continue;
      per_value[static_cast<int>(v)][class_of_[row.index]] += row.weight;
      known[class_of_[row.index]] += row.weight;
    }
    double children = 0;
    for (const auto& class_weights : per_value) children += WeightedEntropy(class_weights);
    return {WeightedEntropy(known) - children, 0};
  }

  bool IsNumeric(int attribute) const {
    return data_.attributes[attribute].type != AttributeType::kNominal;
  }

  int NumBranches(int attribute) const {
    return IsNumeric(attribute) ? 2 : static_cast<int>(data_.attributes[attribute].values.size());
  }

  // The branch of a known value.
  int BranchOf(const RandomTreeNode& node, double value) const {
    return IsNumeric(node.attribute) ? (value <= node.threshold ? 0 : 1) : static_cast<int>(value);
  }

  void GrowNode(RandomTree& tree, int node_index, const std::vector<TreeRow>& rows,
                const std::vector<double>& parent_distribution, int depth, std::mt19937& random) {
    std::vector<double> class_weights(num_classes_, 0.0);
    double total = 0;
    for (const TreeRow& row : rows) {
      class_weights[class_of_[row.index]] += row.weight;
      total += row.weight;
    }
    RandomTreeNode& node = tree[node_index];
    if (total <= 0) {  // an empty branch predicts what its parent would
      node.distribution = parent_distribution;
      return;
    }
    node.distribution = class_weights;
    for (double& p : node.distribution) p /= total;
    const bool pure =
        *std::max_element(class_weights.begin(), class_weights.end()) >= total - kMinimumGain;
    // Weka's RandomTree splits only nodes holding at least twice its minimum leaf weight of 1.
    if (pure || total < 2 || (max_depth_ > 0 && depth >= max_depth_)) return;

    // Attributes in random order; the first attributes_per_node_ are tried, and more after them
    // until one gives a gain, as Weka's RandomTree does.
    std::vector<int> order = split_attributes_;
    int best_attribute = -1;
    CandidateSplit best;
    for (int tried = 0; tried < static_cast<int>(order.size()); ++tried) {
      if (tried >= attributes_per_node_ && best_attribute >= 0) break;
      std::swap(order[tried], order[tried + random() % (order.size() - tried)]);
      const int attribute = order[tried];
      const CandidateSplit split =
          IsNumeric(attribute) ? NumericSplit(rows, attribute) : NominalSplit(rows, attribute);
      if (split.gain > kMinimumGain && split.gain > best.gain) {
        best = split;
        best_attribute = attribute;
      }
    }
    if (best_attribute < 0) return;

    const int num_branches = NumBranches(best_attribute);
    node.attribute = best_attribute;
    node.threshold = best.threshold;
    std::vector<std::vector<TreeRow>> branch_rows(num_branches);
    std::vector<TreeRow> missing;
    node.branch_fractions.assign(num_branches, 0.0);
    double known_total = 0;
    for (const TreeRow& row : rows) {
      const double v = Value(row, best_attribute);
      if (IsMissing(v)) {
        missing.push_back(row);
        continue;
      }
      const int branch = BranchOf(node, v);
      branch_rows[branch].push_back(row);
      node.branch_fractions[branch] += row.weight;
      known_total += row.weight;
    }
    for (double& fraction : node.branch_fractions) fraction /= known_total;
    for (const TreeRow& row : missing) {
      for (int b = 0; b < num_branches; ++b) {
        if (node.branch_fractions[b] > 0) {
          branch_rows[b].push_back({row.index, row.weight * node.branch_fractions[b]});
        }
      }
    }
    const std::vector<double> distribution = node.distribution;
    const int first_child = static_cast<int>(tree.size());
    node.first_child = first_child;
    tree.resize(tree.size() + num_branches);  // `node` is invalid from here on
    for (int b = 0; b < num_branches; ++b) {
      GrowNode(tree, first_child + b, branch_rows[b], distribution, depth + 1, random);
    }
  }

  struct SortedValue {
    double value;
    double weight;
    int class_index;
  };

  const Dataset& data_;
  const std::vector<int>& class_of_;
  const std::vector<int> split_attributes_;
  const int attributes_per_node_;
  const int max_depth_;
  const int num_classes_;
  // The values of each split attribute, attribute by attribute: a split scans one attribute.
  std::vector<std::vector<double>> columns_;
  std::vector<SortedValue> sorted_;  // reused by NumericSplit
};

void AddTreeDistribution(const Dataset& header, const RandomTree& tree, int node_index,
                         const Instance& instance, double weight, std::vector<double>& sum) {
  const RandomTreeNode& node = tree[node_index];
  if (node.attribute < 0) {
    for (size_t c = 0; c < sum.size(); ++c) sum[c] += weight * node.distribution[c];
    return;
  }
  const double v = instance.values[node.attribute];
  if (IsMissing(v)) {
    for (size_t b = 0; b < node.branch_fractions.size(); ++b) {
      if (node.branch_fractions[b] > 0) {
        AddTreeDistribution(header, tree, node.first_child + static_cast<int>(b), instance,
                            weight * node.branch_fractions[b], sum);
      }
    }
    return;
  }
  const int branch = header.attributes[node.attribute].type == AttributeType::kNominal
                         ? static_cast<int>(v)
                         : (v <= node.threshold ? 0 : 1);
  AddTreeDistribution(header, tree, node.first_child + branch, instance, weight, sum);
}

absl::Status CheckInstance(const Dataset& header, const Instance& instance) {
  if (static_cast<int>(instance.values.size()) != header.num_attributes()) {
    return absl::InvalidArgumentError(
        absl::StrCat("random forest: instance has ", instance.values.size(),
                     " values, the training data ", header.num_attributes(), " attributes"));
  }
  for (int a = 0; a < header.num_attributes(); ++a) {
    const double v = instance.values[a];
    if (a == header.class_index || IsMissing(v)) continue;
    const Attribute& attribute = header.attributes[a];
    if (attribute.type == AttributeType::kNominal &&
        (v < 0 || v >= attribute.values.size() || v != std::floor(v))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "random forest: value ", v, " of nominal attribute '", attribute.name,
          "' is out of range"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int> IntOption(const std::map<std::string, std::string>& options,
                              const std::string& name, int default_value, int minimum) {
  auto it = options.find(name);
  if (it == options.end()) return default_value;
  int value;
  if (!absl::SimpleAtoi(it->second, &value) || value < minimum) {
    return absl::InvalidArgumentError(absl::StrCat("option ", name, "=", it->second,
                                                   " is not an integer >= ", minimum));
  }
  return value;
}

}  // namespace

absl::Status RandomForestClassifier::Train(const Dataset& data) {
  if (options_.num_trees < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("random forest needs num_trees >= 1, got ", options_.num_trees));
  }
  if (options_.max_depth < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("random forest needs max_depth >= 0, got ", options_.max_depth));
  }
  RETURN_IF_ERROR(data.ValidateForClassification());
  std::vector<int> split_attributes;
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (a == data.class_index) continue;
    if (data.attributes[a].type == AttributeType::kString) {
      return absl::InvalidArgumentError(absl::StrCat("random forest cannot split on string "
                                                     "attribute '", data.attributes[a].name,
                                                     "' of '", data.relation, "'"));
    }
    split_attributes.push_back(a);
  }
  std::vector<int> class_of(data.num_instances());
  std::vector<int> known;  // instances with a known class: the population bootstraps draw from
  for (int i = 0; i < data.num_instances(); ++i) {
    class_of[i] = data.ClassOf(i);
    if (class_of[i] >= 0) known.push_back(i);
  }
  if (known.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("random forest: '", data.relation, "' has no instance with a known class"));
  }
  header_.relation = data.relation;
  header_.attributes = data.attributes;
  header_.class_index = data.class_index;
  header_.instances.clear();
  const int num_attributes = static_cast<int>(split_attributes.size());
  attributes_per_node_ = num_attributes > 0 ? static_cast<int>(std::log2(num_attributes)) + 1 : 0;

  const int n = static_cast<int>(known.size());
  const int num_classes = data.num_classes();
  RandomTreeGrower grower(data, class_of, split_attributes, attributes_per_node_,
                          options_.max_depth);
  // Every tree draws from its own generator, seeded from the forest's: mt19937 spelled out, as
  // std:: distributions differ between standard libraries.
  std::mt19937 forest_random(options_.seed);
  std::vector<std::vector<double>> out_of_bag_votes(n, std::vector<double>(num_classes, 0.0));
  std::vector<int> times_drawn(n);
  trees_.clear();
  for (int t = 0; t < options_.num_trees; ++t) {
    std::mt19937 tree_random(forest_random());
    std::fill(times_drawn.begin(), times_drawn.end(), 0);
    for (int draw = 0; draw < n; ++draw) ++times_drawn[tree_random() % n];
    std::vector<TreeRow> rows;
    for (int k = 0; k < n; ++k) {
      if (times_drawn[k] > 0) {
        rows.push_back({known[k], times_drawn[k] * data.instances[known[k]].weight});
      }
    }
    trees_.push_back(grower.Grow(rows, tree_random));
    for (int k = 0; k < n; ++k) {
      if (times_drawn[k] == 0) {
        AddTreeDistribution(header_, trees_.back(), 0, data.instances[known[k]], 1.0,
                            out_of_bag_votes[k]);
      }
    }
  }
  out_of_bag_weight_ = out_of_bag_errors_ = 0;
  for (int k = 0; k < n; ++k) {
    const std::vector<double>& votes = out_of_bag_votes[k];
    if (*std::max_element(votes.begin(), votes.end()) <= 0) continue;  // in every sample
    const double weight = data.instances[known[k]].weight;
    out_of_bag_weight_ += weight;
    if (MostProbableClass(votes) != class_of[known[k]]) out_of_bag_errors_ += weight;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> RandomForestClassifier::Distribution(
    const Instance& instance) const {
  if (trees_.empty()) return absl::FailedPreconditionError("random forest is not trained");
  RETURN_IF_ERROR(CheckInstance(header_, instance));
  std::vector<double> sum(header_.num_classes(), 0.0);
  for (const RandomTree& tree : trees_) AddTreeDistribution(header_, tree, 0, instance, 1.0, sum);
  double total = 0;
  for (double p : sum) total += p;
  for (double& p : sum) p /= total;
  return sum;
}

std::string RandomForestClassifier::Describe() const {
  return absl::StrCat("Random forest (num_trees=", options_.num_trees, ", seed=", options_.seed,
                      ", max_depth=",
                      options_.max_depth == 0 ? "unlimited" : absl::StrCat(options_.max_depth),
                      ", floor(log2(M)) + 1 random attributes per node, unpruned)");
}

absl::StatusOr<double> RandomForestClassifier::OutOfBagError() const {
  if (trees_.empty()) return absl::FailedPreconditionError("random forest is not trained");
  if (out_of_bag_weight_ <= 0) {
    return absl::FailedPreconditionError(
        "random forest: every training instance was in every bootstrap sample, so there is no "
        "out-of-bag estimate");
  }
  return out_of_bag_errors_ / out_of_bag_weight_;
}

absl::Status RandomForestClassifier::SaveState(ModelState* state) const {
  if (trees_.empty()) return absl::FailedPreconditionError("random forest is not trained");
  RandomForestState& forest = *state->mutable_random_forest();
  forest.Clear();
  for (const RandomTree& tree : trees_) {
    RandomTreeState& saved_tree = *forest.add_trees();
    for (const RandomTreeNode& node : tree) {
      RandomTreeNodeState& saved = *saved_tree.add_nodes();
      saved.set_attribute(node.attribute);
      saved.set_threshold(node.threshold);
      saved.set_first_child(node.first_child);
      saved.mutable_branch_fractions()->Add(node.branch_fractions.begin(),
                                            node.branch_fractions.end());
      saved.mutable_distribution()->Add(node.distribution.begin(), node.distribution.end());
    }
  }
  forest.set_attributes_per_node(attributes_per_node_);
  forest.set_out_of_bag_weight(out_of_bag_weight_);
  forest.set_out_of_bag_errors(out_of_bag_errors_);
  return absl::OkStatus();
}

absl::Status RandomForestClassifier::LoadState(const Dataset& header, const ModelState& state) {
  if (!state.has_random_forest()) {
    return absl::InvalidArgumentError("the state is not a random forest state");
  }
  const RandomForestState& forest = state.random_forest();
  if (forest.trees_size() == 0) {
    return absl::InvalidArgumentError("random forest state has no trees");
  }
  if (!std::isfinite(forest.out_of_bag_weight()) || forest.out_of_bag_weight() < 0 ||
      !std::isfinite(forest.out_of_bag_errors()) || forest.out_of_bag_errors() < 0) {
    return absl::InvalidArgumentError("random forest state: bad out-of-bag weights");
  }
  auto probability = [](double p) { return std::isfinite(p) && p >= 0; };
  std::vector<RandomTree> trees;
  for (int t = 0; t < forest.trees_size(); ++t) {
    const RandomTreeState& saved_tree = forest.trees(t);
    const int size = saved_tree.nodes_size();
    if (size == 0) {
      return absl::InvalidArgumentError(absl::StrCat("random forest state: tree ", t + 1,
                                                     " has no nodes"));
    }
    RandomTree& tree = trees.emplace_back();
    for (int i = 0; i < size; ++i) {
      const RandomTreeNodeState& saved = saved_tree.nodes(i);
      auto fail = [t, i](const std::string& message) {
        return absl::InvalidArgumentError(
            absl::StrCat("random forest state: tree ", t + 1, ", node ", i + 1, ": ", message));
      };
      RandomTreeNode& node = tree.emplace_back();
      node.attribute = saved.attribute();
      node.threshold = saved.threshold();
      node.first_child = saved.first_child();
      node.branch_fractions.assign(saved.branch_fractions().begin(),
                                   saved.branch_fractions().end());
      node.distribution.assign(saved.distribution().begin(), saved.distribution().end());
      if (node.attribute == -1) {
        double total = 0;
        for (double p : node.distribution) {
          if (!probability(p)) return fail(absl::StrCat("leaf probability ", p));
          total += p;
        }
        if (static_cast<int>(node.distribution.size()) != header.num_classes() || !(total > 0)) {
          return fail(absl::StrCat("a leaf needs ", header.num_classes(),
                                   " probabilities with a positive sum, has ",
                                   node.distribution.size()));
        }
        continue;
      }
      if (node.attribute < 0 || node.attribute >= header.num_attributes() ||
          node.attribute == header.class_index) {
        return fail(absl::StrCat("split attribute ", node.attribute, " is not an attribute"));
      }
      const Attribute& attribute = header.attributes[node.attribute];
      if (attribute.type == AttributeType::kString) {
        return fail("split on string attribute " + attribute.name);
      }
      const int branches = attribute.type == AttributeType::kNominal
                               ? static_cast<int>(attribute.values.size())
                               : 2;
      if (static_cast<int>(node.branch_fractions.size()) != branches ||
          node.first_child <= i || node.first_child > size - branches) {
        return fail(absl::StrCat("the split on ", attribute.name, " has ",
                                 node.branch_fractions.size(), " branches from node ",
                                 node.first_child + 1, "; expected ", branches,
                                 " after this node"));
      }
      double total = 0;
      for (double fraction : node.branch_fractions) {
        if (!probability(fraction)) return fail(absl::StrCat("branch fraction ", fraction));
        total += fraction;
      }
      if (!(total > 0) || !std::isfinite(node.threshold)) {
        return fail(absl::StrCat("the split on ", attribute.name, " has threshold ",
                                 node.threshold, " and branch fractions summing to ", total));
      }
    }
  }
  header_ = header;
  header_.instances.clear();
  trees_ = std::move(trees);
  attributes_per_node_ = forest.attributes_per_node();
  out_of_bag_weight_ = forest.out_of_bag_weight();
  out_of_bag_errors_ = forest.out_of_bag_errors();
  return absl::OkStatus();
}

absl::StatusOr<ClassifierFactory> RandomForestFactoryFromOptions(
    const std::map<std::string, std::string>& options) {
  const std::vector<std::string> accepted = {"max_depth", "num_trees", "seed"};
  for (const auto& [name, value] : options) {
    if (std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("classifier 'rf' has no option '", name,
                       "' (it accepts: ", absl::StrJoin(accepted, ", "), ")"));
    }
  }
  RandomForestOptions forest;
  ASSIGN_OR_RETURN(forest.num_trees, IntOption(options, "num_trees", forest.num_trees, 1));
  ASSIGN_OR_RETURN(forest.max_depth, IntOption(options, "max_depth", forest.max_depth, 0));
  if (auto it = options.find("seed");
      it != options.end() && !absl::SimpleAtoi(it->second, &forest.seed)) {
    return absl::InvalidArgumentError(
        absl::StrCat("option seed=", it->second, " is not an integer from 0 to 4294967295"));
  }
  return ClassifierFactory([forest]() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<RandomForestClassifier>(forest);
  });
}

}  // namespace sentio
