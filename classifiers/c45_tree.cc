#include "classifiers/c45_tree.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "classifiers/c45_pruning.h"
#include "sensing/status_macros.h"

namespace sentio {
namespace {

std::unique_ptr<C45Node> GrowTree(const C45TrainingSet& training, std::vector<WeightedRow> rows,
                                  const C45SplitOptions& options) {
  auto node = std::make_unique<C45Node>();
  node->split = SelectC45Split(training, rows, options);
  if (node->split.num_subsets() > 1) {
    std::vector<std::vector<WeightedRow>> subsets = PartitionRows(training, rows, node->split);
    for (auto& subset : subsets)
      node->children.push_back(GrowTree(training, std::move(subset), options));
  } else {
    node->is_empty = C45Equal(SumOfWeights(rows), 0);
  }
  node->rows = std::move(rows);
  return node;
}

void ForgetTrainingRows(C45Node& node) {
  node.rows = {};
  for (auto& child : node.children) ForgetTrainingRows(*child);
}

void AddProbabilities(const C45Node& node, const Instance& instance, double weight,
                      std::vector<double>& probabilities) {
  const ClassDistribution& d = node.split.distribution;
  if (node.is_leaf()) {
    for (size_t c = 0; c < probabilities.size(); ++c) probabilities[c] += weight * d.Probability(c);
    return;
  }
  const int subset = node.split.SubsetOf(instance);
  if (subset < 0) {
    const std::vector<double> fractions = node.split.SubsetFractions();
    for (size_t i = 0; i < node.children.size(); ++i) {
      if (node.children[i]->is_empty) continue;
      AddProbabilities(*node.children[i], instance, weight * fractions[i], probabilities);
    }
  } else if (node.children[subset]->is_empty) {
    for (size_t c = 0; c < probabilities.size(); ++c) {
      probabilities[c] += weight * d.Probability(c, subset);
    }
  } else {
    AddProbabilities(*node.children[subset], instance, weight, probabilities);
  }
}

// A weight rounded to two decimals and written as Java writes a double ("50.0", "228.39").
std::string FormatWeight(double weight) {
  return FormatJavaDouble(std::floor(weight * 100 + 0.5) / 100);
}

// J48's leaf label: the majority class of subset `bag`, its weight and, when not zero, the weight
// of the other classes.
std::string LeafLabel(const ClassDistribution& d, int bag, const Attribute& class_attribute) {
  std::string label =
      absl::StrCat(class_attribute.values[d.MaxClass(bag)], " (", FormatWeight(d.per_bag(bag)));
  if (C45Greater(d.NumIncorrect(bag), 0))
    absl::StrAppend(&label, "/", FormatWeight(d.NumIncorrect(bag)));
  return label + ")";
}

void PrintSubtree(const C45Node& node, int depth, const Dataset& header, std::string& text) {
  for (size_t i = 0; i < node.children.size(); ++i) {
    text += "\n";
    for (int level = 0; level < depth; ++level) text += "|   ";
    text += node.split.Condition(i, header);
    const C45Node& child = *node.children[i];
    if (child.is_leaf()) {
      absl::StrAppend(&text, ": ", LeafLabel(node.split.distribution, i, header.class_attribute()));
    } else {
      PrintSubtree(child, depth + 1, header, text);
    }
  }
}

int CountNodes(const C45Node& node, bool leaves_only) {
  if (node.is_leaf()) return 1;
  int count = leaves_only ? 0 : 1;
  for (const auto& child : node.children) count += CountNodes(*child, leaves_only);
  return count;
}

absl::Status CheckInstance(const Dataset& header, const Instance& instance) {
  if (static_cast<int>(instance.values.size()) != header.num_attributes()) {
    return absl::InvalidArgumentError(absl::StrCat("C4.5: instance has ", instance.values.size(),
                                                   " values, the training data ",
                                                   header.num_attributes(), " attributes"));
  }
  for (int a = 0; a < header.num_attributes(); ++a) {
    const double v = instance.values[a];
    if (a == header.class_index || IsMissing(v)) continue;
    const Attribute& attribute = header.attributes[a];
    if (attribute.type == AttributeType::kNominal &&
        (v < 0 || v >= attribute.values.size() || v != std::floor(v))) {
      return absl::InvalidArgumentError(absl::StrCat("C4.5: value ", v, " of nominal attribute '",
                                                     attribute.name, "' is out of range"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> BoolOption(const std::map<std::string, std::string>& options,
                                const std::string& name) {
  auto it = options.find(name);
  if (it == options.end()) return false;
  bool value;
  if (!absl::SimpleAtob(it->second, &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("option ", name, "=", it->second, " is not true or false"));
  }
  return value;
}

}  // namespace

absl::Status C45Classifier::Train(const Dataset& data) {
  if (!(options_.confidence > 0 && options_.confidence <= 0.5)) {
    return absl::InvalidArgumentError(
        absl::StrCat("C4.5 needs a confidence in (0, 0.5], got ", options_.confidence));
  }
  if (options_.min_leaf < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("C4.5 needs min_leaf >= 1, got ", options_.min_leaf));
  }
  RETURN_IF_ERROR(data.ValidateForClassification());
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (a != data.class_index && data.attributes[a].type == AttributeType::kString) {
      return absl::InvalidArgumentError(absl::StrCat("C4.5 cannot split on string attribute '",
                                                     data.attributes[a].name, "' of '",
                                                     data.relation, "'"));
    }
  }
  C45TrainingSet training{&data, {}, std::vector<int>(data.num_instances())};
  for (int i = 0; i < data.num_instances(); ++i) {
    training.class_of[i] = data.ClassOf(i);
    if (training.class_of[i] >= 0) training.rows.push_back({i, data.instances[i].weight});
  }
  if (training.rows.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("C4.5: '", data.relation, "' has no instance with a known class"));
  }
  header_.relation = data.relation;
  header_.attributes = data.attributes;
  header_.class_index = data.class_index;

  root_ = GrowTree(training, training.rows, {options_.min_leaf, options_.binary_splits});
  CollapseC45Tree(*root_);
  if (!options_.unpruned) {
    PruneC45Tree(training, static_cast<float>(options_.confidence), *root_);
  }
  ForgetTrainingRows(*root_);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> C45Classifier::Distribution(const Instance& instance) const {
  if (root_ == nullptr) return absl::FailedPreconditionError("C4.5 is not trained");
  RETURN_IF_ERROR(CheckInstance(header_, instance));
  std::vector<double> probabilities(header_.num_classes(), 0.0);
  AddProbabilities(*root_, instance, 1.0, probabilities);
  // Every split has a subset with training weight, so the sum is positive.
  double sum = 0;
  for (double p : probabilities) sum += p;
  for (double& p : probabilities) p /= sum;
  return probabilities;
}

std::string C45Classifier::Describe() const {
  return absl::StrCat("C4.5 (as Weka's J48: confidence=", options_.confidence,
                      ", min_leaf=", options_.min_leaf,
                      options_.unpruned ? ", unpruned" : ", pruned with subtree raising",
                      options_.binary_splits ? ", binary nominal splits" : "", ")");
}

absl::StatusOr<std::string> C45Classifier::ToJ48String() const {
  if (root_ == nullptr) return absl::FailedPreconditionError("C4.5 is not trained");
  std::string text = options_.unpruned ? "J48 unpruned tree\n" : "J48 pruned tree\n";
  text += "------------------\n";
  if (root_->is_leaf()) {
    absl::StrAppend(&text, ": ",
                    LeafLabel(root_->split.distribution, 0, header_.class_attribute()));
  } else {
    PrintSubtree(*root_, 0, header_, text);
  }
  absl::StrAppend(&text, "\n\nNumber of Leaves  : \t", NumLeaves(), "\n");
  absl::StrAppend(&text, "\nSize of the tree : \t", TreeSize(), "\n");
  return text;
}

int C45Classifier::NumLeaves() const {
  return root_ == nullptr ? 0 : CountNodes(*root_, /*leaves_only=*/true);
}

int C45Classifier::TreeSize() const {
  return root_ == nullptr ? 0 : CountNodes(*root_, /*leaves_only=*/false);
}

absl::StatusOr<ClassifierFactory> C45FactoryFromOptions(
    const std::map<std::string, std::string>& options) {
  const std::vector<std::string> accepted = {"binary_splits", "confidence", "min_leaf", "unpruned"};
  for (const auto& [name, value] : options) {
    if (std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("classifier 'c45' has no option '", name,
                       "' (it accepts: ", absl::StrJoin(accepted, ", "), ")"));
    }
  }
  C45Options c45;
  if (auto it = options.find("confidence"); it != options.end()) {
    if (!absl::SimpleAtod(it->second, &c45.confidence) ||
        !(c45.confidence > 0 && c45.confidence <= 0.5)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option confidence=", it->second, " is not a number in (0, 0.5]"));
    }
  }
  if (auto it = options.find("min_leaf"); it != options.end()) {
    if (!absl::SimpleAtoi(it->second, &c45.min_leaf) || c45.min_leaf < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("option min_leaf=", it->second, " is not a positive integer"));
    }
  }
  ASSIGN_OR_RETURN(c45.unpruned, BoolOption(options, "unpruned"));
  ASSIGN_OR_RETURN(c45.binary_splits, BoolOption(options, "binary_splits"));
  return ClassifierFactory([c45]() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<C45Classifier>(c45);
  });
}

}  // namespace sentio
