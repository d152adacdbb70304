#include "classifiers/c45_pruning.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace sentio {
namespace {

// The standard normal quantile, by bisection on the distribution function.
double NormalQuantile(double p) {
  double low = -40, high = 40;
  for (int i = 0; i < 200; ++i) {
    const double middle = (low + high) / 2;
    if (middle == low || middle == high) break;
    (0.5 * std::erfc(-middle / std::sqrt(2.0)) < p ? low : high) = middle;
  }
  return (low + high) / 2;
}

void MakeLeaf(C45Node& node) {
  node.children.clear();
  node.split.kind = C45SplitKind::kNone;
  node.split.distribution = ClassDistribution::AllInOneBag(node.split.distribution);
}

double TrainingErrors(const C45Node& node) {
  if (node.is_leaf()) return node.split.distribution.NumIncorrect();
  double errors = 0;
  for (const auto& child : node.children) errors += TrainingErrors(*child);
  return errors;
}

double EstimatedErrors(const ClassDistribution& d, float confidence) {
  if (C45Equal(d.total(), 0)) return 0;
  return d.NumIncorrect() + AddedErrors(d.total(), d.NumIncorrect(), confidence);
}

double EstimatedErrors(const C45Node& node, float confidence) {
  if (node.is_leaf()) return EstimatedErrors(node.split.distribution, confidence);
  double errors = 0;
  for (const auto& child : node.children) errors += EstimatedErrors(*child, confidence);
  return errors;
}

// The estimated errors of the subtree at `node` if `rows` (not its own data) went through it.
double EstimatedErrorsForRows(const C45TrainingSet& training, float confidence, const C45Node& node,
                              const std::vector<WeightedRow>& rows) {
  if (node.is_leaf()) return EstimatedErrors(LeafSplit(training, rows).distribution, confidence);
  C45Split split = node.split;
  ResetDistribution(training, rows, split);
  const std::vector<std::vector<WeightedRow>> subsets = PartitionRows(training, rows, split);
  double errors = 0;
  for (size_t i = 0; i < node.children.size(); ++i) {
    errors += EstimatedErrorsForRows(training, confidence, *node.children[i], subsets[i]);
  }
  return errors;
}

// Sends `rows` down the subtree at `node` as its new training data.
void SetTrainingRows(const C45TrainingSet& training, std::vector<WeightedRow> rows, C45Node& node) {
  ResetDistribution(training, rows, node.split);
  if (node.is_leaf()) {
    if (!C45Equal(SumOfWeights(rows), 0)) node.is_empty = false;
  } else {
    std::vector<std::vector<WeightedRow>> subsets = PartitionRows(training, rows, node.split);
    for (size_t i = 0; i < node.children.size(); ++i) {
      SetTrainingRows(training, std::move(subsets[i]), *node.children[i]);
    }
  }
  node.rows = std::move(rows);
}

}  // namespace

double AddedErrors(double total, double errors, float confidence) {
  if (confidence > 0.5f) return 0;  // Weka leaves the estimate alone
  if (errors < 1) {
    // Exact for no errors; C4.5 interpolates linearly between 0 and 1 error.
    const double base = total * (1 - std::pow(static_cast<double>(confidence), 1 / total));
    if (errors == 0) return base;
    return base + errors * (AddedErrors(total, 1, confidence) - base);
  }
  // Near the top the continuity correction breaks the normal approximation.
  if (errors + 0.5 >= total) return std::max(total - errors, 0.0);
  const double z = NormalQuantile(static_cast<double>(1.0f - confidence));
  const double f = (errors + 0.5) / total;
  const double upper = (f + z * z / (2 * total) +
                        z * std::sqrt(f / total - f * f / total + z * z / (4 * total * total))) /
                       (1 + z * z / total);
  return upper * total - errors;
}

void CollapseC45Tree(C45Node& node) {
  if (node.is_leaf()) return;
  if (TrainingErrors(node) >= node.split.distribution.NumIncorrect() - 1e-3) {
    MakeLeaf(node);
    return;
  }
  for (auto& child : node.children) CollapseC45Tree(*child);
}

void PruneC45Tree(const C45TrainingSet& training, float confidence, C45Node& node) {
  if (node.is_leaf()) return;
  for (auto& child : node.children) PruneC45Tree(training, confidence, *child);

  const int largest = node.split.distribution.MaxBag();
  const double errors_largest_branch =
      EstimatedErrorsForRows(training, confidence, *node.children[largest], node.rows);
  const double errors_leaf = EstimatedErrors(node.split.distribution, confidence);
  const double errors_tree = EstimatedErrors(node, confidence);
  if (C45SmallerOrEqual(errors_leaf, errors_tree + 0.1) &&
      C45SmallerOrEqual(errors_leaf, errors_largest_branch + 0.1)) {
    MakeLeaf(node);
    return;
  }
  if (C45SmallerOrEqual(errors_largest_branch, errors_tree + 0.1)) {
    // Subtree raising: the largest branch takes the node's place and all of its data.
    std::unique_ptr<C45Node> raised = std::move(node.children[largest]);
    node.split = std::move(raised->split);
    node.children = std::move(raised->children);
    SetTrainingRows(training, std::move(node.rows), node);
    PruneC45Tree(training, confidence, node);
  }
}

}  // namespace sentio
