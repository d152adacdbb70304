#include "classifiers/c45_tree.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "classifiers/c45_pruning.h"
#include "classifiers/model_file.pb.h"

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

void SaveNode(const C45Node& node, C45NodeState& saved) {
  const C45Split& split = node.split;
  switch (split.kind) {
    case C45SplitKind::kNone:
      saved.set_kind(C45NodeState::LEAF);
      break;
    case C45SplitKind::kNominal:
      saved.set_kind(C45NodeState::NOMINAL);
      break;
    case C45SplitKind::kNominalBinary:
      saved.set_kind(C45NodeState::NOMINAL_BINARY);
      break;
    case C45SplitKind::kNumeric:
      saved.set_kind(C45NodeState::NUMERIC);
      break;
  }
  saved.set_attribute(split.attribute);
  saved.set_value(split.value);
  saved.set_threshold(split.threshold);
  saved.set_binary_model(split.binary_model);
  const ClassDistribution& d = split.distribution;
  for (int bag = 0; bag < d.num_bags(); ++bag) {
    for (int c = 0; c < d.num_classes(); ++c) saved.add_class_weights(d.weight(bag, c));
    saved.add_bag_weights(d.per_bag(bag));
  }
  for (int c = 0; c < d.num_classes(); ++c) saved.add_class_totals(d.per_class(c));
  saved.set_total(d.total());
  saved.set_is_empty(node.is_empty);
  for (const auto& child : node.children) SaveNode(*child, *saved.add_children());
}

absl::StatusOr<std::unique_ptr<C45Node>> LoadNode(const Dataset& header, const C45NodeState& saved,
                                                  const std::string& where) {
  auto fail = [&where](const std::string& message) {
    return absl::InvalidArgumentError(absl::StrCat("C4.5 state, node ", where, ": ", message));
  };
  auto node = std::make_unique<C45Node>();
  C45Split& split = node->split;
  const int num_classes = header.num_classes();
  const int num_bags = saved.bag_weights_size();
  if (num_bags < 1 || saved.class_weights_size() != num_bags * num_classes ||
      saved.class_totals_size() != num_classes) {
    return fail(absl::StrCat(saved.class_weights_size(), " class weights, ", num_bags,
                             " bag weights and ", saved.class_totals_size(),
                             " class totals do not fit ", num_classes, " classes"));
  }
  auto finite_weight = [](double w) { return std::isfinite(w) && w >= -kC45Tolerance; };
  bool weights_ok = finite_weight(saved.total());
  for (double w : saved.class_weights()) weights_ok = weights_ok && finite_weight(w);
  for (double w : saved.bag_weights()) weights_ok = weights_ok && finite_weight(w);
  double class_sum = 0;
  for (double w : saved.class_totals()) {
    weights_ok = weights_ok && finite_weight(w);
    class_sum += w;
  }
  if (!weights_ok) return fail("a weight is negative or not finite");
  node->is_empty = saved.is_empty();
  if (!node->is_empty && !(C45Greater(saved.total(), 0) && C45Greater(class_sum, 0))) {
    return fail("a non-empty node has no training weight");
  }
  std::vector<std::vector<double>> per_class_per_bag;
  for (int bag = 0; bag < num_bags; ++bag) {
    per_class_per_bag.emplace_back(saved.class_weights().begin() + bag * num_classes,
                                   saved.class_weights().begin() + (bag + 1) * num_classes);
  }
  split.distribution = ClassDistribution(
      std::move(per_class_per_bag), {saved.bag_weights().begin(), saved.bag_weights().end()},
      {saved.class_totals().begin(), saved.class_totals().end()}, saved.total());
  split.binary_model = saved.binary_model();
  if (saved.kind() == C45NodeState::LEAF) {
    if (saved.children_size() != 0) return fail("a leaf has children");
    return node;
  }
  if (node->is_empty) return fail("an empty node has children");
  split.attribute = saved.attribute();
  if (split.attribute < 0 || split.attribute >= header.num_attributes() ||
      split.attribute == header.class_index) {
    return fail(absl::StrCat("split attribute ", split.attribute, " is not an attribute"));
  }
  const Attribute& attribute = header.attributes[split.attribute];
  int expected_bags = 2;
  switch (saved.kind()) {
    case C45NodeState::NOMINAL:
      split.kind = C45SplitKind::kNominal;
      expected_bags = static_cast<int>(attribute.values.size());
      if (attribute.type != AttributeType::kNominal)
        return fail("nominal split on " + attribute.name);
      break;
    case C45NodeState::NOMINAL_BINARY:
      split.kind = C45SplitKind::kNominalBinary;
      split.value = saved.value();
      if (attribute.type != AttributeType::kNominal || split.value < 0 ||
          split.value >= static_cast<int>(attribute.values.size())) {
        return fail(absl::StrCat("binary split on value ", split.value, " of ", attribute.name));
      }
      break;
    case C45NodeState::NUMERIC:
      split.kind = C45SplitKind::kNumeric;
      split.threshold = saved.threshold();
      if ((attribute.type != AttributeType::kNumeric && attribute.type != AttributeType::kDate) ||
          !std::isfinite(split.threshold)) {
        return fail(absl::StrCat("numeric split on ", attribute.name, " at ", split.threshold));
      }
      break;
    default:
      return fail(absl::StrCat("unknown split kind ", saved.kind()));
  }
  if (num_bags != expected_bags || saved.children_size() != expected_bags) {
    return fail(absl::StrCat("the split on ", attribute.name, " has ", num_bags, " bags and ",
                             saved.children_size(), " children, expected ", expected_bags));
  }
  bool any_nonempty_child = false;
  for (int i = 0; i < saved.children_size(); ++i) {
    ASSIGN_OR_RETURN(std::unique_ptr<C45Node> child,
                     LoadNode(header, saved.children(i), absl::StrCat(where, ".", i + 1)));
    any_nonempty_child = any_nonempty_child || !child->is_empty;
    node->children.push_back(std::move(child));
  }
  if (!any_nonempty_child) return fail("every child is empty");
  return node;
}

}  // namespace

absl::Status C45Classifier::SaveState(ModelState* state) const {
  if (root_ == nullptr) return absl::FailedPreconditionError("C4.5 is not trained");
  state->mutable_c45()->Clear();
  SaveNode(*root_, *state->mutable_c45()->mutable_root());
  return absl::OkStatus();
}

absl::Status C45Classifier::LoadState(const Dataset& header, const ModelState& state) {
  if (!state.has_c45() || !state.c45().has_root()) {
    return absl::InvalidArgumentError("the state is not a C4.5 tree");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<C45Node> root, LoadNode(header, state.c45().root(), "root"));
  if (root->is_empty) return absl::InvalidArgumentError("C4.5 state: the root is empty");
  root_ = std::move(root);
  header_.relation = header.relation;
  header_.attributes = header.attributes;
  header_.class_index = header.class_index;
  header_.instances.clear();
  return absl::OkStatus();
}

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
